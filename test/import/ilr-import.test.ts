import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runImport } from '../../main/cli/import-command';
import { runResolve } from '../../main/cli/resolve-command';
import { runResume } from '../../main/cli/resume-command';
import { listRuns, runPaths } from '../../main/import/journal/run-store';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { canariesIn, generateCentre, ilrXml, writeIlrFile } from '../ilr/ilr-generator';
import { writtenText } from '../ilr/written-text';
import { capturedIo, filesUnder, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * The ILR file as a source, end to end through the command line into the built-in
 * sandbox: a centre's 500 learners of every kind, the new apprentices created once with
 * their standard (after one confirmed StdCode choice), dates and placement.
 */

const FAST = { rateWindowMs: 500 };
/** Employers (ERNs) that are placements in OneFile by their MIS ID, and one known only by a choice. */
const ERNS = ['154549452', '100200300', '100200301'];
const ERN_BY_CHOICE = '100200302';
const EVERY_ROW = { Assessor: 'Kate Anderson', Classroom: 'Business Admin L2' };

/** Adds the employers as placements of organisation 5740 in the data folder's built-in sandbox, through its API. */
async function addPlacements(dataDir: string): Promise<Map<string, number>> {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    const auth = await fetch(`${sandbox.baseUrl}Authentication`, { method: 'POST', headers: { 'X-CustomerToken': sandbox.customerToken } });
    const session = (await auth.text()).replace(/^"|"$/g, '');
    const ids = new Map<string, number>();
    for (const [index, ern] of ERNS.entries()) {
      const created = await fetch(`${sandbox.baseUrl}Placement`, {
        method: 'POST',
        headers: { 'X-TokenID': session, 'Content-Type': 'application/json' },
        body: JSON.stringify({ OrganisationID: 5740, Name: `ILR Employer ${index + 1}`, MISID: ern }),
      });
      ids.set(ern, ((await created.json()) as { ID: number }).ID);
    }
    ids.set(ERN_BY_CHOICE, sandbox.store.all('placements').find((p) => p.MISID === 'BT54810A')!.ID);
    return ids;
  } finally {
    await sandbox.close();
  }
}

async function learnersIn(dataDir: string, tag: string) {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    return sandbox.store
      .usersOf(5740, 1)
      .filter((u) => u.MISID?.startsWith(tag))
      .map((u) => ({ user: u, aims: sandbox.store.learningAimsOf(u.ID).map((a) => a.StandardID) }));
  } finally {
    await sandbox.close();
  }
}

describe('importing an ILR file', () => {
  it('creates the new apprentices once, with their standard, dates and placement, and leaves the ended ones out', async () => {
    const dir = tempDir('ilr-');
    const placements = await addPlacements(dir);
    const centre = generateCentre({ learners: 500, tag: 'ILR', employers: [...ERNS, ERN_BY_CHOICE] });
    const file = path.join(dir, 'ILR-10012345-2425-20250106-090000-01.xml');
    writeIlrFile(file, centre.map((l) => l.spec), { canaries: true });
    const fresh = centre.filter((l) => l.kind === 'new');
    const reportDir = path.join(dir, 'reports');
    const base = { env: 'sandbox', org: 5740, dataDir: dir, json: true, everyRow: EVERY_ROW, reportDir, ...FAST };

    // The first look: StdCode 6 is not a OneFile standard yet, and one employer is no placement's MIS ID.
    const first = capturedIo();
    expect(await runImport(file, { ...base, dryRun: true }, first)).toBe(1);
    const dry = lastJson(first.stdout);
    expect(dry.ilr).toMatchObject({ learners: 500, read: fresh.length, ended: 200, notApprenticeship: 100, includeEnded: false });
    expect(JSON.stringify(dry.problems)).toContain('StdCode 6');
    // A code is no name: no guess is offered, only the choice.
    expect(JSON.stringify(dry.problems)).toContain('Choose which standard it is (remembered for next time).');
    expect(JSON.stringify(dry.problems)).not.toContain('Did you mean');
    expect(listRuns(dir)).toEqual([]);

    // The user confirms once: StdCode 6 is OneFile's Business Administrator, and the one employer is "BT - Manchester".
    const resolve = capturedIo();
    const accept = ['StdCode:6=Business Administrator Level 3', `EmpId:${ERN_BY_CHOICE}=BT - Manchester`];
    expect(await runResolve(file, { env: 'sandbox', org: 5740, dataDir: dir, accept, ...FAST }, resolve), resolve.stderr.join('') + resolve.stdout.join('')).toBe(0);

    const io = capturedIo();
    expect(await runImport(file, base, io)).toBe(0);
    const summary = lastJson(io.stdout);
    expect(summary).toMatchObject({ state: 'completed', created: fresh.length, updated: 0, failed: 0, skipped: 0 });

    const saved = await learnersIn(dir, 'ILR');
    expect(saved.map((l) => l.user.MISID).sort()).toEqual(fresh.map((l) => l.spec.ref).sort());
    for (const learner of fresh) {
      const found = saved.find((l) => l.user.MISID === learner.spec.ref)!;
      const aim = learner.spec.deliveries[0];
      expect(found.aims).toEqual([4001]);
      expect(found.user).toMatchObject({
        FirstName: learner.spec.givenNames,
        ULN: learner.spec.uln,
        StartOn: `${aim.start}T00:00:00.000Z`,
        PlannedEndDate: `${aim.plannedEnd}T00:00:00.000Z`,
        PlacementID: placements.get(learner.empId!),
        L13: learner.spec.sex,
        HomeAddress: [...learner.spec.addLines, learner.spec.postcode].join(', '),
      });
    }

    // Next month's run of the same file changes nothing.
    const again = capturedIo();
    expect(await runImport(file, base, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: fresh.length, calls: 0 });

    // Nothing the importer wrote holds the ILR's fields it does not map.
    const written = filesUnder(dir).filter((f) => f !== file);
    expect(written.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true);
    expect(written.some((f) => f.endsWith('.xlsx'))).toBe(true);
    for (const writtenFile of written) {
      const text = await writtenText(writtenFile);
      expect(canariesIn(text), writtenFile).toEqual([]);
    }
  }, 120_000);

  it('reads the ended apprenticeships when asked, and its errors report is a workbook of the rows that says an ILR is not edited', async () => {
    const dir = tempDir('ilr-');
    const centre = generateCentre({ learners: 20, tag: 'END', employers: ['999000111'] });
    const file = path.join(dir, 'ilr.xml');
    fs.writeFileSync(file, ilrXml(centre.map((l) => l.spec)));
    const io = capturedIo();
    const code = await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, includeEnded: true, skipInvalid: true, everyRow: EVERY_ROW, ...FAST }, io);
    expect(code).toBe(1);
    const text = io.stdout.join('');
    expect(text).toContain('ilr.xml: 20 learners in the file: 16 apprenticeships read (ended ones included); 4 left out (4 not on an apprenticeship standard).');
    expect(text).toContain('An ILR file cannot be edited and imported again');
    const [run] = listRuns(dir);
    expect(run.file.format).toBe('ilr');
    const errors = run.reports!.errors!.xlsx;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(errors);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Errors', 'About these rows']);
    expect(String(workbook.worksheets[0].getRow(1).getCell(1).value)).toBe('LearnRefNumber');
    expect(workbook.worksheets[0].rowCount).toBe(17);
    expect(String(workbook.worksheets[1].getRow(1).getCell(1).value)).toContain('An ILR file cannot be edited and imported again');

    // Resume of a finished run has nothing to do; of the ILR's run, as of any: the run folder holds the rows.
    const resumed = capturedIo();
    expect(await runResume(run.runId, { dataDir: dir, ...FAST }, { ...resumed, env: {} })).toBe(2);
    expect(resumed.stderr.join('')).toContain('nothing to resume');
  }, 60_000);

  it('resumes a stopped ILR run from its folder, creating no one twice', async () => {
    const dir = tempDir('ilr-');
    const centre = generateCentre({ learners: 20, tag: 'RSM', employers: ['BT54810A'] });
    const fresh = centre.filter((l) => l.kind === 'new');
    const file = path.join(dir, 'ilr.xml');
    fs.writeFileSync(file, ilrXml(centre.map((l) => l.spec)));
    const profile = path.join(dir, 'ilr-profile.json');
    fs.writeFileSync(profile, JSON.stringify({ columns: {}, values: { Standards: { 'StdCode 6': 'Business Administrator Level 3' } }, everyRow: EVERY_ROW }));
    const io = capturedIo();
    let stop: (() => void) | undefined;
    io.onInterrupt = (handler) => {
      stop = handler;
      return () => {};
    };
    // 10 calls a window: the run takes a few windows, so the stop lands mid-run.
    const started = runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, json: true, mapping: profile, concurrency: 1, budget: 10, ...FAST }, io);
    // Ctrl+C once the first learner is in (the journal says so).
    for (let i = 0; i < 2_000; i++) {
      const [run] = listRuns(dir);
      if (run && fs.existsSync(runPaths(dir, run.runId).journal) && fs.readFileSync(runPaths(dir, run.runId).journal, 'utf8').includes('"done"')) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stop!();
    expect(await started).toBe(1);
    const stopped = lastJson(io.stdout);
    expect(stopped).toMatchObject({ state: 'cancelled' });
    expect(stopped.pending).toBeGreaterThan(0);

    const resumed = capturedIo();
    expect(await runResume(stopped.runId, { dataDir: dir, json: true, ...FAST }, { ...resumed, env: {} })).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ state: 'completed', created: fresh.length, pending: 0 });
    const saved = await learnersIn(dir, 'RSM');
    expect(saved.map((l) => l.user.MISID).sort()).toEqual(fresh.map((l) => l.spec.ref).sort());
    expect(saved.every((l) => l.aims.join() === '4001')).toBe(true);
  }, 60_000);

  it('imports nothing from an ILR it cannot read, and says why', async () => {
    const dir = tempDir('ilr-');
    const good = ilrXml(generateCentre({ learners: 5, tag: 'BAD', employers: ['154549452'] }).map((l) => l.spec));
    const cases: Array<[string, string, string]> = [
      ['malformed.xml', good.replace('</GivenNames>', '</Given>'), 'is not well-formed XML'],
      ['dtd.xml', good.replace('<Message', '<!DOCTYPE Message SYSTEM "http://example.com/x.dtd">\n<Message'), 'declares a document type'],
      ['entity.xml', good.replace('<Message', '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Message').replace('Test MIS', '&x;'), 'declares a document type'],
      ['other-root.xml', '<?xml version="1.0"?>\n<Export><Learner/></Export>\n', 'is not an ILR: its root element is <Export>'],
      ['truncated.xml', good.slice(0, Math.floor(good.length * 0.6)), 'was cut short'],
    ];
    for (const [name, content, says] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const io = capturedIo();
      expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir: dir, everyRow: EVERY_ROW, ...FAST }, io), name).toBe(2);
      expect(io.stderr.join(''), name).toContain(`${name}: `);
      expect(io.stderr.join(''), name).toContain(says);
    }
    expect(listRuns(dir)).toEqual([]);
    expect(fs.existsSync(sandboxStatePath(dir))).toBe(false);
  });
});
