import { describe, expect, it } from 'vitest';
import { collect, OneFileError } from '../../main/onefile';
import { answer, scriptedClients, type Script } from './scripted-server';

/**
 * Pages that overlap: a server ordering by something that ties, each page's query
 * breaking the ties its own way, serves a row on two pages and another on none. Read
 * once, the missing row is a learner that looks new. The pager counts the rows its pages
 * served against the different rows it has: short, it reads again with other page edges
 * until every row is in, or stops with an error rather than hand over a partial list.
 */

const clientFor = scriptedClients('customer-token-overlap');
// Searches below are asked with their pages known to start at 1 (`pageBase`): the page-0 check is endpoints.test.ts's.

/** 20 learners, IDs 1..20, all named Smith: the order a page sees is `orderFor(page, size)`. */
const rows = Array.from({ length: 20 }, (_, i) => ({ ID: i + 1, FirstName: `L${i + 1}`, LastName: 'Smith' }));

function pagedIn(orderFor: (page: number, size: number) => number[]): Script {
  return (req, res) => {
    const match = /Search\/(\d+)\/(\d+)$/.exec(req.path);
    if (!match) return answer(res, 404);
    const [page, size] = [Number(match[1]), Number(match[2])];
    const order = orderFor(page, size);
    const slice = order.slice((page - 1) * size, page * size).map((id) => rows[id - 1]);
    return slice.length === 0 ? answer(res, 204) : answer(res, 200, slice);
  };
}

const ids = (list: { ID: number }[]) => list.map((r) => r.ID).sort((a, b) => a - b);
const all = rows.map((r) => r.ID);

describe('pages that overlap', () => {
  it('pages in one order: read once, no call more', async () => {
    const { client, onefile } = await clientFor(pagedIn(() => all));
    expect(ids(await collect(client.searchUsers({ OrganisationID: 1, Role: 1 }, { pageSize: 10, pageBase: 1 })))).toEqual(all);
    // Two whole pages, and the empty one after them asked twice (stray-empty.test.ts): no reading again.
    expect(onefile.calls()).toHaveLength(4);
  });

  it('page 2 in another order than page 1 (row 10 twice, row 11 never): read again with other edges, every row once', async () => {
    // Pages of 10: page 1 sees 1..20, page 2 sees 11 and 10 swapped. Pages of another size see one order.
    const swapped = [...all.slice(0, 9), 11, 10, ...all.slice(11)];
    const { client, onefile } = await clientFor(pagedIn((page, size) => (size === 10 && page === 2 ? swapped : all)));
    const read = await collect(client.searchUsers({ OrganisationID: 1, Role: 1 }, { pageSize: 10, pageBase: 1 }));
    expect(ids(read)).toEqual(all);
    expect(read).toHaveLength(20);
    const sizes = [...new Set(onefile.calls().map((c) => Number(/\/(\d+)$/.exec(c.path)![1])))];
    expect(sizes[0]).toBe(10);
    expect(sizes.length).toBe(2);
  });

  it('pages that never come whole: stopped with a message, not a partial list', async () => {
    // Whatever the size, row 20 is never served: pages after the first see row 1 in its place.
    const { client } = await clientFor(pagedIn((page) => (page === 1 ? all : [...all.slice(0, 19), 1])));
    const error = await collect(client.searchUsers({ OrganisationID: 1, Role: 1 }, { pageSize: 10, pageBase: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneFileError);
    expect((error as OneFileError).message).toMatch(/overlap: read 4 times with different page sizes.*nothing is planned from an incomplete list/s);
  });
});
