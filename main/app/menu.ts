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
}

export interface MenuRecentFile {
  id: string;
  name: string;
  folder: string;
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
    { role: 'editMenu' },
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
