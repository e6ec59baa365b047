import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runProbe } from '../../main/cli/probe-command';
import { MOST_PROBE_CALLS } from '../../main/onefile/probe';
import { runImport } from '../../main/cli/import-command';
import { findingsPath, readFindings } from '../../main/import/environment/findings';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * The probe measured how many rows this OneFile serves a page, and saved it: a page
 * shorter than that ends a search, one call fewer. A OneFile upgraded since may serve
 * fewer a page (a new cap): then a short page is not the end, and trusting the old
 * measurement would take the first page for every learner, so those past it would look
 * new and be created twice. A short page whose length may be a cap costs one more call;
 * a cap met drops the measurement, here and for later imports, and the plan says so.
 */

const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

const learnerPages = (sandbox: RunningSandbox, from: number) =>
  sandbox.calls.slice(from).filter((c) => c.route === 'POST User/Search/{page}/{size}' && (c.body as { Role?: number }).Role === 1);

async function probedThenCapped(cap: number) {
  const sandbox = await startSandbox({ windowMs: 500 });
  sandboxes.push(sandbox);
  const dir = tempDir('cap-since-');
  const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  expect(await runProbe({ env: sandbox.baseUrl, org: 5740, json: true, dataDir: dir }, probeIo)).toBe(0);
  // Every user of the organisation came in one page of 500: pages that size are served whole.
  expect(readFindings(dir, sandbox.baseUrl)!.knowledge.servesWhole).toBeGreaterThan(400);
  sandbox.switches.pageCap = cap;
  // Learners past the new cap, each in a row that would create them if they looked new.
  const late = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived && u.MISID && u.Email).slice(-3);
  const file = tempDir('cap-since-file-') + '/learners.csv';
  fs.writeFileSync(
    file,
    'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\n' +
      late.map((u) => `${u.MISID},${u.FirstName},${u.LastName},${u.Email},James Fayre,Business Admin L2,BT - Manchester`).join('\r\n') +
      '\r\n',
  );
  /** An import, or its dry run with the plan's notes. */
  const importOnce = async (dryRun = false) => {
    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, dryRun, rateWindowMs: 500 }, io);
    const said = JSON.parse(io.stdout.join('').trim().split('\n').at(-1)!) as { summary?: { notes?: { code: string; message: string }[] } };
    return { code, calls: sandbox.calls.slice(from), pages: learnerPages(sandbox, from), notes: said.summary?.notes ?? [] };
  };
  return { sandbox, dir, late, importOnce };
}

describe('a OneFile serving fewer rows a page than the probe measured', () => {
  for (const cap of [100, 50, 64]) {
    it(`creates no learner twice when it serves ${cap} a page since, and stops trusting the measurement`, async () => {
      const { sandbox, dir, late, importOnce } = await probedThenCapped(cap);
      const first = await importOnce();
      expect(first.code).toBe(0);
      expect(first.calls.filter((c) => c.route === 'POST User')).toEqual([]);
      for (const u of late) expect(sandbox.store.usersOf(5740, 1).filter((x) => x.MISID === u.MISID)).toHaveLength(1);
      // Read to the end at the size served, ending on an empty page.
      expect(first.pages.length).toBeGreaterThan(Math.ceil(422 / cap));
      expect(first.pages.at(-1)!.status).toBe(204);

      // The measurement is dropped for this OneFile, and the next import's plan says why.
      const knowledge = readFindings(dir, sandbox.baseUrl)!.knowledge;
      expect(knowledge.servesWhole).toBeUndefined();
      expect(knowledge.pageCap).toBeUndefined();
      expect(knowledge.pagesShorterSinceProbe).toBe(cap);
      const second = await importOnce(true);
      expect(second.code).toBe(0);
      expect(second.calls.filter((c) => c.route === 'POST User')).toEqual([]);
      expect(second.pages.at(-1)!.status).toBe(204);
      expect(second.notes.find((n) => n.code === 'pages-shorter-since-probe')?.message).toContain(`served only ${cap} rows a page`);

      // A new probe measures afresh: the cap it finds, and the note is gone.
      const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runProbe({ env: sandbox.baseUrl, org: 5740, json: true, dataDir: dir }, probeIo)).toBe(0);
      expect(readFindings(dir, sandbox.baseUrl)!.knowledge).toMatchObject({ pageCap: cap });
      expect(readFindings(dir, sandbox.baseUrl)!.knowledge.pagesShorterSinceProbe).toBeUndefined();
      const third = await importOnce(true);
      expect(third.calls.filter((c) => c.route === 'POST User')).toEqual([]);
      expect(third.notes.map((n) => n.code)).not.toContain('pages-shorter-since-probe');
    });
  }

  it('creates no learner twice when it serves a number no rule foresees (73) a page, after an import read every learner', async () => {
    // Before, 73 rows (no round number) under the 500 measured ended the search on its first
    // page: the learners past it looked new and were created again.
    const { sandbox, dir, late, importOnce } = await probedThenCapped(0);
    const before = await importOnce();
    expect(before.pages).toHaveLength(1);
    const known = readFindings(dir, sandbox.baseUrl)!.knowledge.listSizes?.['5740:learners'];
    expect(known).toBeGreaterThan(400);
    sandbox.switches.pageCap = 73;
    const after = await importOnce();
    expect(after.code).toBe(0);
    expect(after.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    for (const u of late) expect(sandbox.store.usersOf(5740, 1).filter((x) => x.MISID === u.MISID)).toHaveLength(1);
    // The first page held fewer than the list did: read on, at the size served, to the empty page.
    expect(after.pages.length).toBe(Math.ceil(known! / 73) + 1);
    expect(after.pages.at(-1)!.status).toBe(204);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.pagesShorterSinceProbe).toBe(73);
  });

  it('creates no learner twice when it serves 73 a page between the probe and the first import: the probe counted the learners', async () => {
    // Before, the first import after a probe had no list size: 73 rows under the 500
    // measured ended the search on its first page, and the three learners past it were created again.
    const { sandbox, dir, late, importOnce } = await probedThenCapped(73);
    const counted = readFindings(dir, sandbox.baseUrl)!;
    expect(counted.knowledge.listSizes?.['5740:learners']).toBe(sandbox.store.usersOf(5740, 1).length);
    expect(counted.probe!.findings.find((f) => f.check === 'learner-count')?.found).toBe(`${sandbox.store.usersOf(5740, 1).length} learners`);
    const first = await importOnce();
    expect(first.code).toBe(0);
    expect(first.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    for (const u of late) expect(sandbox.store.usersOf(5740, 1).filter((x) => x.MISID === u.MISID)).toHaveLength(1);
    expect(first.pages.length).toBe(Math.ceil(sandbox.store.usersOf(5740, 1).length / 73) + 1);
    expect(first.pages.at(-1)!.status).toBe(204);
  });

  it('leaves uncounted a list longer than two pages, and the first import reads it to an empty page: no learner twice', async () => {
    const sandbox = await startSandbox({ windowMs: 500 });
    sandboxes.push(sandbox);
    const dir = tempDir('cap-uncounted-');
    const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runProbe({ env: sandbox.baseUrl, org: 5740, json: true, dataDir: dir, pageSize: 100 }, probeIo)).toBe(0);
    const found = readFindings(dir, sandbox.baseUrl)!;
    expect(found.knowledge.servesWhole).toBe(100);
    expect(found.knowledge.listSizes).toBeUndefined();
    expect(found.probe!.findings.find((f) => f.check === 'learner-count')).toMatchObject({ status: 'unknown', found: '200 learners or more: not counted (it would cost more calls than the one it saves)' });
    expect(found.probe!.calls).toBeLessThanOrEqual(MOST_PROBE_CALLS);
    sandbox.switches.pageCap = 73;
    const late = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived && u.MISID && u.Email).slice(-3);
    const file = tempDir('cap-uncounted-file-') + '/learners.csv';
    fs.writeFileSync(file, 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\n' + late.map((u) => `${u.MISID},${u.FirstName},${u.LastName},${u.Email},James Fayre,Business Admin L2,BT - Manchester`).join('\r\n') + '\r\n');
    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, pageSize: 100, rateWindowMs: 500 }, io)).toBe(0);
    expect(sandbox.calls.slice(from).filter((c) => c.route === 'POST User')).toEqual([]);
    for (const u of late) expect(sandbox.store.usersOf(5740, 1).filter((x) => x.MISID === u.MISID)).toHaveLength(1);
    expect(learnerPages(sandbox, from).at(-1)!.status).toBe(204);
  });

  it('creates no member of staff twice when a staff file is imported after a cap set since the probe: their list is read to an empty page', async () => {
    // The assessors' list ended on its first page of 7 (under the 500 measured, and no round
    // number), and the assessor past it was created again.
    const { sandbox, dir } = await probedThenCapped(7);
    const last = sandbox.store.usersOf(5740, 5).filter((u) => !u.Archived && u.MISID && u.Email).at(-1)!;
    expect(sandbox.store.usersOf(5740, 5).length).toBeGreaterThan(7);
    const file = tempDir('cap-staff-file-') + '/staff.csv';
    fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Role\r\n${last.MISID},${last.FirstName},${last.LastName},${last.Email},Assessor\r\n`);
    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, io), io.stdout.join('')).toBe(0);
    expect(sandbox.calls.slice(from).filter((c) => c.route === 'POST User')).toEqual([]);
    expect(sandbox.store.usersOf(5740, 5).filter((u) => u.MISID === last.MISID)).toHaveLength(1);
    const assessorPages = sandbox.calls.slice(from).filter((c) => c.route === 'POST User/Search/{page}/{size}' && (c.body as { Role?: number }).Role === 5);
    expect(assessorPages.at(-1)!.status).toBe(204);
    // Its size is kept: the next import of it ends on the short page once every assessor has come.
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.listSizes?.['5740:staff-5']).toBe(sandbox.store.usersOf(5740, 5).length);
  });

  it('reads every learner to an empty page where no list size is known (saved before the probe counted), then ends on the short page', async () => {
    const { sandbox, dir, late, importOnce } = await probedThenCapped(0);
    // Findings saved by a probe that did not count the learners.
    const file = findingsPath(dir, sandbox.baseUrl);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { knowledge: { listSizes?: object } };
    delete saved.knowledge.listSizes;
    fs.writeFileSync(file, JSON.stringify(saved));
    sandbox.switches.pageCap = 73;
    const first = await importOnce();
    expect(first.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    for (const u of late) expect(sandbox.store.usersOf(5740, 1).filter((x) => x.MISID === u.MISID)).toHaveLength(1);
    expect(first.pages.at(-1)!.status).toBe(204);
    sandbox.switches.pageCap = 0;
    // Fresh findings, no cap met: the size an import read is what ends the next search.
    const { sandbox: again, dir: againDir, importOnce: importAgain } = await probedThenCapped(0);
    const againFile = findingsPath(againDir, again.baseUrl);
    const fresh = JSON.parse(fs.readFileSync(againFile, 'utf8')) as { knowledge: { listSizes?: object } };
    delete fresh.knowledge.listSizes;
    fs.writeFileSync(againFile, JSON.stringify(fresh));
    const unsized = await importAgain();
    expect(unsized.pages.map((p) => p.status)).toEqual([200, 204]);
    const sized = await importAgain();
    expect(sized.pages.map((p) => p.status)).toEqual([200]);
  });

  it('still ends on a short page the probe measured, where the page is no cap anyone sets: the call saved', async () => {
    const { sandbox, importOnce } = await probedThenCapped(0);
    const first = await importOnce();
    expect(first.code).toBe(0);
    expect(first.calls.filter((c) => c.route === 'POST User')).toEqual([]);
    expect(first.pages).toHaveLength(1);
    expect(first.pages[0].status).toBe(200);
    expect(sandbox.store.usersOf(5740, 1).length).toBe(422);
    // The next import knows the list held 422: its one page of 422 is still the end.
    const second = await importOnce();
    expect(second.pages).toHaveLength(1);
  });
});
