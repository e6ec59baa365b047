import { afterAll, beforeAll } from 'vitest';
import { createOneFileClient, type OneFileClient, type OneFileClientOptions } from '../../main/onefile';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import type { DirectoryClient } from '../../main/import/directory/download';

/**
 * A sandbox and a real OneFile client talking to it over HTTP, on a 500 ms rate window
 * so tests never wait a real minute.
 */
export interface SandboxWithClient {
  sandbox: RunningSandbox;
  client: OneFileClient;
  /**
   * The client plus `GET FrameworkTemplate/{id}` (a sandbox route the client does not
   * offer yet), so a directory knows each template's standards.
   */
  directoryClient: DirectoryClient;
  /** Calls the sandbox received on these routes since `from` (an index into `sandbox.calls`). */
  callsSince(from: number): string[];
  close(): Promise<void>;
}

export const FAST_WINDOW_MS = 500;

export async function startSandboxWithClient(options: SandboxOptions = {}, clientOptions: Partial<OneFileClientOptions> = {}): Promise<SandboxWithClient> {
  const sandbox = await startSandbox({ windowMs: FAST_WINDOW_MS, ...options });
  const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: FAST_WINDOW_MS, ...clientOptions });
  const directoryClient: DirectoryClient = {
    searchClassrooms: client.searchClassrooms,
    searchPlacements: client.searchPlacements,
    searchUsers: client.searchUsers,
    searchStandards: client.searchStandards,
    searchUnits: client.searchUnits,
    searchFrameworkTemplates: client.searchFrameworkTemplates,
    listClassrooms: client.listClassrooms,
    listPlacements: client.listPlacements,
    listUsers: client.listUsers,
    listStandards: client.listStandards,
    listUnits: client.listUnits,
  };
  return {
    sandbox,
    client,
    directoryClient,
    callsSince: (from) => sandbox.calls.slice(from).map((c) => c.route),
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}

/** A sandbox for the command line's tests of one file, and the environment that gives its customer token. */
export interface CommandLineSandbox {
  sandbox: RunningSandbox;
  /** `ONEFILE_CUSTOMER_TOKEN`, as a command reads it. */
  token: Record<string, string>;
}

/** A sandbox started before the test file's tests and closed after them (its fields are set once they start). */
export function sandboxForTheseTests(options: SandboxOptions): CommandLineSandbox {
  const held = {} as CommandLineSandbox;
  beforeAll(async () => {
    held.sandbox = await startSandbox(options);
    held.token = { ONEFILE_CUSTOMER_TOKEN: held.sandbox.customerToken };
  });
  afterAll(async () => {
    await held.sandbox?.close();
  });
  return held;
}
