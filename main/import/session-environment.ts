import { assignmentLedgerPath } from './assignment-ledger';
import * as path from 'node:path';
import { createOneFileClient, OneFileError, resolveBaseUrl, type OneFileClient } from '../onefile';
import { startSandbox, type RunningSandbox } from '../sandbox';
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
}

/** Where the built-in sandbox keeps its data. */
export function sandboxStatePath(dataDir: string): string {
  return path.join(dataDir, 'sandbox', 'state.json');
}

/** Where directories are cached: per environment (the built-in sandbox's address changes, its data does not). */
export function directoryCache(dataDir: string, environment: EnvironmentDescription): { folder: string; environmentKey: string } {
  return { folder: path.join(dataDir, 'directory-cache'), environmentKey: environment.builtInSandbox ? 'sandbox' : environment.baseUrl };
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
  const client = createOneFileClient({
    baseUrl,
    customerToken,
    budgetPerMinute: options.budgetPerMinute,
    windowMs: options.windowMs,
  });
  return {
    environment: { name, baseUrl, builtInSandbox: sandbox !== undefined },
    client,
    sandbox,
    async close() {
      await client.close();
      await sandbox?.close();
    },
  };
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
