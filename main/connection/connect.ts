import * as path from 'node:path';
import {
  connectTo,
  environmentName,
  readRun,
  sandboxStatePath,
  type Connection,
  type ConnectOptions,
  type RunInfo,
} from '../import';
import { OneFileError, resolveBaseUrl, tidyCustomerToken } from '../onefile';
import { ensurePrivateFolder } from '../private-files';
import { SandboxStateDamaged, SandboxStateInUse, startSandbox, type SandboxSwitches } from '../sandbox';
import { AppError } from '../../shared/app-error';

/**
 * The composition roots' one way to a OneFile (the CLI's commands and the app's
 * service): a named environment (live, beta, practice), a custom address, or the
 * built-in sandbox. Only here is the built-in sandbox started: inside this process,
 * its state kept in the data folder, so a sandbox import can be run again, resumed
 * after a kill and inspected with no token at all. The engine gets the endpoint.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  // What follows writes learners' data into the data folder (caches, the sandbox, runs): private first.
  ensurePrivateFolder(options.dataDir);
  const name = environmentName(options.environment);
  if (name === 'sandbox') {
    ensurePrivateFolder(path.dirname(sandboxStatePath(options.dataDir)));
    const sandbox = await startSandbox({
      // The built-in sandbox admits what the budget says OneFile does, unless a switch says otherwise (a OneFile admitting fewer).
      rateLimit: options.budgetPerMinute,
      windowMs: options.windowMs,
      ...(options.sandboxSwitches as Partial<SandboxSwitches> | undefined),
      statePath: sandboxStatePath(options.dataDir),
    }).catch((error: unknown) => {
      if (error instanceof SandboxStateDamaged) {
        throw new AppError(
          'run-refused',
          `${error.path} ${error.problem}: it holds the built-in sandbox's data. Delete it and the sandbox starts again from its example data (what was imported into it is forgotten). Nothing was sent.`,
        );
      }
      if (!(error instanceof SandboxStateInUse)) throw error;
      throw new AppError(
        'run-active',
        `The built-in sandbox of the data folder ${options.dataDir} is in use by another command (${error.holder}): two at once would lose each other's learners. ` +
          'Wait for it to finish, or give this command another --data-dir. Nothing was sent.',
      );
    });
    try {
      return connectTo({ name, baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, builtInSandbox: sandbox }, options);
    } catch (error) {
      // No connection holds the sandbox to close it later: left listening, it would keep the command from ending.
      await sandbox.close();
      throw error;
    }
  }
  const baseUrl = resolveBaseUrl(options.environment);
  const customerToken = givenToken(options.customerToken);
  if (!customerToken) throw noToken(`${oneFileNamed(name, baseUrl)}: set ONEFILE_CUSTOMER_TOKEN (or use --env sandbox to try the built-in sandbox).`);
  return connectTo({ name, baseUrl, customerToken }, options);
}

const givenToken = (token: string | undefined) => (token === undefined ? undefined : tidyCustomerToken(token));

/** A named OneFile ("OneFile live") or, for a custom one, its address. */
const oneFileNamed = (name: string, baseUrl: string) => (name === 'custom' ? baseUrl : `OneFile ${name}`);

function noToken(words: string): OneFileError {
  return new OneFileError({ kind: 'auth', endpoint: 'environment', message: `No customer API token for ${words}` });
}

/** The OneFile a run was started against, at its recorded pace unless told otherwise: for resuming it. */
export async function connectForRun(
  dataDir: string,
  run: RunInfo | string,
  options: { customerToken?: string; budgetPerMinute?: number; windowMs?: number; network?: ConnectOptions['network'] },
): Promise<Connection> {
  const record = typeof run === 'string' ? readRun(dataDir, run) : run;
  const environment = record.environment.name === 'sandbox' ? 'sandbox' : record.environment.baseUrl;
  // A run goes back to the OneFile it was imported into: no --env to choose another (resume and undo have none).
  if (environment !== 'sandbox' && !givenToken(options.customerToken)) {
    throw noToken(`${oneFileNamed(record.environment.name, record.environment.baseUrl)}, where run ${record.runId} was imported: set ONEFILE_CUSTOMER_TOKEN to its customer token, then run the command again.`);
  }
  return connect({
    environment,
    customerToken: options.customerToken,
    dataDir,
    budgetPerMinute: options.budgetPerMinute ?? record.budgetPerMinute,
    windowMs: options.windowMs ?? record.windowMs,
    network: options.network,
  });
}
