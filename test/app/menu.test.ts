import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type EditKeys, type MenuActions } from '../../main/app/menu';

function recorder() {
  const done: string[] = [];
  const pressed: EditKeys[] = [];
  const actions: MenuActions = {
    openFile: () => done.push('open'),
    openRecent: (id) => done.push(`recent:${id}`),
    clearRecent: () => done.push('clear'),
    openApiDocs: () => done.push('docs'),
    openLogsFolder: () => done.push('logs'),
    openDataFolder: () => done.push('data'),
    pressKeys: (keys) => pressed.push(keys),
  };
  return { done, pressed, actions };
}

function items(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === label || m.role === label);
  return (menu?.submenu ?? []) as MenuItemConstructorOptions[];
}

function click(item: MenuItemConstructorOptions | undefined) {
  (item?.click as () => void)();
}

describe('the application menu', () => {
  const options = { platform: 'win32' as const, devTools: false, appName: 'OneFile Bulk Importer' };

  it('opens a spreadsheet with Ctrl+O and lists recent files to reopen', () => {
    const { done, actions } = recorder();
    const template = buildMenuTemplate(actions, [{ id: 'a1', name: 'learners.xlsx', folder: 'C:\\MIS' }], options);
    const file = items(template, 'File');
    const open = file.find((i) => i.label === 'Open Spreadsheet…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    const recent = (file.find((i) => i.label === 'Open Recent')?.submenu ?? []) as MenuItemConstructorOptions[];
    click(recent.find((i) => i.label?.startsWith('learners.xlsx')));
    click(recent.find((i) => i.label === 'Clear Recent Files'));
    expect(done).toEqual(['open', 'recent:a1', 'clear']);
    expect(file.some((i) => i.role === 'quit')).toBe(true);
  });

  it('says so when there are no recent files', () => {
    const recent = items(buildMenuTemplate(recorder().actions, [], options), 'File').find((i) => i.label === 'Open Recent');
    expect((recent?.submenu as MenuItemConstructorOptions[])[0]).toMatchObject({ label: 'No recent files', enabled: false });
  });

  it('offers the API documentation and the logs folder under Help', () => {
    const { done, actions } = recorder();
    const help = items(buildMenuTemplate(actions, [], options), 'help');
    help.forEach(click);
    expect(done).toEqual(['docs', 'logs']);
  });

  it('shows DevTools only while developing, and the app menu with Quit on macOS', () => {
    const view = (devTools: boolean) => items(buildMenuTemplate(recorder().actions, [], { ...options, devTools }), 'View');
    expect(view(false).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(view(true).some((i) => i.role === 'toggleDevTools')).toBe(true);
    const mac = buildMenuTemplate(recorder().actions, [], { ...options, platform: 'darwin' });
    expect(items(mac, 'OneFile Bulk Importer').some((i) => i.role === 'quit')).toBe(true);
  });

  it('leaves Undo, Redo and Select All to the page on Windows and Linux (the Review grid has its own), and presses their keys there from the menu', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { pressed, actions } = recorder();
      const edit = items(buildMenuTemplate(actions, [], { ...options, platform }), 'Edit');
      const byLabel = (label: string) => edit.find((i) => i.label === label);
      // Shown, not taken from the page: the grid's Ctrl+Z, Ctrl+Y and Ctrl+A reach it (a menu's shortcut would not).
      for (const label of ['Undo', 'Redo', 'Select All']) expect(byLabel(label)).toMatchObject({ registerAccelerator: false });
      expect([byLabel('Undo')?.accelerator, byLabel('Redo')?.accelerator, byLabel('Select All')?.accelerator]).toEqual(['Ctrl+Z', platform === 'win32' ? 'Ctrl+Y' : 'Ctrl+Shift+Z', 'Ctrl+A']);
      ['Undo', 'Redo', 'Select All'].forEach((label) => click(byLabel(label)));
      expect(pressed).toEqual([
        { keyCode: 'z', modifiers: ['control'] },
        platform === 'win32' ? { keyCode: 'y', modifiers: ['control'] } : { keyCode: 'z', modifiers: ['control', 'shift'] },
        { keyCode: 'a', modifiers: ['control'] },
      ]);
      // Cut, Copy and Paste stay the browser's: they reach the grid as its copy and paste events.
      expect(edit.filter((i) => i.role !== undefined).map((i) => i.role)).toEqual(['cut', 'copy', 'paste']);
    }
    // On macOS the page has the keys first: Electron's own Edit menu.
    expect(buildMenuTemplate(recorder().actions, [], { ...options, platform: 'darwin' }).some((m) => m.role === 'editMenu')).toBe(true);
  });
});
