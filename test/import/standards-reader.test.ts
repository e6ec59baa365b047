import { describe, expect, it } from 'vitest';
import { OneFileError } from '../../main/onefile/errors';
import type { UnpagedSearchReading } from '../../main/onefile/knowledge';
import { createStandardsReader } from '../../main/import/plan/readers';

/**
 * The standards' names a plan reads for a matched learner's template: the documented
 * unpaged search where this OneFile answers it whole, else page by page (as the
 * directory reads every kind), and page by page when the unpaged search is refused.
 */
function clientWith(unpaged: 'whole' | 'refused', known?: UnpagedSearchReading) {
  const said: string[] = [];
  const rows = [{ ID: 4001, Title: ' Business Administrator Level 3 ' }];
  const client = {
    listStandards: async () => {
      said.push('unpaged');
      if (unpaged === 'refused') throw new OneFileError({ kind: 'not-found', endpoint: 'POST Standard/Search', status: 404, message: 'No HTTP resource was found.' });
      return rows;
    },
    searchStandards: async function* (_filter: unknown, options?: { onCall?: () => void }) {
      said.push('page 1');
      options?.onCall?.();
      yield rows;
    },
    unpagedSearch: () => known,
    unpagedSearchSeen: (reading: UnpagedSearchReading) => void said.push(`seen ${reading}`),
  };
  return { client: client as unknown as Parameters<typeof createStandardsReader>[0], said };
}

describe("the standards' names read while planning", () => {
  it('are read in one unpaged call where OneFile answers it', async () => {
    const { client, said } = clientWith('whole');
    let calls = 0;
    expect(await createStandardsReader(client, 5740)(() => (calls += 1))).toEqual([{ id: 4001, title: 'Business Administrator Level 3', reference: null }]);
    expect(said).toEqual(['unpaged']);
    expect(calls).toBe(1);
  });

  it('are read page by page when the unpaged search is refused, and OneFile is remembered as having none', async () => {
    const { client, said } = clientWith('refused');
    let calls = 0;
    expect(await createStandardsReader(client, 5740)(() => (calls += 1))).toHaveLength(1);
    expect(said).toEqual(['unpaged', 'page 1', 'seen not-offered']);
    expect(calls).toBe(2);
  });

  it.each(['capped', 'not-offered'] as const)('are read page by page from the start where unpaged searches are known to be %s', async (known) => {
    const { client, said } = clientWith('whole', known);
    expect(await createStandardsReader(client, 5740)(() => {})).toHaveLength(1);
    expect(said).toEqual(['page 1']);
  });
});
