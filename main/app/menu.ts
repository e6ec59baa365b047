import type { MenuItemConstructorOptions } from 'electron';

/**
 * Where OneFile's API guide is published (the API host itself). Opened in the user's
 * browser from Help; the app never loads remote pages.
 */
export const ONEFILE_API_DOCS_URL = 'https://wsapi.onefile.co.uk/';

export interface MenuActions {
  openFile(): void;
  openRecent(id: string): void;
  clearRecent(): void;
  openApiDocs(): void;
  openLogsFolder(): void;
  openDataFolder(): void;
  /**
   * An Edit item chosen with the mouse (Windows, Linux): its shortcut pressed in the window,
   * so the Review grid takes a change back or selects its cells, and a text box its text,
   * exactly as the keys would (see `editMenu`).
   */
  pressKeys(keys: EditKeys): void;
}

/** A shortcut an Edit item stands for: the key and its modifiers, as `webContents.sendInputEvent` takes them. */
export interface EditKeys {
  keyCode: string;
  modifiers: Array<'control' | 'shift'>;
}

export interface MenuRecentFile {
  id: string;
  name: string;
  folder: string;
}

/**
 * Edit. On Windows and Linux a menu item's shortcut is taken by the menu before the page
 * sees it, and Electron's Undo, Redo and Select All do the browser's own (nothing, on the
 * Review grid, whose changes and cells are the app's): so there those items only show
 * their shortcut, which goes to the page as typed (a text box still takes it as its own),
 * and chosen with the mouse press it there. Cut, Copy and Paste stay the browser's: they
 * reach the grid as the copy and paste it handles. On macOS the page has the keys first,
 * and Electron's own Edit menu is right.
 */
function editMenu(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions {
  if (platform === 'darwin') return { role: 'editMenu' };
  const pressed = (label: string, accelerator: string, keys: EditKeys): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => actions.pressKeys(keys),
  });
  return {
    label: 'Edit',
    submenu: [
      pressed('Undo', 'Ctrl+Z', { keyCode: 'z', modifiers: ['control'] }),
      platform === 'win32' ? pressed('Redo', 'Ctrl+Y', { keyCode: 'y', modifiers: ['control'] }) : pressed('Redo', 'Ctrl+Shift+Z', { keyCode: 'z', modifiers: ['control', 'shift'] }),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { type: 'separator' },
      pressed('Select All', 'Ctrl+A', { keyCode: 'a', modifiers: ['control'] }),
    ],
  };
}

/**
 * The application menu as plain data, so a test reads it: File (Open, Open Recent,
 * Quit), Edit (so copy and paste work in the token field on macOS), View (zoom, full
 * screen; DevTools only while developing), Help (the API guide, the logs folder).
 */
export function buildMenuTemplate(
  actions: MenuActions,
  recent: MenuRecentFile[],
  options: { platform: NodeJS.Platform; devTools: boolean; appName: string },
): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : [
          ...recent.slice(0, 10).map((file) => ({
            label: `${file.name}  (${file.folder})`,
            click: () => actions.openRecent(file.id),
          })),
          { type: 'separator' as const },
          { label: 'Clear Recent Files', click: () => actions.clearRecent() },
        ];
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Spreadsheet…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Show Data Folder', click: () => actions.openDataFolder() },
        ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Quit' }]),
      ],
    },
    editMenu(actions, options.platform),
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      role: 'help',
      submenu: [
        { label: 'OneFile API Documentation', click: () => actions.openApiDocs() },
        { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ],
    },
  );
  return template;
}
