import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallHandler, type RecordedCall } from './server';
import { StateFile } from './persistence';
import { RateWindow } from './rate-window';
import { seededRandom } from './random';
import { SessionBook } from './sessions';
import { seedStore } from './seed';
import { DEMO_CUSTOMER_TOKEN, resolveSwitches } from './default-switches';
import type { SandboxSwitches } from './switches';
import type { SandboxStore } from './store';

export type { SandboxSwitches } from './switches';
export type { RecordedCall } from './server';
export type { SandboxStore } from './store';
export type * from './records';
export { ERROR_CODE } from './errors';
export { GUIDE } from './seed';
export { resetSandboxState, SandboxStateDamaged, SandboxStateInUse } from './persistence';
export { isValidUln } from './uln';

export interface SandboxOptions extends Partial<SandboxSwitches> {
  /** Default 127.0.0.1: the sandbox never listens beyond this machine unless told. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Seeds the generated centre and the default fault decisions. Default 1. */
  seed?: number;
  /** Persist state to this file; load it if it exists (its own seed wins). */
  statePath?: string;
  /** Default DEMO_CUSTOMER_TOKEN, the sandbox's public demo token. */
  customerToken?: string;
  /** Random source for fault decisions; default a PRNG seeded from `seed`. */
  random?: () => number;
  /** The clock for the rate window and session expiry; default Date.now. */
  now?: () => number;
}

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:PORT/api/v2.1/' (the server also answers under /api/v2/). */
  baseUrl: string;
  customerToken: string;
  /** The seed actually in use (a loaded state file keeps the seed it was made with). */
  seed: number;
  /** Live: change a switch mid-run and the next call obeys it. */
  switches: SandboxSwitches;
  /** Every call received, in order of arrival. */
  calls: RecordedCall[];
  /** The data, for assertions. Read it; change it only through the API. */
  store: SandboxStore;
  /** The rate window: calls admitted in the window ending now, and the most any window has held. */
  rateWindow: { inWindow(): number; readonly peak: number };
  /** Invalidates every session token now, as a mid-run expiry would. */
  invalidateSessions(): void;
  /** Every session token issued and not yet found expired: a test looks for them where no token may be. */
  sessionTokens(): string[];
  close(): Promise<void>;
}

/** Starts a OneFile sandbox on loopback. Resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const requestedSeed = options.seed ?? 1;
  const opened = options.statePath
    ? StateFile.open(options.statePath, requestedSeed)
    : { store: seedStore(requestedSeed), file: undefined, seed: requestedSeed };
  const switches = resolveSwitches(options);
  const customerToken = options.customerToken ?? DEMO_CUSTOMER_TOKEN;
  const now = options.now ?? Date.now;
  const calls: RecordedCall[] = [];
  const sessions = new SessionBook();
  const rate = new RateWindow();
  const handler = createCallHandler({
    store: opened.store, switches, customerToken, calls, sessions, rate, now,
    random: options.random ?? seededRandom(opened.seed ^ 0x5eed5),
    stateFile: opened.file,
  });
  const server = createServer(handler.handle);
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    opened.file?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${shownHost}:${port}/api/v2.1/`,
    customerToken,
    seed: opened.seed,
    switches,
    calls,
    store: opened.store,
    rateWindow: {
      inWindow: () => rate.inWindow(now(), switches.windowMs),
      get peak() {
        return rate.peak;
      },
    },
    invalidateSessions: () => sessions.invalidateAll(),
    sessionTokens: () => sessions.tokens(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        handler.close();
        server.close(() => {
          opened.file?.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
