import { describe, expect, it } from 'vitest';
import { importCountsInWords, notDoneWords, stateBadge } from '../../renderer/src/run-words';

const none = { total: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, pending: 0 };

/** History's line for an import: its counts add up to its rows, as `runs` on the command line says them. */
describe("an import's counts in History", () => {
  it('names the skipped and unchanged rows, so the counts add up to the rows', () => {
    expect(importCountsInWords({ ...none, total: 25, created: 24, skipped: 1 })).toBe('25 rows: 24 created, 0 updated, 0 failed, 1 skipped');
    // A week's file imported again: nothing to do for any row, and said so.
    expect(importCountsInWords({ ...none, total: 120, unchanged: 118, updated: 2 })).toBe('120 rows: 0 created, 2 updated, 118 unchanged, 0 failed');
  });
  it('names learners linked by their MIS ID and rows imported with an earlier row about the same person', () => {
    expect(importCountsInWords({ ...none, total: 9, created: 4, linked: 2, joined: 3 })).toBe('9 rows: 4 created, 0 updated, 2 linked, 3 with an earlier row, 0 failed');
  });
  it('says created, updated and failed always, in thousands as the rest of the app does', () => {
    expect(importCountsInWords({ ...none, total: 1, created: 1 })).toBe('1 row: 1 created, 0 updated, 0 failed');
    expect(importCountsInWords({ ...none, total: 12_000, created: 11_000, failed: 1_000 })).toBe('12,000 rows: 11,000 created, 0 updated, 1,000 failed');
  });
});

/** A finished run's badge and words: green only where every row went in; failures and skips counted, and where they are. */
describe('a finished run with rows that did not go in', () => {
  it('is "Finished" in teal only where none failed or was skipped', () => {
    expect(stateBadge('completed', { failed: 0, skipped: 0 }, 'gray')).toEqual({ label: 'Finished', colour: 'teal' });
    expect(stateBadge('completed', { failed: 3, skipped: 0 }, 'gray')).toEqual({ label: 'Finished: 3 failed', colour: 'orange' });
    expect(stateBadge('completed', { failed: 1_200, skipped: 1 }, 'gray')).toEqual({ label: 'Finished: 1,200 failed, 1 skipped', colour: 'orange' });
    expect(stateBadge('completed', { failed: 0, skipped: 2 }, 'gray')).toEqual({ label: 'Finished: 2 skipped', colour: 'orange' });
    expect(stateBadge('cancelled', { failed: 2, skipped: 0 }, 'gray')).toEqual({ label: 'cancelled', colour: 'gray' });
  });
  it('says how many rows failed or were skipped, that they are not in OneFile, and that the errors file holds them', () => {
    expect(notDoneWords('import', { failed: 0, skipped: 0 })).toBeNull();
    expect(notDoneWords('import', { failed: 2, skipped: 1 }, ' (Results)')).toEqual({
      title: '2 rows failed and 1 row was skipped',
      body: 'They are not in OneFile. The errors file (Results) holds them with all your columns and the reason for each: fix them in Excel and load that file here again.',
    });
    expect(notDoneWords('import', { failed: 1, skipped: 0 })?.body).toMatch(/^It is not in OneFile\. The errors file holds it /);
    expect(notDoneWords('undo', { failed: 1, skipped: 0 })?.title).toBe('1 user could not be put back or archived');
  });
});
