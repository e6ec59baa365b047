import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createAppService, type AppService, type AppServiceOptions } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';

/**
 * The app's service as the browser face starts it, in a fresh data folder, connected to
 * the built-in sandbox (with the switches asked for) and with organisation 5740 chosen:
 * where most of the app's tests begin.
 */
export async function connectedService(
  prefix: string,
  options: Pick<AppServiceOptions, 'budgetPerMinute' | 'windowMs' | 'sandboxSwitches' | 'outageTiming'> & { dataDir?: string } = {},
): Promise<{ service: AppService; dataDir: string }> {
  // A data folder given: the app started again on it (its runs, and the sandbox's OneFile, as they were left).
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), prefix));
  const service = await createAppService({
    dataDir,
    face: 'browser',
    tokenStore: createSessionTokenStore('session only'),
    budgetPerMinute: options.budgetPerMinute ?? 100,
    windowMs: options.windowMs ?? 500,
    sandboxSwitches: options.sandboxSwitches,
    outageTiming: options.outageTiming,
  });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  return { service, dataDir };
}

/** A small CSV of these lines (CR LF, as Excel writes them), in a folder of its own. */
export function writeCsv(lines: string[], name = 'weekly.csv'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'onefile-csv-')), name);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

/** A file on disk as the app's drop zone hands it to the service. */
export const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

/** Starts the planned import and waits for its end: its state and the run's message (the rate limit's among it). */
export async function runToEnd(service: AppService): Promise<{ state: string; message: string | null }> {
  const ended = new Promise<{ state: string; message: string | null }>((resolve) =>
    service.on('run-state', (event) => {
      if (event.state === 'completed' || event.state === 'failed') resolve({ state: event.state, message: event.message ?? null });
    }),
  );
  await service.handlers.startRun({});
  return ended;
}
