import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runProbe } from '../../main/cli/probe-command';
import { readFindings } from '../../main/import/environment/findings';
import { mayBeCutShort } from '../../main/import/directory/unpaged';
import { GUIDE, startSandbox, type RunningSandbox } from '../../main/sandbox';
import { blankUser } from '../../main/sandbox/user-factory';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * `POST {Entity}/Search` without a page is documented to answer every match. A server
 * with a default limit on unbounded queries answers only its first rows, silently, and
 * such limits sit at round numbers. A name missing from a cut answer is read again page
 * by page (unpaged-cap.test.ts), but a name found there was taken as the only record of
 * it: played with the sandbox (`unpagedCap: 50`, a second placement of the first one's
 * name past the cut, no probe), the import created the learner on the first placement
 * without a word, where OneFile's two placements of that name make the row ambiguous.
 * Now an unpaged answer of a round number of rows is read again page by page first.
 */

const WINDOW_MS = 300;
const ORG = GUIDE.business;
const CUT = 50;
const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

async function start(unpagedCap: number) {
  const sandbox = await startSandbox({ windowMs: WINDOW_MS, unpagedCap });
  sandboxes.push(sandbox);
  return sandbox;
}

function placementsOf(sandbox: RunningSandbox) {
  return sandbox.store.all('placements').filter((p) => p.OrganisationID === ORG).sort((a, b) => a.ID - b.ID);
}

/** Placements made up to `count` in all (the seed has 44). */
function placementsUpTo(sandbox: RunningSandbox, count: number): void {
  for (let n = placementsOf(sandbox).length; n < count; n++) {
    sandbox.store.put('placements', { ID: sandbox.store.nextId('placements'), OrganisationID: ORG, Name: `Filler Employer ${n}`, MISID: null });
  }
}

/** A placement of the organisation's first placement's name, made past the first CUT: 56 placements in all. */
function namesakePastTheCut(sandbox: RunningSandbox) {
  const first = placementsOf(sandbox)[0];
  placementsUpTo(sandbox, CUT + 5);
  sandbox.store.put('placements', { ID: sandbox.store.nextId('placements'), OrganisationID: ORG, Name: first.Name, MISID: null });
  return first;
}

function writeFile(dir: string, placement: string): string {
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\nCUT001,Nina,Namesake,cut001@learners.example.com,James Fayre,Business Admin L2,${placement}\r\n`);
  return file;
}

const importOptions = (sandbox: RunningSandbox, dir: string) => ({ env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, rateWindowMs: WINDOW_MS });
const pagedPlacementReads = (sandbox: RunningSandbox, from = 0) => sandbox.calls.slice(from).filter((c) => c.route === 'POST Placement/Search/{page}/{size}').length;
const unpagedPlacementReads = (sandbox: RunningSandbox, from = 0) => sandbox.calls.slice(from).filter((c) => c.route === 'POST Placement/Search').length;

describe('an unpaged search cut at a round number, with two records of one name either side of the cut', () => {
  it('does not take the one in the first rows as the only one: the row is ambiguous, nothing is created, and the cut is remembered', async () => {
    const sandbox = await start(CUT);
    const first = namesakePastTheCut(sandbox);
    const dir = tempDir('unpaged-namesakes-');
    const file = writeFile(dir, first.Name);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const code = await runImport(file, importOptions(sandbox, dir), io);
    // Before: exit 0, the learner created on the first of the two placements.
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'CUT001')).toEqual([]);
    expect(code, io.stderr.join('')).toBe(2);
    const problem = lastJson(io.stdout).problems.find((p: { field: string }) => p.field === 'Placement');
    expect(problem).toMatchObject({ code: 'reference-ambiguous', value: first.Name });
    expect(readFindings(dir, sandbox.baseUrl)?.knowledge.unpagedSearch).toBe('capped');

    // The next import reads every kind page by page from the start.
    const before = sandbox.calls.length;
    const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), again)).toBe(2);
    expect(unpagedPlacementReads(sandbox, before)).toBe(0);
    expect(lastJson(again.stdout).problems.find((p: { field: string }) => p.field === 'Placement')).toMatchObject({ code: 'reference-ambiguous' });
  });

  it('the same for an assessor: a second James Fayre past a cut at 10 assessors makes the row ambiguous, and nothing is created', async () => {
    const sandbox = await start(10);
    const assessors = () => sandbox.store.usersOf(ORG, 5).filter((u) => !u.Archived);
    const put = (first: string, last: string) => {
      const id = sandbox.store.nextId('users');
      const username = `cut.${id}`;
      sandbox.store.put('users', blankUser({ ID: id, Username: username, OrganisationID: ORG, Role: 5, FirstName: first, LastName: last, Email: `${username}@staff.example.com`, LastModified: new Date().toISOString() }));
    };
    for (let n = assessors().length; n < 11; n++) put('Filler', `Assessor ${n}`);
    put('James', 'Fayre');
    expect(assessors().filter((u) => u.FirstName === 'James' && u.LastName === 'Fayre')).toHaveLength(2);
    const dir = tempDir('unpaged-namesakes-');
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(writeFile(dir, placementsOf(sandbox)[1].Name), importOptions(sandbox, dir), io)).toBe(2);
    expect(lastJson(io.stdout).problems.find((p: { field: string }) => p.field === 'Assessor')).toMatchObject({ code: 'reference-ambiguous', value: 'James Fayre' });
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'CUT001')).toEqual([]);
  });

  it('the same for a framework template: a second of one name past a cut at 10 templates makes the row ambiguous, and nothing is given', async () => {
    const sandbox = await start(10);
    const templates = () => sandbox.store.all('templates').filter((t) => t.OrganisationID === ORG).sort((a, b) => a.ID - b.ID);
    const first = templates()[0];
    for (let n = templates().length; n < 11; n++) sandbox.store.put('templates', { ID: sandbox.store.nextId('templates'), OrganisationID: ORG, Name: `Filler Template ${n}`, Standards: [] });
    sandbox.store.put('templates', { ID: sandbox.store.nextId('templates'), OrganisationID: ORG, Name: first.Name, Standards: first.Standards });
    const dir = tempDir('unpaged-namesakes-');
    const file = path.join(dir, 'learners.csv');
    fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Framework Template\r\nCUT001,Nina,Namesake,cut001@learners.example.com,James Fayre,Business Admin L2,${placementsOf(sandbox)[1].Name},${first.Name}\r\n`);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io)).toBe(2);
    expect(lastJson(io.stdout).problems.find((p: { field: string }) => p.field === 'FrameworkTemplate')).toMatchObject({ code: 'reference-ambiguous', value: first.Name });
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'CUT001')).toEqual([]);
    expect(readFindings(dir, sandbox.baseUrl)?.knowledge.unpagedSearch).toBe('capped');
  });

  it('a OneFile answering every match: the same row is ambiguous, as it always was', async () => {
    const sandbox = await start(0);
    const first = namesakePastTheCut(sandbox);
    const dir = tempDir('unpaged-namesakes-');
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(writeFile(dir, first.Name), importOptions(sandbox, dir), io)).toBe(2);
    expect(lastJson(io.stdout).problems.find((p: { field: string }) => p.field === 'Placement')).toMatchObject({ code: 'reference-ambiguous' });
    expect(sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'CUT001')).toEqual([]);
  });

  it('a round number of rows answered whole costs the pages once per import, and is remembered: fewer rows later are believed at once', async () => {
    const sandbox = await start(0);
    placementsUpTo(sandbox, CUT);
    const dir = tempDir('unpaged-namesakes-');
    const file = writeFile(dir, placementsOf(sandbox)[1].Name);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 1, failed: 0 });
    expect(unpagedPlacementReads(sandbox)).toBe(1);
    expect(pagedPlacementReads(sandbox)).toBeGreaterThan(0);
    const knowledge = readFindings(dir, sandbox.baseUrl)!.knowledge;
    expect(knowledge.unpagedSearch).toBeUndefined();
    expect(knowledge.unpagedSeenWhole).toEqual({ Placement: CUT });

    // One placement fewer (49; one moved to another organisation): within what was seen whole, one call.
    sandbox.store.put('placements', { ...placementsOf(sandbox).at(-1)!, OrganisationID: GUIDE.care });
    expect(placementsOf(sandbox)).toHaveLength(CUT - 1);
    const before = sandbox.calls.length;
    const again = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, importOptions(sandbox, dir), again), again.stderr.join('')).toBe(0);
    expect(unpagedPlacementReads(sandbox, before)).toBe(1);
    expect(pagedPlacementReads(sandbox, before)).toBe(0);
  });

  it('after a probe that saw every user come in one call, a staff list of fewer rows is believed in one call, round or not; placements, a search of their own, are still looked at', async () => {
    const sandbox = await start(0);
    placementsUpTo(sandbox, CUT);
    const assessors = () => sandbox.store.usersOf(ORG, 5).filter((u) => !u.Archived);
    for (let n = assessors().length; n < 10; n++) {
      const id = sandbox.store.nextId('users');
      sandbox.store.put('users', blankUser({ ID: id, Username: `fill.${id}`, OrganisationID: ORG, Role: 5, FirstName: 'Filler', LastName: `Assessor ${n}`, Email: `fill.${id}@staff.example.com`, LastModified: new Date().toISOString() }));
    }
    const dir = tempDir('unpaged-namesakes-');
    const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runProbe({ env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true }, probeIo), probeIo.stderr.join('')).toBe(0);
    // The organisation's users not archived (the unpaged search asks for no archived one), all in one call.
    const users = sandbox.store.usersOf(ORG).filter((u) => !u.Archived).length;
    expect(users).toBeGreaterThan(CUT);
    expect(lastJson(probeIo.stdout).knowledge).toMatchObject({ unpagedSeenWhole: { User: users } });
    const before = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(writeFile(dir, placementsOf(sandbox)[1].Name), importOptions(sandbox, dir), io), io.stderr.join('')).toBe(0);
    const assessorReads = sandbox.calls.slice(before).filter((c) => c.route.startsWith('POST User/Search') && (c.body as { Role?: number }).Role === 5);
    expect(assessorReads.map((c) => c.route)).toEqual(['POST User/Search']);
    expect(unpagedPlacementReads(sandbox, before)).toBe(1);
    expect(pagedPlacementReads(sandbox, before)).toBeGreaterThan(0);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.unpagedSeenWhole).toEqual({ User: users, Placement: CUT });
  });
});

describe('mayBeCutShort', () => {
  it('takes round numbers of rows for a possible cut, from what was seen whole up', () => {
    for (const rows of [10, 20, 25, 50, 64, 75, 100, 128, 200, 250, 256, 500, 512, 1000, 1024, 2000, 5000]) expect(mayBeCutShort(rows, undefined), String(rows)).toBe(true);
    for (const rows of [0, 1, 3, 8, 9, 11, 33, 44, 49, 51, 99, 101, 422, 999]) expect(mayBeCutShort(rows, undefined), String(rows)).toBe(false);
    expect(mayBeCutShort(100, 450)).toBe(false);
    expect(mayBeCutShort(500, 450)).toBe(true);
    expect(mayBeCutShort(450, 450)).toBe(true);
  });
});
