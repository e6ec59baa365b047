import { describe, expect, it } from 'vitest';
import { shownUndoValue, type UndoField } from '../../main/import';

/** The undo's list of what it puts back, as a person reads it (the command line's and the app's alike). */
describe("an undo's field values, shown", () => {
  const field = (name: string, before: UndoField['before'], runSet: UndoField['runSet']): UndoField => ({ field: name, label: name, before, runSet, now: runSet });

  it('a date as its calendar day, whichever way OneFile wrote it, not "2000-01-01T00:00:00.000Z"', () => {
    const dob = field('DOB', '2004-05-20T00:00:00.000Z', '2000-01-01T00:00:00.000Z');
    expect([shownUndoValue(dob, 'runSet'), shownUndoValue(dob, 'before')]).toEqual(['2000-01-01', '2004-05-20']);
    expect(shownUndoValue(field('StartOn', '/Date(1725148800000)/', ''), 'before')).toBe('2024-09-01');
  });

  it('nothing as "(empty)", and other fields as they are', () => {
    expect(shownUndoValue(field('DOB', '', '2000-01-01T00:00:00.000Z'), 'before')).toBe('(empty)');
    expect(shownUndoValue(field('MISID', 'PS001', 'ZZ101'), 'runSet')).toBe('ZZ101');
    expect(shownUndoValue(field('ClassroomID', 310, 312), 'before')).toBe('310');
  });
});
