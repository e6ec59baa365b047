import { describe, expect, it } from 'vitest';
import { resolveCommandWords } from '../../main/cli/resolve-hint';

describe('the resolve command printed for a run that cannot ask', () => {
  it('reads the file as the import read it: sheet, header row, ended learners and hidden rows', () => {
    const base = { file: '/data/learners.xlsx', env: 'sandbox', org: 5740 };
    expect(resolveCommandWords(base)).toEqual(['onefile-import', 'resolve', '/data/learners.xlsx', '--env', 'sandbox', '--org', '5740']);
    expect(resolveCommandWords({ ...base, sheet: 'Learners', headerRow: 3, includeEnded: true, includeHiddenRows: true }).slice(7)).toEqual([
      '--sheet',
      'Learners',
      '--header-row',
      '3',
      '--include-ended',
      '--include-hidden-rows',
    ]);
  });
});
