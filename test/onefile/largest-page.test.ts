import { describe, expect, it } from 'vitest';
import { collect } from '../../main/onefile';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { sandboxWithClient } from './sandbox-client';
import { DEFAULT_PAGE_SIZE, SEEN_PAGE_SIZE, SMALL_PAGE_SIZE } from '../../shared/defaults';

/**
 * A OneFile that serves no page as large as the importer asks (500): onefile-api.md has 50
 * as the largest page seen in production. Refused (400), the page is asked again at 100,
 * then 50. Answered as an empty search, an organisation's learners would look like none and
 * every one would be created again: where a search should hold rows (an organisation's
 * list, a look for a write whose answer was lost) the first page is asked again at 50
 * before "none" is believed. What is found is kept: later searches ask no larger.
 */

const ORG = GUIDE.business;
const oneFile = sandboxWithClient();

const searchesOf = (sandbox: RunningSandbox, from = 0) =>
  sandbox.calls
    .slice(from)
    .filter((c) => /\/Search\//.test(c.path))
    .map((c) => `${c.path.replace(/^\/api\/v2\.1\//, '')} ${c.status}`);
const learnersOf = (sandbox: RunningSandbox) => sandbox.store.usersOf(ORG, 1).length;

describe('pages larger than OneFile serves', () => {
  it('answered as an empty search: an organisation\'s learners are asked again at 50, every one read, and later searches ask 50 at once', async () => {
    const { sandbox, client } = await oneFile({ largestPageSize: SEEN_PAGE_SIZE, largerPages: 'empty' });
    const learners = { OrganisationID: ORG, Role: 1, IncludeArchived: true };
    const rows = await collect(client.searchUsers(learners, { knownRows: Number.POSITIVE_INFINITY, pageBase: 1 }));
    expect(rows.length).toBe(learnersOf(sandbox));
    expect(rows.length).toBeGreaterThan(2 * SEEN_PAGE_SIZE);
    expect(searchesOf(sandbox).slice(0, 3)).toEqual([`User/Search/1/${DEFAULT_PAGE_SIZE} 204`, `User/Search/1/${SEEN_PAGE_SIZE} 200`, `User/Search/2/${SEEN_PAGE_SIZE} 200`]);
    expect(client.knowledge().largestPageSize).toBe(SEEN_PAGE_SIZE);

    // A search expecting nothing (a look for a new learner by email) asks 50 from now on, and finds one there.
    const from = sandbox.calls.length;
    const someone = sandbox.store.usersOf(ORG, 1).find((u) => u.Email && !u.Archived)!;
    const found = await collect(client.searchUsers({ OrganisationID: ORG, Email: someone.Email! }, { pageBase: 1 }));
    expect(found.map((u) => u.ID)).toContain(someone.ID);
    expect(searchesOf(sandbox, from)[0]).toBe(`User/Search/1/${SEEN_PAGE_SIZE} 200`);
  });

  it('an empty answer where none is expected (a new learner\'s learning aims) is believed in one call', async () => {
    const { sandbox, client } = await oneFile({ largestPageSize: SEEN_PAGE_SIZE, largerPages: 'empty' });
    const learner = sandbox.store.usersOf(ORG, 1).find((u) => !u.Archived)!;
    expect(await client.searchLearningAims(learner.ID, { pageBase: 1 })).toEqual([]);
    expect(searchesOf(sandbox)).toEqual([`LearningAim/Search/1/${DEFAULT_PAGE_SIZE} 204`]);
    expect(client.knowledge().largestPageSize).toBeUndefined();
  });

  it('a look for a write in doubt asks again at 50 before it believes "none"', async () => {
    const { sandbox, client } = await oneFile({ largestPageSize: SEEN_PAGE_SIZE, largerPages: 'empty' });
    const someone = sandbox.store.usersOf(ORG, 1).find((u) => u.Email && !u.Archived)!;
    const found = await collect(client.searchUsers({ OrganisationID: ORG, Email: someone.Email! }, { pageBase: 1, confirmEmpty: true }));
    expect(found.map((u) => u.ID)).toContain(someone.ID);
    // (A short page is not the end: the next, at the size served, is.)
    expect(searchesOf(sandbox)).toEqual([`User/Search/1/${DEFAULT_PAGE_SIZE} 204`, `User/Search/1/${SEEN_PAGE_SIZE} 200`, 'User/Search/2/1 204']);
  });

  it('a list that really is empty costs two calls more (50, and 50 again), and nothing is learned from it', async () => {
    const { sandbox, client } = await oneFile({ largestPageSize: SEEN_PAGE_SIZE, largerPages: 'empty' });
    const none = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, MISID: 'NO-SUCH-LEARNER' }, { knownRows: Number.POSITIVE_INFINITY, pageBase: 1 }));
    expect(none).toEqual([]);
    // The empty answer at 50 asked again before it is believed (a stray empty answer would be answered then: stray-empty.test.ts).
    expect(searchesOf(sandbox)).toEqual([`User/Search/1/${DEFAULT_PAGE_SIZE} 204`, `User/Search/1/${SEEN_PAGE_SIZE} 204`, `User/Search/1/${SEEN_PAGE_SIZE} 204`]);
    expect(client.knowledge().largestPageSize).toBeUndefined();
  });

  it('refused: asked again at 100, then 50, every learner read, and the size kept', async () => {
    const { sandbox, client } = await oneFile({ largestPageSize: SEEN_PAGE_SIZE, largerPages: 'refused' });
    const rows = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1 }));
    expect(rows.length).toBe(learnersOf(sandbox));
    expect(searchesOf(sandbox).slice(0, 3)).toEqual([`User/Search/1/${DEFAULT_PAGE_SIZE} 400`, `User/Search/1/${SMALL_PAGE_SIZE} 400`, `User/Search/1/${SEEN_PAGE_SIZE} 200`]);
    expect(client.knowledge().largestPageSize).toBe(SEEN_PAGE_SIZE);
    const from = sandbox.calls.length;
    await collect(client.searchUsers({ OrganisationID: ORG, Role: 5 }, { pageBase: 1 }));
    expect(searchesOf(sandbox, from)[0]).toBe(`User/Search/1/${SEEN_PAGE_SIZE} 200`);
  });
});
