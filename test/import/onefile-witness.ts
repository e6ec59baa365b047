import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import { capturedIo, type CapturedIo } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * For command-line tests that need OneFile's own account of what was sent: a sandbox
 * started by the test (its call log is the witness) that the command reaches over
 * HTTP like any OneFile, by its address and a customer token.
 */

export const TOKEN = 'witness-token-5f0c2e1a';
export const WINDOW_MS = 500;

export interface Witness {
  sandbox: RunningSandbox;
  dataDir: string;
  /** Import options that point a command at this sandbox. */
  options: { env: string; org: number; dataDir: string; rateWindowMs: number };
  io(answer?: string | null): CapturedIo;
  /** The writes OneFile received since `from` (an index into the call log): route, path after the API prefix, body. */
  writesSince(from?: number): Array<{ route: string; path: string; body: unknown }>;
  csv(name: string, lines: string[]): string;
  close(): Promise<void>;
}

export async function startWitness(options: SandboxOptions = {}): Promise<Witness> {
  const sandbox = await startSandbox({ customerToken: TOKEN, rateLimit: 100, windowMs: WINDOW_MS, ...options });
  const dataDir = tempDir('witness-');
  return {
    sandbox,
    dataDir,
    options: { env: sandbox.baseUrl, org: 5740, dataDir, rateWindowMs: WINDOW_MS },
    io: (answer = null) => capturedIo({ ONEFILE_CUSTOMER_TOKEN: TOKEN }, answer),
    writesSince: (from = 0) =>
      sandbox.calls
        .slice(from)
        .filter((call) => call.method === 'POST' && !/Search|Authentication/i.test(call.route))
        .map((call) => ({ route: call.route, path: call.path.replace(/^.*?\/api\/v2(\.1)?\//i, ''), body: call.body })),
    csv(name, lines) {
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
      return file;
    },
    close: () => sandbox.close(),
  };
}
