import { describe, expect, it } from 'vitest';
import { planCallsText } from '../../renderer/src/counts';

/** The plan's calls in words (the Plan screen's "API calls"): the reads already made said only where there were any. */
describe("the plan's calls in words", () => {
  it('adds up the reads already made and what the run will send', () => {
    expect(planCallsText({ directory: 7, planning: 12, writes: 1_200, reads: 2, total: 1_221 })).toBe(
      '1,221 in all: 7 reading the organisation and 12 reading matched learners (already made), then 1,200 writes and 2 reads to import',
    );
    expect(planCallsText({ directory: 7, planning: 0, writes: 1, reads: 0, total: 8 })).toBe('8 in all: 7 reading the organisation (already made), then 1 write to import');
  });

  it('says no "0 reading" where the organisation was read before and kept', () => {
    expect(planCallsText({ directory: 0, planning: 0, writes: 50, reads: 1, total: 51 })).toBe('51 in all: 50 writes and 1 read to import');
    expect(planCallsText({ directory: 0, planning: 3, writes: 2, reads: 0, total: 5 })).toBe('5 in all: 3 reading matched learners (already made), then 2 writes to import');
  });
});
