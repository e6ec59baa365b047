import { describe, expect, it } from 'vitest';
import { collect } from '../../main/onefile';
import { GUIDE, type RecordedCall } from '../../main/sandbox';
import { sandboxWithClient } from './sandbox-client';

/**
 * A search ends on an empty page (204, [], null, "No records found."): the guides' and
 * production's way [seen]. A gateway in front of two servers, or one part-way through a
 * restart, may answer a page that holds rows as an empty search, once [assume]. Believed,
 * every learner after it looks new and is created a second time. An empty page where the
 * page before it was full (or the list is known to hold more) is asked once more before
 * it is believed; an empty page after a short one is the end, at no call more.
 */

const ORG = GUIDE.business;
const oneFile = sandboxWithClient();
const learnerPages = (calls: RecordedCall[]) => calls.filter((c) => /User\/Search\//.test(c.path) && (c.body as { Role?: number }).Role === 1);

describe('a page of a search answered empty once, as a gateway may', () => {
  for (const emptySearch of ['204', '[]', '404'] as const) {
    it(`is asked once more where the page before it was full: every learner read (empty searches answered ${emptySearch})`, async () => {
      const { sandbox, client } = await oneFile({ strayEmpty: true, emptySearch });
      // As the directory reads an organisation's learners the first time: how many there are is not known.
      const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 100, knownRows: Number.POSITIVE_INFINITY }));
      const learners = sandbox.store.usersOf(ORG, 1);
      expect(learners.length).toBeGreaterThan(300);
      expect(everyone.length).toBe(learners.length);
      expect(new Set(everyone.map((u) => u.ID)).size).toBe(everyone.length);
      const pages = learnerPages(sandbox.calls);
      const strays = pages.filter((c) => c.stray);
      // Every page of rows was a stray at first: each asked again at once (the first at the size
      // seen in production, 50, and every page at that size since: a OneFile answering larger
      // pages as empty would look the same), and answered.
      const pageOf = (c: RecordedCall) => c.path.replace(/\/\d+$/, '');
      expect(strays.length).toBe(Math.ceil(learners.length / 50));
      for (const stray of strays) {
        const next = pages[pages.indexOf(stray) + 1];
        expect(pageOf(next)).toBe(pageOf(stray));
        expect(next.stray).toBeUndefined();
      }
    });
  }

  it('at pages of 50 (as a probe may have measured): page 1 answered empty once is asked again at that size', async () => {
    const { sandbox, client } = await oneFile({ strayEmpty: true, pageCap: 50 });
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 50, knownRows: 400 }));
    expect(everyone.length).toBe(sandbox.store.usersOf(ORG, 1).length);
    const [first, second] = learnerPages(sandbox.calls);
    expect([first.stray, second.path, second.stray]).toEqual([true, first.path, undefined]);
  });

  it('costs nothing where the page before the empty one was short: the end of the list, one call past it', async () => {
    const { sandbox, client } = await oneFile({});
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 100 }));
    expect(everyone.length % 100).not.toBe(0);
    expect(learnerPages(sandbox.calls).length).toBe(Math.ceil(everyone.length / 100) + 1);
  });

  it('costs one call where a list of whole pages ends: the empty page after the last full one asked twice', async () => {
    const { sandbox, client } = await oneFile({});
    const total = sandbox.store.usersOf(ORG, 1).length;
    // Pages exactly as long as the list: one page of rows, then the empty one, asked again.
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: total }));
    expect(everyone.length).toBe(total);
    const pages = learnerPages(sandbox.calls);
    expect(pages.map((c) => c.status)).toEqual([200, 204, 204]);
    expect(pages[1].path).toBe(pages[2].path);
  });
});
