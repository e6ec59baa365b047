import { describe, expect, it } from 'vitest';
import { collect, isOneFileError } from '../../main/onefile';
import { noneFoundReading, isSearchRoute } from '../../main/onefile/responses';
import { GUIDE } from '../../main/sandbox';
import { sandboxWithClient } from './sandbox-client';

/**
 * A OneFile may answer a search that finds nothing 404 ("No records found.") where the
 * guides' examples show 204 [seen] or []. Read as a refusal, every organisation with an
 * exact page of learners, every learner without learning aims and every new learner's
 * email look-up stopped the plan (safe, but no import could run). Read as "nothing found"
 * too readily, a search whose address is missing (an unpaged route a OneFile does not
 * offer, a wrong path) would look empty and every learner new: so only a 404 that cannot
 * be "no such address" is an empty search.
 */

const ORG = GUIDE.business;
const oneFile = sandboxWithClient();

const answer = (status: number, text: string) => ({ status, headers: {}, text });

describe('a 404 to a search', () => {
  it('is "nothing found" where its words say so, bare where they say nothing either way; never a web page or words naming the address', () => {
    expect(noneFoundReading(answer(404, '{"Message":"No records found."}'))).toBe('said');
    expect(noneFoundReading(answer(404, '{"code":-1,"message":"No users match the criteria given"}'))).toBe('said');
    expect(noneFoundReading(answer(404, '"Nothing found"'))).toBe('said');
    // Saying nothing either way: asked again, then "nothing found" only where the route has answered before.
    expect(noneFoundReading(answer(404, ''))).toBe('bare');
    expect(noneFoundReading(answer(404, '{"Message":"Not Found"}'))).toBe('bare');
    // A server's "no such address": the 404 it is.
    expect(noneFoundReading(answer(404, '{"Message":"No HTTP resource was found that matches the request URI \'https://x/api/v2.1/User/Search\'."}'))).toBeUndefined();
    expect(noneFoundReading(answer(404, '<html><body>404 - File or directory not found.</body></html>'))).toBeUndefined();
    expect(noneFoundReading(answer(404, '{"Message":"No route matches the request"}'))).toBeUndefined();
    expect(noneFoundReading(answer(400, '{"Message":"No records found."}'))).toBeUndefined();
    expect([isSearchRoute('POST User/Search'), isSearchRoute('POST LearningAim/Search/{page}/{size}'), isSearchRoute('GET User/{id}'), isSearchRoute('POST User')]).toEqual([true, true, false, false]);
  });

  it('bare, to a page of a search whose route has answered, is asked once more: a stray one does not end the list early', async () => {
    const { sandbox, client } = await oneFile({ strayNotFound: true });
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 50 }));
    // Every learner read, though each page past the first was a bare 404 at first asking.
    expect(everyone.length).toBe(sandbox.store.usersOf(ORG, 1).length);
    expect(new Set(everyone.map((u) => u.ID)).size).toBe(everyone.length);
    const pages = sandbox.calls.filter((c) => /User\/Search\//.test(c.path));
    const strays = pages.filter((c) => c.stray);
    expect(strays.length).toBeGreaterThanOrEqual(8);
    // Each stray page asked again at once, and answered.
    for (const stray of strays) {
      const next = pages[pages.indexOf(stray) + 1];
      expect(next.path).toBe(stray.path);
      expect(next.stray).toBeUndefined();
    }
  });

  it('bare and again bare is "nothing found", at one call more; bare twice to a route never answered stays a refusal', async () => {
    const { sandbox, client } = await oneFile({ emptySearch: '404-bare' });
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 100 }));
    expect(everyone.length).toBe(sandbox.store.usersOf(ORG, 1).length);
    const pages = sandbox.calls.filter((c) => /User\/Search\//.test(c.path));
    // The page past the end asked twice, both 404.
    expect(pages.slice(-2).map((c) => [c.path, c.status])).toEqual([pages.at(-1)!.path, pages.at(-1)!.path].map((p) => [p, 404]));
    // Its pages of rows, the one past them, and that one again: one call more than a 204 costs.
    expect(pages.length).toBe(Math.ceil(everyone.length / 100) + 2);
    // A learner without learning aims, on a route not yet answered in this session: the 404 it is (nothing planned on a guess).
    const learner = sandbox.store.usersOf(ORG, 1).find((u) => !u.Archived && sandbox.store.learningAimsOf(u.ID).length === 0)!;
    const refused = await client.searchLearningAims(learner.ID, { pageBase: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOneFileError(refused) && refused.status).toBe(404);
    expect(sandbox.calls.filter((c) => /LearningAim\/Search/.test(c.path)).map((c) => c.status)).toEqual([404, 404]);
  });

  it('bare to the first call of a search route, then answered: a stray is not taken for a missing route', async () => {
    // Pages counted from 0 and asked from 1: the route's first call is a later page, a stray 404 at its first asking.
    const { sandbox, client } = await oneFile({ strayNotFound: true, pageNumbering: 'from-0' });
    const rows = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 50 }));
    expect(rows.length).toBe(sandbox.store.usersOf(ORG, 1).length - 50);
    const [first, second] = sandbox.calls.filter((c) => /User\/Search\//.test(c.path));
    expect([first.stray, first.status, second.path, second.status]).toEqual([true, 404, first.path, 200]);
  });

  it('answered "No records found." is an empty search: a learner without learning aims, an email no one has, the end of a list of whole pages', async () => {
    const { sandbox, client } = await oneFile({ emptySearch: '404' });
    const learner = sandbox.store.usersOf(ORG, 1).find((u) => !u.Archived)!;
    expect(await client.searchLearningAims(learner.ID, { pageBase: 1 })).toEqual([]);
    expect(await collect(client.searchUsers({ OrganisationID: ORG, Email: 'no.one@nowhere.example.com' }, { pageBase: 1 }))).toEqual([]);
    const everyone = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }, { pageBase: 1, pageSize: 50 }));
    expect(everyone.length).toBe(sandbox.store.usersOf(ORG, 1).length);
    // The last page asked was past the end, answered 404.
    const last = sandbox.calls.filter((c) => /User\/Search\//.test(c.path)).at(-1)!;
    expect(last.status).toBe(404);
  });

  it('naming its address as unknown stays a refusal, even where empty searches are 404s: an unpaged route not offered is never "no classes"', async () => {
    const { sandbox, client } = await oneFile({ emptySearch: '404', unpagedSearchRoutes: false });
    const refused = await client.listClassrooms({ OrganisationID: ORG }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOneFileError(refused) && refused.status).toBe(404);
    // The paged route, which answers, gives the classes.
    const classes = await collect(client.searchClassrooms({ OrganisationID: ORG }, { pageBase: 1 }));
    expect(classes.length).toBe(sandbox.store.all('classrooms').filter((c) => c.OrganisationID === ORG).length);
    expect(classes.length).toBeGreaterThan(0);
  });
});
