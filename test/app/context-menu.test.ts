import { describe, expect, it } from 'vitest';
import { contextMenuTemplate, type RightClick } from '../../main/app/context-menu';

const flags = { canUndo: false, canRedo: false, canCut: false, canCopy: false, canPaste: true, canDelete: false, canSelectAll: true, canEditRichly: false };

function roles(click: RightClick) {
  return contextMenuTemplate(click).map((item) => (item.type === 'separator' ? '-' : `${item.role}${item.enabled === false ? ' (off)' : ''}`));
}

/** The desktop window's right-click: Electron shows none of its own. */
describe('the right-click menu', () => {
  it('offers a text box what a text box offers, each as the box allows: an empty token box can be pasted into', () => {
    expect(roles({ isEditable: true, selectionText: '', editFlags: flags })).toEqual(['undo (off)', 'redo (off)', '-', 'cut (off)', 'copy (off)', 'paste', '-', 'selectAll']);
    const selected = { ...flags, canCut: true, canCopy: true, canUndo: true };
    expect(roles({ isEditable: true, selectionText: 'ann@example', editFlags: selected })).toEqual(['undo', 'redo (off)', '-', 'cut', 'copy', 'paste', '-', 'selectAll']);
  });
  it('offers Copy for text selected outside a text box, and nothing where there is nothing to do', () => {
    expect(roles({ isEditable: false, selectionText: 'OneFile ID 138055', editFlags: { ...flags, canCopy: true } })).toEqual(['copy']);
    expect(roles({ isEditable: false, selectionText: '', editFlags: flags })).toEqual([]);
    expect(roles({ isEditable: false, selectionText: '  ', editFlags: { ...flags, canCopy: true } })).toEqual([]);
  });
});
