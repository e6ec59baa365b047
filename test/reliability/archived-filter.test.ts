import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { readFindings } from '../../main/import/environment/findings';
import { collect, createOneFileClient } from '../../main/onefile';
import { GUIDE, startSandbox, type RecordedCall, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { DEFAULT_PAGE_SIZE, SEEN_PAGE_SIZE, SMALL_PAGE_SIZE } from '../../shared/defaults';
import { answer, startScriptedServer } from '../onefile/scripted-server';

/**
 * The importer asks user searches for archived users too (`IncludeArchived: true`), a
 * filter of ours no guide names [assume], so that a row about an archived learner is
 * recognised and not created again. A OneFile binding its filters strictly answers it
 * 400: before this was handled, the directory stopped at the first user search and no
 * import could start. Now such a search is asked again without the filter, the
 * environment remembers it, and the plan says that archived learners could not be seen.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((s) => s.close()));
});

async function strictOneFile(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ windowMs: WINDOW_MS, unknownFilters: 'refused' });
  closing.push(sandbox);
  return sandbox;
}

const askedForArchived = (call: RecordedCall) => JSON.stringify(call.body ?? {}).includes('IncludeArchived');
const refused = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.status === 400);

/** Two learners OneFile has (active) and one new one, with the guide's assessor, class and placement. */
function writeFile(dir: string, sandbox: RunningSandbox): { file: string; existing: string[] } {
  const existing = sandbox.store.usersOf(ORG, 1).filter((u) => !u.Archived && u.MISID && u.Email).slice(0, 2);
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement';
  const line = (misid: string, first: string, last: string, email: string) => [misid, first, last, email, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  const lines = [...existing.map((u) => line(u.MISID!, u.FirstName, u.LastName, u.Email!)), line('STRICT01', 'Sam', 'Strict', 'sam.strict@learners.example.com')];
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return { file, existing: existing.map((u) => u.MISID!) };
}

describe('a OneFile refusing the IncludeArchived filter', () => {
  it('the sandbox plays it: a user search with IncludeArchived is a 400, without it the active users', async () => {
    const sandbox = await strictOneFile();
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, retry: { attempts: 1, baseDelayMs: 10 } });
    closing.push(client);
    const rows = await collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }));
    expect(rows.length).toBeGreaterThan(100);
    // Refused at the page size asked and at the smaller ones (a OneFile may refuse a page size), then asked without the filter.
    expect(sandbox.calls.slice(0, 5).map((c) => `${c.path} ${c.status} ${askedForArchived(c) ? 'archived' : ''}`.trim())).toEqual([
      '/api/v2.1/Authentication 200',
      `/api/v2.1/User/Search/1/${DEFAULT_PAGE_SIZE} 400 archived`,
      `/api/v2.1/User/Search/1/${SMALL_PAGE_SIZE} 400 archived`,
      `/api/v2.1/User/Search/1/${SEEN_PAGE_SIZE} 400 archived`,
      `/api/v2.1/User/Search/1/${DEFAULT_PAGE_SIZE} 200`,
    ]);
    expect(sandbox.calls.slice(5).filter((c) => c.status === 400 || askedForArchived(c))).toEqual([]);
    // The refusal was the filter, not the page size: the larger pages stay.
    expect(client.knowledge().learnedPageCap).toBeUndefined();
    expect(client.knowledge().largestPageSize).toBeUndefined();
    expect(client.archivedFilter()).toBe('refused');
    expect(client.knowledge().archivedFilter).toBe('refused');

    // Known refused: the next search (paged or not) leaves it out at once.
    const from = sandbox.calls.length;
    await collect(client.searchUsers({ OrganisationID: ORG, Role: 5, IncludeArchived: true }));
    await client.listUsers({ OrganisationID: ORG, Role: 10, IncludeArchived: true });
    expect(sandbox.calls.slice(from).filter((c) => c.status === 400 || askedForArchived(c))).toEqual([]);
  });

  it('imports every learner once, says archived learners could not be seen, remembers it, and the next import asks nothing it refuses', async () => {
    const sandbox = await strictOneFile();
    const dir = tempDir('archived-filter-');
    const { file, existing } = writeFile(dir, sandbox);
    const options = { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS };

    const dry = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { ...options, dryRun: true }, dry), dry.stderr.join('')).toBe(0);
    const notes = (lastJson(dry.stdout) as { summary: { notes: Array<{ code: string; message: string }> } }).summary.notes;
    expect(notes.find((n) => n.code === 'archived-users-not-seen')?.message).toMatch(/refuses to be asked for archived users \(the IncludeArchived filter\).*check the 1 new learner against OneFile's archived users/);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.archivedFilter).toBe('refused');

    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, options, io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 1, failed: 0 });
    for (const misid of [...existing, 'STRICT01']) expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === misid), misid).toHaveLength(1);
    // Only searches asking for archived users were refused, and only until it was known.
    expect(refused(sandbox).every(askedForArchived)).toBe(true);

    const from = sandbox.calls.length;
    const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, options, again), again.stderr.join('')).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(sandbox.calls.slice(from).filter((c) => c.status === 400 || askedForArchived(c))).toEqual([]);
  });

  it('a user search refused with the filter and without it is the refusal, and nothing is remembered', async () => {
    const strict = await startScriptedServer((_request, response) => answer(response, 400, { code: -1, message: 'The request is invalid.' }));
    closing.push(strict);
    const client = createOneFileClient({ baseUrl: strict.baseUrl, customerToken: 'CUSTOMER-TOKEN-1', retry: { attempts: 1, baseDelayMs: 10 } });
    closing.push(client);
    await expect(collect(client.searchUsers({ OrganisationID: ORG, Role: 1, IncludeArchived: true }))).rejects.toMatchObject({ kind: 'validation', status: 400 });
    // Each way at the page size asked and at the smaller ones.
    const [asked, small, seen] = [`User/Search/1/${DEFAULT_PAGE_SIZE}`, `User/Search/1/${SMALL_PAGE_SIZE}`, `User/Search/1/${SEEN_PAGE_SIZE}`];
    expect(strict.calls().map((r) => `${r.path} ${r.body.includes('IncludeArchived')}`)).toEqual([`${asked} true`, `${small} true`, `${seen} true`, `${asked} false`, `${small} false`, `${seen} false`]);
    expect(client.archivedFilter()).toBeUndefined();
  });
});
