import { describe, expect, it } from 'vitest';
import { collect, isOneFileError } from '../../main/onefile';
import { isNoneFoundAnswer, isSearchRoute } from '../../main/onefile/responses';
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
  it('is "nothing found" where its words say so, or its route has answered before; never a web page or words naming the address', () => {
    expect(isNoneFoundAnswer(answer(404, '{"Message":"No records found."}'), false)).toBe(true);
    expect(isNoneFoundAnswer(answer(404, '{"code":-1,"message":"No users match the criteria given"}'), false)).toBe(true);
    expect(isNoneFoundAnswer(answer(404, '"Nothing found"'), false)).toBe(true);
    // Its route unproven: an empty 404, a bare "Not Found", a server's "no such address" are the 404 they are.
    for (const text of ['', '{"Message":"Not Found"}', '{"Message":"No HTTP resource was found that matches the request URI \'https://x/api/v2.1/User/Search\'."}']) {
      expect(isNoneFoundAnswer(answer(404, text), false), text).toBe(false);
    }
    // Its route proven by an answer: any 404 but a web page or words naming the address.
    expect(isNoneFoundAnswer(answer(404, ''), true)).toBe(true);
    expect(isNoneFoundAnswer(answer(404, '{"Message":"Not Found"}'), true)).toBe(true);
    expect(isNoneFoundAnswer(answer(404, '<html><body>404 - File or directory not found.</body></html>'), true)).toBe(false);
    expect(isNoneFoundAnswer(answer(404, '{"Message":"No route matches the request"}'), true)).toBe(false);
    expect(isNoneFoundAnswer(answer(400, '{"Message":"No records found."}'), true)).toBe(false);
    expect([isSearchRoute('POST User/Search'), isSearchRoute('POST LearningAim/Search/{page}/{size}'), isSearchRoute('GET User/{id}'), isSearchRoute('POST User')]).toEqual([true, true, false, false]);
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
