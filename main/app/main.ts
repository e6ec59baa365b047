import { isRunEnded } from '../../shared/run-states';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { systemProxyUrl } from '../onefile';
import { ensurePrivateFolder, writePrivateFile } from '../private-files';
import { createAppService, type AppService } from '../service/app-service';
import { tokenFileAt } from '../service/token-store';
import { forwardEvents, registerIpc } from './ipc';
import { createKeychainTokenStore } from './keychain-token-store';
import { buildMenuTemplate, ONEFILE_API_DOCS_URL } from './menu';
import { contextMenuTemplate } from './context-menu';
import { createTrustedSenderCheck } from './trusted-sender';
import { guardWebContents, openExternalSafely } from './web-guards';
import { createWindowOptions } from './window-options';
import { fitToScreens, parseWindowState, serialiseWindowState } from './window-state';

/**
 * The desktop app's main process: one window, the service on IPC, the menu, the
 * token in the OS keychain. Everything here is wiring; the policies it applies live
 * in the small modules beside it, each tested without launching Electron.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
const preloadPath = path.join(here, '../preload/index.cjs');
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
/** The app's own page: what may call the service and use the clipboard. */
const appPage = { indexFileUrl: pathToFileURL(rendererIndex).href, devServerUrl };
const SPREADSHEET = /\.(xlsx|csv|tsv|txt)$/i;

let window: BrowserWindow | null = null;
let service: AppService | null = null;
let quitting = false;

/** A spreadsheet named on the command line (Windows and Linux file associations). */
function fileFromArgs(argv: string[]): string | null {
  return argv.slice(1).find((arg) => !arg.startsWith('-') && SPREADSHEET.test(arg)) ?? null;
}

async function openFile(filePath: string): Promise<void> {
  if (!service) return;
  try {
    await service.openPath(filePath);
    rebuildMenu();
  } catch (error) {
    dialog.showErrorBox('The file could not be opened', service.redact(error instanceof Error ? error.message : String(error)));
  }
}

function rebuildMenu(): void {
  if (!service) return;
  const template = buildMenuTemplate(
    {
      openFile: async () => {
        const result = await dialog.showOpenDialog({
          properties: ['openFile'],
          filters: [{ name: 'Spreadsheets and ILR files', extensions: ['xlsx', 'csv', 'tsv', 'txt', 'xml'] }],
        });
        if (!result.canceled && result.filePaths[0]) await openFile(result.filePaths[0]);
      },
      openRecent: async (id) => {
        await service?.handlers.openRecentFile({ id }).catch((error: Error) => dialog.showErrorBox('The file could not be opened', error.message));
      },
      clearRecent: async () => {
        await service?.clearRecentFiles();
        rebuildMenu();
      },
      openApiDocs: () => openExternalSafely(ONEFILE_API_DOCS_URL, (url) => shell.openExternal(url)),
      openLogsFolder: () => void shell.openPath(app.getPath('logs')),
      openDataFolder: () => void shell.openPath(app.getPath('userData')),
      pressKeys: ({ keyCode, modifiers }) => {
        const contents = window?.webContents;
        contents?.sendInputEvent({ type: 'keyDown', keyCode, modifiers });
        contents?.sendInputEvent({ type: 'keyUp', keyCode, modifiers });
      },
    },
    service.recentFiles(),
    { platform: process.platform, devTools: !app.isPackaged, appName: app.getName() },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const saved = parseWindowState(await readFile(stateFile, 'utf8').catch(() => null));
  const fitted = fitToScreens(saved, screen.getAllDisplays().map((d) => d.workArea));
  window = new BrowserWindow(createWindowOptions({ preloadPath, bounds: fitted, devTools: !app.isPackaged }));
  if (fitted.maximized) window.maximize();
  guardWebContents(window.webContents, (url) => shell.openExternal(url), appPage);
  // Right-click: Cut, Copy and Paste in a text box (Electron has no menu of its own).
  window.webContents.on('context-menu', (_event, params) => {
    const items = contextMenuTemplate(params);
    if (items.length > 0 && window) Menu.buildFromTemplate(items).popup({ window });
  });
  const stopEvents = forwardEvents(service!, window.webContents);

  window.once('ready-to-show', () => window?.show());
  window.on('close', (event) => {
    if (window) void writePrivateFile(stateFile, serialiseWindowState({ ...window.getNormalBounds(), maximized: window.isMaximized() })).catch(() => undefined);
    if (quitting || !service?.hasActiveRun()) return;
    const answer = dialog.showMessageBoxSync(window!, {
      type: 'warning',
      buttons: ['Keep importing', 'Stop and close'],
      defaultId: 0,
      cancelId: 0,
      title: 'An import is running',
      message: 'An import is running. Close the app anyway?',
      detail: 'The import stops after the call in progress. Next time, History offers to resume it where it stopped; nothing is created twice.',
    });
    if (answer === 0) event.preventDefault();
  });
  window.on('closed', () => {
    stopEvents();
    window = null;
  });
  if (devServerUrl) await window.loadURL(devServerUrl);
  else await window.loadFile(rendererIndex);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  // Electron's userData: the user's profile on Windows, 0700 elsewhere (tightened if older).
  ensurePrivateFolder(userData);
  service = await createAppService({
    dataDir: userData,
    face: 'desktop',
    tokenStore: createKeychainTokenStore(safeStorage, tokenFileAt(path.join(userData, 'tokens.json'))),
    // The system's proxy settings (Windows', macOS', a PAC file): what a browser on this computer would use.
    proxyFor: async (url) => systemProxyUrl(await session.defaultSession.resolveProxy(url)),
    dialogs: {
      pickSpreadsheet: async () => {
        const result = await dialog.showOpenDialog({ properties: ['openFile'], filters: [{ name: 'Spreadsheets and ILR files', extensions: ['xlsx', 'csv', 'tsv', 'txt', 'xml'] }] });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      pickSaveLocation: async (suggestedName) => {
        const result = await dialog.showSaveDialog({ defaultPath: path.join(app.getPath('documents'), suggestedName) });
        return result.canceled ? null : (result.filePath ?? null);
      },
      openPath: async (filePath) => {
        const problem = await shell.openPath(filePath);
        if (problem) throw new Error(`The report could not be opened: ${problem}`);
      },
    },
  });
  registerIpc(ipcMain, service.handlers, createTrustedSenderCheck(appPage), {
    redact: service.redact,
    onRefused: (message) => console.warn(message),
  });
  service.on('run-state', (event) => {
    const ended = isRunEnded(event.state);
    if (ended && Notification.isSupported() && !window?.isFocused()) {
      new Notification({ title: `Import ${event.state}`, body: `${event.totals.done} rows done, ${event.totals.failed} failed.` }).show();
    }
  });
  rebuildMenu();
  await createWindow();
  const initial = fileFromArgs(process.argv);
  if (initial) await openFile(initial);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const file = fileFromArgs(argv);
    if (file) void openFile(file);
  });
  // macOS: a file dropped on the Dock icon or opened from Finder.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    if (app.isReady()) void openFile(filePath);
    else app.once('ready', () => setTimeout(() => void openFile(filePath), 500));
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', async () => {
    await service?.close();
    app.quit();
  });
  app.on('activate', () => {
    if (!window && service) void createWindow();
  });
  app.whenReady().then(start, (error) => {
    dialog.showErrorBox('The importer could not start', String(error));
    app.quit();
  });
}
