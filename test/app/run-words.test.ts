import { describe, expect, it } from 'vitest';
import { importCountsInWords } from '../../renderer/src/run-words';

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
