import { assignmentLedgerPath } from './assignment-ledger';
import * as path from 'node:path';
import { createOneFileClient, OneFileError, resolveBaseUrl, type AssignPathReading, type CallInfo, type OneFileClient } from '../onefile';
import { readFindings, saveAssignPath, saveLearned, type EnvironmentFindings } from './environment-findings';
import { startSandbox, type RunningSandbox, type SandboxSwitches } from '../sandbox';
import { ensurePrivateFolder } from '../private-files';

/**
 * Connecting an import to a OneFile: a named environment (live, beta, practice), a
 * custom address, or the built-in sandbox. With `sandbox` the sandbox runs inside this
 * process with its state kept in the data folder, so a sandbox import can be run
 * again, resumed after a kill, and inspected, with no token at all.
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
  sandbox?: RunningSandbox;
  /** What was known of this environment when connecting (the probe's findings, the user's settings). */
  findings?: EnvironmentFindings;
  /** Saves what the client learned (an optional call refused) with the environment's findings. */
  rememberLearned(): void;
  /** New findings for this environment (a probe just ran): the client and the plan's notes use them from now on. */
  adoptFindings(findings: EnvironmentFindings): void;
  /** The customer token the client signs in with (the built-in sandbox's demo token for it): for a second client of the same environment. */
  readonly customerToken: string;
  close(): Promise<void>;
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
  sandboxSwitches?: Partial<SandboxSwitches>;
}

/** Where the built-in sandbox keeps its data. */
export function sandboxStatePath(dataDir: string): string {
  return path.join(dataDir, 'sandbox', 'state.json');
}

export function directoryCacheFolder(dataDir: string): string {
  return path.join(dataDir, 'directory-cache');
}

/** Where directories are cached: per environment (the built-in sandbox's address changes, its data does not). */
export function directoryCache(dataDir: string, environment: EnvironmentDescription): { folder: string; environmentKey: string } {
  return { folder: directoryCacheFolder(dataDir), environmentKey: environment.builtInSandbox ? 'sandbox' : environment.baseUrl };
}

/** The key the data kept about an environment goes by, from what a user types (`sandbox`, `live`, an address): as `directoryCache` has it. */
export function environmentKeyOf(environment: string): string {
  return environmentName(environment) === 'sandbox' ? 'sandbox' : resolveBaseUrl(environment);
}

/** The staff assignments this importer made in an organisation of that environment (see assignment-ledger.ts). */
export function assignmentLedger(dataDir: string, environment: EnvironmentDescription, organisationId: number): string {
  return assignmentLedgerPath(dataDir, directoryCache(dataDir, environment).environmentKey, organisationId);
}

function environmentName(environment: string): string {
  const name = environment.trim().toLowerCase();
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name) ? name : 'custom';
}

export async function connect(options: ConnectOptions): Promise<Connection> {
  // What follows writes learners' data into the data folder (caches, the sandbox, runs): private first.
  ensurePrivateFolder(options.dataDir);
  const name = environmentName(options.environment);
  let sandbox: RunningSandbox | undefined;
  let baseUrl: string;
  let customerToken = options.customerToken;
  if (name === 'sandbox') {
    ensurePrivateFolder(path.dirname(sandboxStatePath(options.dataDir)));
    sandbox = await startSandbox({
      ...options.sandboxSwitches,
      statePath: sandboxStatePath(options.dataDir),
      rateLimit: options.budgetPerMinute,
      windowMs: options.windowMs,
    });
    baseUrl = sandbox.baseUrl;
    customerToken = sandbox.customerToken;
  } else {
    baseUrl = resolveBaseUrl(options.environment);
    if (!customerToken) {
      throw new OneFileError({
        kind: 'auth',
        endpoint: 'environment',
        message: `No customer API token for ${name === 'custom' ? baseUrl : `OneFile ${name}`}: set ONEFILE_CUSTOMER_TOKEN (or use --env sandbox to try the built-in sandbox).`,
      });
    }
  }
  const environmentKey = sandbox ? 'sandbox' : baseUrl;
  if (options.assignPath) saveAssignPath(options.dataDir, environmentKey, options.assignPath);
  const findings = options.useFindings === false ? undefined : readFindings(options.dataDir, environmentKey);
  const client = createOneFileClient({
    baseUrl,
    customerToken,
    budgetPerMinute: options.budgetPerMinute,
    windowMs: options.windowMs,
    onCall: options.onCall,
    knowledge: {
      ...(options.useFindings === false ? {} : findings?.knowledge),
      ...(options.assignPath ? { assignPath: options.assignPath } : {}),
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, findings?.knowledge.pageCap ?? options.pageSize) } : {}),
    },
    // Importers in other processes with this token share its budget through the data folder.
    shareBudgetIn: options.dataDir,
  });
  const connection: Connection = {
    environment: { name, baseUrl, builtInSandbox: sandbox !== undefined },
    client,
    sandbox,
    findings,
    customerToken: customerToken!,
    adoptFindings(next) {
      connection.findings = next;
      client.adoptKnowledge({ ...next.knowledge, ...(options.pageSize ? { pageSize: Math.min(options.pageSize, next.knowledge.pageCap ?? options.pageSize) } : {}) });
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
export async function findOrganisation(client: Pick<OneFileClient, 'getCustomer' | 'searchOrganisations'>, organisationId: number): Promise<{ id: number; name: string; customer: string }> {
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
  return { id: organisation.ID, name: organisation.Name, customer: customer.Name };
}
