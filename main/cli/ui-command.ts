import { existsSync } from 'node:fs';
import { describeRowsInFlight, defaultDataDir, type RowsInFlightSetting } from '../import';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SandboxSwitches } from '../sandbox';
import { startHost } from '../host/host-server';
import { createAppService } from '../service/app-service';
import { createSessionTokenStore } from '../service/token-store';
import { callBudget, positiveInteger, rowsInFlightOption } from './number-options';

/**
 * `onefile-import ui`: the app in a browser. Serves the built window (out/renderer)
 * on 127.0.0.1 with the same service the desktop app uses, and prints the link to
 * open. The link carries a one-time key in its fragment (never sent to a server,
 * never logged); without it nothing but the empty page is served.
 */

interface UiOptions {
  port?: number;
  dataDir?: string;
  budget?: number;
  concurrency?: RowsInFlightSetting;
  rateWindowMs?: number;
  rendererDir?: string;
  maxUploadBytes?: number;
  sandboxSwitches?: Partial<SandboxSwitches>;
}

export const BROWSER_TOKEN_MESSAGE =
  'Browser mode keeps a token only while `onefile-import ui` runs; the desktop app can keep it in your OS keychain.';

export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer', import.meta.url));
}

async function runUi(options: UiOptions): Promise<number> {
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`The window is not built (no ${path.join(rendererDir, 'index.html')}). Run \`npm run browser\`, which builds it first.`);
    return 2;
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const service = await createAppService({
    dataDir,
    face: 'browser',
    tokenStore: createSessionTokenStore(BROWSER_TOKEN_MESSAGE),
    budgetPerMinute: options.budget,
    windowMs: options.rateWindowMs,
    concurrency: options.concurrency,
    maxUploadBytes: options.maxUploadBytes,
    sandboxSwitches: options.sandboxSwitches,
  });
  let host;
  try {
    host = await startHost({ runtime: service, rendererDir, port: options.port });
  } catch (error) {
    await service.close();
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${options.port} is in use: choose another with --port, or leave it out.` : String(error));
    return 2;
  }
  console.log('OneFile Bulk Importer is running in browser mode.');
  console.log('Open this link in your browser (it carries a one-time key: do not share it):');
  console.log(`  ${host.url}`);
  console.log(`Data folder: ${dataDir}`);
  console.log('Press Ctrl+C to stop. An import that is running stops cleanly and can be resumed later.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // The terminal closed under it: stopped as by Ctrl+C, an import in it left resumable.
    process.once('SIGHUP', stop);
  });
  console.log('Stopping…');
  await host.close();
  await service.close();
  return 0;
}

function sandboxSwitchesOption(value: string): Partial<SandboxSwitches> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Partial<SandboxSwitches>;
  } catch {
    // said below
  }
  throw new InvalidArgumentError('give the switches as a JSON object, e.g. {"pageCap":50}.');
}

export function registerUiCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('ui')
    .description('Open the importer in your web browser (browser mode): the same screens as the desktop app, served on this computer only.')
    .option('--port <n>', 'the port to listen on (default: any free port)', positiveInteger('the port'))
    .option('--data-dir <dir>', 'where runs, profiles and the sandbox data live (default: the user data folder)')
    .option('--budget <n>', 'OneFile calls per minute (default 100, the documented limit; max 300)', callBudget)
    .option('--concurrency <n|auto>', `rows in flight at once (default: ${describeRowsInFlight('auto')}, as many as OneFile's latency needs)`, rowsInFlightOption)
    .addOption(new Option('--rate-window-ms <ms>', 'rate window length (tests)').argParser(positiveInteger('the window')).hideHelp())
    .addOption(new Option('--renderer-dir <dir>', 'the built window (default out/renderer)').hideHelp())
    .addOption(new Option('--sandbox-switches <json>', "the built-in sandbox's switches, e.g. {\"templateDetail\":405} (tests)").argParser(sandboxSwitchesOption).hideHelp())
    .addOption(new Option('--max-upload-bytes <n>', 'the largest upload accepted (default 100 MB; tests)').argParser(positiveInteger('the size')).hideHelp())
    .addHelpText(
      'after',
      `
Prints a http://127.0.0.1:<port>/#key=... link: open it in your browser. The server
listens on this computer only and answers only pages opened with that link. A customer
token typed in browser mode is kept in memory until the command stops.
Build the window first with \`npm run browser\` (which builds and then runs this).`,
    )
    .action(async (options: UiOptions) => {
      setExitCode(await runUi(options));
    });
}
