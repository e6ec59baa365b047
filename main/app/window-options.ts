import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-state';

export interface WindowOptionsInput {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preloadPath: string;
  /** The size and place remembered from last time, already fitted to the screens. */
  bounds: WindowBounds;
  /** DevTools only while developing. */
  devTools: boolean;
}

/**
 * The main window's options. Every security switch is set explicitly, even where it is
 * Electron's default, so a reader (and `test/app/window-options.test.ts`) sees the
 * whole policy here: an isolated, sandboxed renderer with no Node, no webviews, no
 * insecure content, and files dropped on the window never navigate it.
 */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    x: input.bounds.x,
    y: input.bounds.y,
    width: input.bounds.width,
    height: input.bounds.height,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'OneFile Bulk Importer',
    autoHideMenuBar: false,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
