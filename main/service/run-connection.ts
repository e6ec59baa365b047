import { AppError } from '../../shared/app-error';
import { DEFAULT_WINDOW_MS } from '../../shared/defaults';
import { connectForRun } from '../connection/connect';
import { sameOneFile, type Connection, type RunInfo } from '../import';
import { tokenKey } from './connection-handlers';
import { environmentIdOf, environmentOption } from './environment-options';
import { networkFor, type ServiceContext } from './service-context';

/**
 * A connection to the OneFile a past run imported into, for resuming or undoing it
 * from History: the app's own connection when it is to that OneFile (the built-in
 * sandbox is not started a second time, nor is anyone signed in again), else one
 * opened for the run with the token the app holds for it, which the caller closes.
 */

export interface RunConnection {
  connection: Connection;
  /** True when it is the app's own connection: not to be closed by the run. */
  shared: boolean;
}

/** The window to pass on: undefined for OneFile's own minute. */
export function windowFor(context: ServiceContext): number | undefined {
  return context.options.windowMs === DEFAULT_WINDOW_MS ? undefined : context.options.windowMs;
}

export async function connectionForRun(
  context: ServiceContext,
  run: RunInfo,
  purpose: 'resume' | 'undo',
  budgetPerMinute?: number,
): Promise<RunConnection> {
  const environment = environmentIdOf(run.environment.name);
  const engine = context.connection?.engine;
  if (engine && sameOneFile(engine.environment, run.environment)) {
    engine.forgetReadingsPastBelief(context.now());
    return { connection: engine, shared: true };
  }
  const option = environmentOption(environment);
  let token: string | undefined;
  if (option.needsToken) {
    const app = context.connection;
    token =
      (app && app.baseUrl === run.environment.baseUrl ? app.token : undefined) ??
      (await context.options.tokenStore.get(tokenKey(environment, run.environment.baseUrl))) ??
      undefined;
    if (!token) throw new AppError('token-needed', `Run ${run.runId} imported into ${option.label}. Connect to ${option.label} with the customer token first, then ${purpose} it.`);
  }
  const network = await networkFor(context, environment === 'sandbox' ? 'sandbox' : run.environment.baseUrl);
  const connection = await connectForRun(context.options.dataDir, run, { customerToken: token, budgetPerMinute, windowMs: windowFor(context), network });
  return { connection, shared: false };
}
