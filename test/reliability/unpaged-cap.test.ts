import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runProbe } from '../../main/cli/probe-command';
import { readFindings } from '../../main/import/environment/findings';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `POST {Entity}/Search` without a page is documented to return every match [doc], and
 * the directory reads classes, placements, staff, standards and units with it (one call
 * each). A OneFile with a default limit on unbounded queries would answer only the first
 * N, silently. Then a class, assessor or standard past the limit looks missing: its rows
 * would be refused as naming nothing, and a class asked to be created would be created a
 * second time. The importer must read such a kind again page by page before it calls a
 * name missing, and remember that this OneFile cuts its unpaged searches short.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const CAP = 3;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

/** Records past the first CAP of their kind: what a capped unpaged search leaves out. */
function pastTheCap(sandbox: RunningSandbox) {
  const last = <T,>(rows: T[]) => {
    expect(rows.length, 'the organisation has more records of the kind than the cap').toBeGreaterThan(CAP);
    return rows[rows.length - 1];
  };
  const byId = <T extends { ID: number }>(rows: T[]) => [...rows].sort((a, b) => a.ID - b.ID);
  return {
    classroom: last(byId(sandbox.store.all('classrooms').filter((c) => c.OrganisationID === ORG))),
    placement: last(byId(sandbox.store.all('placements').filter((p) => p.OrganisationID === ORG))),
    assessor: last(byId(sandbox.store.usersOf(ORG, 5).filter((u) => !u.Archived))),
    standard: last(byId(sandbox.store.all('standards').filter((s) => s.OrganisationID === ORG))),
  };
}

function writeFile(dir: string, sandbox: RunningSandbox): { file: string; misids: string[] } {
  const far = pastTheCap(sandbox);
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Standards';
  const misids = ['CAP001', 'CAP002', 'CAP003'];
  const lines = misids.map((misid, i) =>
    [misid, `Learner${i + 1}`, 'Capped', `${misid.toLowerCase()}@learners.example.com`, `${far.assessor.FirstName} ${far.assessor.LastName}`, far.classroom.Name, far.placement.Name, far.standard.Title].join(','),
  );
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return { file, misids };
}

async function start(unpagedCap: number) {
  const sandbox = await startSandbox({ windowMs: WINDOW_MS, unpagedCap });
  sandboxes.push(sandbox);
  return sandbox;
}

const importOptions = (sandbox: RunningSandbox, dir: string) => ({ env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS });

describe('unpaged searches that answer only their first rows', () => {
  it('the sandbox plays it: an unpaged search answers at most N rows, a paged one every row', async () => {
    const sandbox = await start(CAP);
    const base = sandbox.baseUrl.replace(/\/?$/, '/');
    const token = await (await fetch(`${base}Authentication`, { method: 'POST', headers: { 'X-CustomerToken': sandbox.customerToken } })).text();
    const search = async (route: string) =>
      (await (await fetch(`${base}${route}`, { method: 'POST', headers: { 'X-TokenID': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ OrganisationID: ORG }) })).json()) as unknown[];
    expect(await search('Classroom/Search')).toHaveLength(CAP);
    expect((await search('Classroom/Search/1/100')).length).toBeGreaterThan(CAP);
  });

  it('names past the cap are found by reading their kinds page by page; every learner is created once, with them', async () => {
    const sandbox = await start(CAP);
    const dir = tempDir('unpaged-cap-');
    const { file, misids } = writeFile(dir, sandbox);
    const far = pastTheCap(sandbox);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, importOptions(sandbox, dir), io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 3, failed: 0 });
    for (const misid of misids) {
      const learners = sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === misid);
      expect(learners, misid).toHaveLength(1);
      expect(learners[0]).toMatchObject({ ClassroomID: far.classroom.ID, PlacementID: far.placement.ID, DefaultAssessorID: far.assessor.ID });
      expect(sandbox.store.learningAimsOf(learners[0].ID).map((a) => a.StandardID)).toEqual([far.standard.ID]);
    }

    // The next import knows this OneFile cuts unpaged searches short: it reads by pages from the start, and sends nothing.
    const unpagedSearches = () => sandbox.calls.filter((c) => c.route.endsWith('/Search') && c.route !== 'POST Organisation/Search').length;
    const unpagedBefore = unpagedSearches();
    const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), again), again.stderr.join('')).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(unpagedSearches()).toBe(unpagedBefore);
  });

  it('a class asked to be created that exists past the cap is not created a second time', async () => {
    const sandbox = await start(CAP);
    const dir = tempDir('unpaged-cap-');
    const { file } = writeFile(dir, sandbox);
    const far = pastTheCap(sandbox);
    const classesBefore = sandbox.store.all('classrooms').length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { ...importOptions(sandbox, dir), createMissing: [{ field: 'Classroom', name: far.classroom.Name }] }, io);
    expect(code, io.stderr.join('')).toBe(0);
    expect(sandbox.store.all('classrooms')).toHaveLength(classesBefore);
    expect(sandbox.store.all('classrooms').filter((c) => c.Name === far.classroom.Name)).toHaveLength(1);
    expect(sandbox.calls.filter((c) => c.route === 'POST Classroom')).toHaveLength(0);
  });

  it('keeps no list size from an unpaged answer, which may be cut short: only a list read page by page says its size', async () => {
    const sandbox = await start(CAP);
    const dir = tempDir('unpaged-cap-');
    // Names within the first rows: nothing is missing, so nothing is read again page by page.
    const near = sandbox.store.all('classrooms').filter((c) => c.OrganisationID === ORG).sort((a, b) => a.ID - b.ID)[0];
    const placement = sandbox.store.all('placements').filter((p) => p.OrganisationID === ORG).sort((a, b) => a.ID - b.ID)[0];
    const file = path.join(dir, 'near.csv');
    fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\nCAPN01,Near,Capped,capn01@learners.example.com,James Fayre,${near.Name},${placement.Name}\r\n`);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    const sizes = readFindings(dir, sandbox.baseUrl)!.knowledge.listSizes ?? {};
    // Before, the classes' and placements' sizes were kept as the 3 the cut answers held.
    expect(sizes[`${ORG}:classrooms`]).toBeUndefined();
    expect(sizes[`${ORG}:placements`]).toBeUndefined();
    expect(sizes[`${ORG}:learners`]).toBe(sandbox.store.usersOf(ORG, 1).length - 1);
  });

  it('a OneFile that returns every match costs nothing more: no page read when every name is found', async () => {
    const sandbox = await start(0);
    const dir = tempDir('unpaged-cap-');
    const { file } = writeFile(dir, sandbox);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    const pagedStaffOrPlaces = sandbox.calls.filter((c) => /^POST (Classroom|Placement|Standard)\/Search\/\{page\}/.test(c.route));
    expect(pagedStaffOrPlaces).toEqual([]);
  });

  it('the probe finds the cap without writing, and the import after it reads by pages at once', async () => {
    const sandbox = await start(CAP);
    const dir = tempDir('unpaged-cap-');
    const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runProbe({ env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true }, probeIo), probeIo.stderr.join('')).toBe(0);
    const report = lastJson(probeIo.stdout);
    const finding = report.findings.find((f: { check: string }) => f.check === 'unpaged-cap');
    expect(finding).toMatchObject({ status: 'differs' });
    expect(report.knowledge).toMatchObject({ unpagedSearch: 'capped' });

    const { file } = writeFile(dir, sandbox);
    const callsBefore = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 3, failed: 0 });
    const unpaged = sandbox.calls.slice(callsBefore).filter((c) => /^POST (Classroom|Placement|Standard|Unit|User)\/Search$/.test(c.route));
    expect(unpaged).toEqual([]);
  });
});

/**
 * The guides read classes and placements with the unpaged search, but standards and units
 * only page by page; a OneFile (or an API version) without the unpaged route answers it
 * 404. Before this was handled the directory stopped at the first such answer and nothing
 * could be imported; now the kind is read page by page, and this OneFile is remembered as
 * having none.
 */
describe('unpaged searches that OneFile does not offer (404)', () => {
  const unpagedOptional = (sandbox: RunningSandbox, from = 0) =>
    sandbox.calls.slice(from).filter((c) => /^POST (Classroom|Placement|Standard|Unit|User)\/Search$/.test(c.route));

  it('every kind is read page by page; every learner is created once, and the next import asks for none of them', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, unpagedSearchRoutes: false });
    sandboxes.push(sandbox);
    const dir = tempDir('unpaged-none-');
    const { file, misids } = writeFile(dir, sandbox);
    const far = pastTheCap(sandbox);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 3, failed: 0 });
    expect(unpagedOptional(sandbox).every((c) => c.status === 404)).toBe(true);
    for (const misid of misids) {
      const learners = sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === misid);
      expect(learners, misid).toHaveLength(1);
      expect(learners[0]).toMatchObject({ ClassroomID: far.classroom.ID, PlacementID: far.placement.ID, DefaultAssessorID: far.assessor.ID });
      expect(sandbox.store.learningAimsOf(learners[0].ID).map((a) => a.StandardID)).toEqual([far.standard.ID]);
    }

    const before = sandbox.calls.length;
    const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), again), again.stderr.join('')).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(unpagedOptional(sandbox, before)).toEqual([]);
  });

  it('the probe says so, without writing, and the import after it asks for none', async () => {
    const sandbox = await startSandbox({ windowMs: WINDOW_MS, unpagedSearchRoutes: false });
    sandboxes.push(sandbox);
    const dir = tempDir('unpaged-none-');
    const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runProbe({ env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true }, probeIo), probeIo.stderr.join('')).toBe(0);
    const report = lastJson(probeIo.stdout);
    expect(report.findings.find((f: { check: string }) => f.check === 'unpaged-cap')).toMatchObject({ status: 'differs', found: expect.stringContaining('not offered here (POST User/Search: HTTP 404)') });
    expect(report.knowledge).toMatchObject({ unpagedSearch: 'not-offered' });

    const { file } = writeFile(dir, sandbox);
    const before = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 3, failed: 0 });
    expect(unpagedOptional(sandbox, before)).toEqual([]);
  });
});
