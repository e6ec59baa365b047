import { assignmentLedgerPath } from '../journal/assignment-ledger';
import * as path from 'node:path';
import { createOneFileClient, OneFileError, resolveBaseUrl, type AssignPathReading, type CallInfo, type NetworkOptions, type OneFileClient } from '../../onefile';
import { believedFindings, readFindings, readingsPastBelief, saveAssignPath, saveLearned, type EnvironmentFindings } from './findings';
import { newUserEmailsOf } from './new-user-emails';
import type { NewUserEmails } from '../../../shared/contract-run-types';

/**
 * An import's connection to a OneFile: the client, what is known of the environment,
 * and where the data kept about it lives. The faces decide which OneFile and start the
 * built-in sandbox when it is the one (main/connection); the engine only connects to
 * the endpoint it is given.
 *
 * The customer token is held only in the client: the connection's description (what
 * run.json records) names the environment and its address, never the token.
 */

export const ENVIRONMENT_NAMES = ['sandbox', 'practice', 'beta', 'live'] as const;

export interface EnvironmentDescription {
  /** `sandbox`, `practice`, `beta`, `live`, or `custom` for an address. */
  name: string;
  baseUrl: string;
  /** True when the built-in sandbox answered (its address changes every start). */
  builtInSandbox: boolean;
}

export interface Connection {
  environment: EnvironmentDescription;
  client: OneFileClient;
  /** The built-in sandbox, when it is the environment (tests look into it). */
  sandbox?: BuiltInSandbox;
  /** What was known of this environment when connecting (the probe's findings, the user's settings). */
  findings?: EnvironmentFindings;
  /** Saves what the client learned (an optional call refused) with the environment's findings. */
  rememberLearned(): void;
  /** New findings for this environment (a probe just ran): the client and the plan's notes use them from now on. */
  adoptFindings(findings: EnvironmentFindings): void;
  /**
   * Leaves out the readings of OneFile seen a week or more ago (see findings.ts), as a new
   * connection would: for a connection kept open for days, before each plan or run. The
   * readings left out, none when all are still believed.
   */
  forgetReadingsPastBelief(now?: Date): string[];
  /** The customer token the client signs in with (the built-in sandbox's demo token for it): for a second client of the same environment. */
  readonly customerToken: string;
  close(): Promise<void>;
}

/**
 * The built-in sandbox as the engine sees it: something to close with the connection
 * (and whose rate limit the app's budget setting follows). The engine never starts it.
 */
export interface BuiltInSandbox {
  close(): Promise<void>;
  switches: { rateLimit: number };
}

export interface ConnectOptions {
  /** `sandbox`, `practice`, `beta`, `live`, or a base URL. */
  environment: string;
  /** The customer API token; not needed for the built-in sandbox. */
  customerToken?: string;
  dataDir: string;
  budgetPerMinute?: number;
  /** The rate window (60 s; tests shorten it, and the built-in sandbox uses it too). */
  windowMs?: number;
  /** `POST User/{id}/Assign` reading for this environment: used now and remembered for it. Default: the remembered one, else staff-in-path. */
  assignPath?: AssignPathReading;
  /** Rows asked for per page of a search (default 100, or what the probe measured). */
  pageSize?: number;
  /** Start from the environment's findings (default). The probe starts from nothing, to measure afresh. */
  useFindings?: boolean;
  /** Told of every HTTP exchange (the probe counts them). */
  onCall?: (info: CallInfo) => void;
  /** For the built-in sandbox: play a OneFile that differs from the guides (tests). */
  sandboxSwitches?: Record<string, unknown>;
  /** The network's proxy and trusted authorities (default: the environment's proxy variables, the system's authorities where Node reads them). */
  network?: NetworkOptions;
}

/** Where the built-in sandbox keeps its data. */
export function sandboxStatePath(dataDir: string): string {
  return path.join(dataDir, 'sandbox', 'state.json');
}

export function directoryCacheFolder(dataDir: string): string {
  return path.join(dataDir, 'directory-cache');
}

/**
 * Where directories are cached: per environment (the built-in sandbox's address changes, its data does not).
 * `now` is the face's clock, when it has one: a cached reading's age is judged by it, as a plan's is (see PLAN_FRESH_MS).
 */
export function directoryCache(dataDir: string, environment: EnvironmentDescription, now?: () => Date): { folder: string; environmentKey: string; clock?: () => number } {
  return {
    folder: directoryCacheFolder(dataDir),
    environmentKey: environment.builtInSandbox ? 'sandbox' : environment.baseUrl,
    ...(now ? { clock: () => now().getTime() } : {}),
  };
}

/** The key the data kept about an environment goes by, from what a user types (`sandbox`, `live`, an address): as `directoryCache` has it. */
export function environmentKeyOf(environment: string): string {
  return environmentName(environment) === 'sandbox' ? 'sandbox' : resolveBaseUrl(environment);
}

/** The staff assignments, templates and users this importer made in an organisation of that environment (see assignment-ledger.ts). */
export function assignmentLedger(dataDir: string, environment: EnvironmentDescription, organisationId: number): string {
  return assignmentLedgerPath(dataDir, directoryCache(dataDir, environment).environmentKey, organisationId);
}

export function environmentName(environment: string): string {
  const name = environment.trim().toLowerCase();
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name) ? name : 'custom';
}

/** A OneFile to connect to: where it is and the token that opens it (the composition root found them, and started the built-in sandbox if that is the one). */
export interface Endpoint {
  /** `sandbox`, `practice`, `beta`, `live`, or `custom`. */
  name: string;
  baseUrl: string;
  customerToken: string;
  /** The built-in sandbox answering at `baseUrl`, closed with the connection. */
  builtInSandbox?: BuiltInSandbox;
}

/**
 * A client for an endpoint, starting from what is known of that environment (the
 * probe's findings, the user's settings): the engine's part of connecting. Which
 * OneFile, and whether the built-in sandbox runs, the faces decide (main/connection).
 */
export function connectTo(endpoint: Endpoint, options: Omit<ConnectOptions, 'environment' | 'customerToken' | 'sandboxSwitches'>): Connection {
  const sandbox = endpoint.builtInSandbox;
  const environmentKey = sandbox ? 'sandbox' : endpoint.baseUrl;
  if (options.assignPath) saveAssignPath(options.dataDir, environmentKey, options.assignPath);
  // Readings of a week ago or more are checked again (findings.ts, AGING_READINGS).
  const findings = options.useFindings === false ? undefined : believedFindings(readFindings(options.dataDir, environmentKey));
  const pageSize = (cap: number | undefined) => (options.pageSize ? { pageSize: Math.min(options.pageSize, cap ?? options.pageSize) } : {});
  const client = createOneFileClient({
    baseUrl: endpoint.baseUrl,
    customerToken: endpoint.customerToken,
    budgetPerMinute: options.budgetPerMinute,
    windowMs: options.windowMs,
    onCall: options.onCall,
    // The built-in sandbox answers on this computer: never through a proxy.
    network: sandbox ? { env: {} } : options.network,
    knowledge: {
      ...(options.useFindings === false ? {} : findings?.knowledge),
      ...(options.assignPath ? { assignPath: options.assignPath } : {}),
      ...pageSize(findings?.knowledge.pageCap),
    },
    // Importers in other processes with this token share its budget through the data folder.
    shareBudgetIn: options.dataDir,
    onLearned: (known) => {
      if (options.useFindings === false) return;
      try {
        saveLearned(options.dataDir, environmentKey, known);
      } catch {
        // Not the call's failure (the disk full, say): what was learned stays with this connection and is saved at its next chance.
      }
    },
  });
  const connection: Connection = {
    environment: { name: endpoint.name, baseUrl: endpoint.baseUrl, builtInSandbox: sandbox !== undefined },
    client,
    sandbox,
    findings,
    customerToken: endpoint.customerToken,
    adoptFindings(saved) {
      const next = believedFindings(saved)!;
      connection.findings = next;
      client.adoptKnowledge({ ...next.knowledge, ...pageSize(next.knowledge.pageCap) });
    },
    forgetReadingsPastBelief(now = new Date()) {
      if (options.useFindings === false) return [];
      const saved = readFindings(options.dataDir, environmentKey);
      const stale = readingsPastBelief(client.knowledge(), saved, now);
      if (stale.length === 0) return [];
      client.forgetReadings(stale);
      connection.findings = believedFindings(saved, now);
      return stale;
    },
    rememberLearned: () => {
      if (options.useFindings !== false) saveLearned(options.dataDir, environmentKey, client.knowledge());
    },
    async close() {
      await client.close();
      await sandbox?.close();
    },
  };
  return connection;
}

/**
 * The organisation's name, checking on the way that the token opens it: the customer
 * (GET Customer), then its organisations. Two calls.
 */
export async function findOrganisation(
  client: Pick<OneFileClient, 'getCustomer' | 'searchOrganisations'>,
  organisationId: number,
): Promise<{ id: number; name: string; customer: string; newUserEmails: NewUserEmails }> {
  const customer = await client.getCustomer();
  const organisations = await client.searchOrganisations(customer.ID);
  const organisation = organisations.find((o) => o.ID === organisationId);
  if (!organisation) {
    const known = organisations.map((o) => `${o.ID} (${o.Name})`).join(', ') || 'none';
    throw new OneFileError({
      kind: 'not-found',
      endpoint: 'POST Organisation/Search',
      message: `Organisation ${organisationId} is not one of ${customer.Name}'s organisations: ${known}. Check the organisation ID.`,
    });
  }
  return { id: organisation.ID, name: organisation.Name, customer: customer.Name, newUserEmails: newUserEmailsOf(organisation) };
}
