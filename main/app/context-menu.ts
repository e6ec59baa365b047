import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';

/** What a right-click is told: whether it was on a text box, the text selected, and what can be done with it. */
export type RightClick = Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'editFlags'>;

/**
 * What a right-click offers, as a text box anywhere on the computer does: Electron shows
 * no menu of its own, so without this the token box, Find and a cell being edited could be
 * pasted into only with Ctrl+V. On a text box: Undo, Redo, Cut, Copy, Paste and Select
 * All, each enabled as the box says; on text selected elsewhere (a message, a name in the
 * plan): Copy. Anywhere else nothing (an empty list: no menu is shown).
 */
export function contextMenuTemplate(click: RightClick): MenuItemConstructorOptions[] {
  const can = click.editFlags;
  if (click.isEditable) {
    return [
      { role: 'undo', enabled: can.canUndo },
      { role: 'redo', enabled: can.canRedo },
      { type: 'separator' },
      { role: 'cut', enabled: can.canCut },
      { role: 'copy', enabled: can.canCopy },
      { role: 'paste', enabled: can.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: can.canSelectAll },
    ];
  }
  if (click.selectionText.trim() !== '' && can.canCopy) return [{ role: 'copy' }];
  return [];
}
