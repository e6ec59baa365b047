import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { runResume } from '../../main/cli/resume-command';
import { listRuns } from '../../main/import/journal/run-store';
import { GUIDE } from '../../main/sandbox';
import { killAt, lastJson } from './cli-fixtures';
import { startWitness, TOKEN, WINDOW_MS, type Witness } from './onefile-witness';

/**
 * Issue 13, part 3: a placement the file names that OneFile lacks is created only when
 * asked for by name, counted in the plan and the dry run, created once (lost answers,
 * and a kill at any point, included: OneFile's call log is the witness), and the
 * rows that name it get it. Not asked for, the rows are blocked as before.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/onefile-import');
const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';

function newLearners(tag: string, placement: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const ref = `${tag}${String(i + 1).padStart(3, '0')}`;
    return `${ref},Learner${i + 1},Test${tag},${ref.toLowerCase()}@learners.example.com,James Fayre,Business Admin L2,${placement}`;
  });
}

describe('creating a placement OneFile lacks', () => {
  let witness: Witness;
  beforeEach(async () => {
    witness = await startWitness();
  });
  afterEach(() => witness.close());

  const placementsNamed = (name: string) => witness.sandbox.store.all('placements').filter((p) => p.Name === name);
  const placementCreates = (from = 0) => witness.writesSince(from).filter((w) => w.route === 'POST Placement');

  it('blocks the rows as before when nobody asked for it, and says how to ask', async () => {
    const file = witness.csv('tesco.csv', [HEADER, ...newLearners('TN', 'Tesco - York', 2)]);
    const io = witness.io();
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(2);
    const result = lastJson(io.stdout);
    expect(result.summary).toMatchObject({ blocked: 2, create: 0 });
    expect(result.summary.creations).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ code: 'reference-unmatched', value: 'Tesco - York', rowRanges: ['2-3'] });
    expect(result.problems[0].message).toContain('--create-missing "Placement:Tesco - York"');
    expect(io.stderr.join('')).toContain("--create-missing 'Placement:Tesco - York'");
    expect(witness.writesSince()).toEqual([]);
    expect(placementsNamed('Tesco - York')).toEqual([]);
  });

  it('counts it in the dry run, then creates it once and gives it to every row that names it, new learners and existing', async () => {
    const file = witness.csv('tesco.csv', [HEADER, ...newLearners('TY', 'Tesco - York', 3), 'GHALL391,Gemma,Hall,gemma.hall@learner.example.com,James Fayre,Business Admin L2,tesco - york']);
    const dry = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true, json: true, createMissing: [{ field: 'Placement', name: 'Tesco - York' }] }, dry)).toBe(0);
    const plan = lastJson(dry.stdout).summary;
    expect(plan).toMatchObject({ create: 3, update: 1, blocked: 0, creations: [{ kind: 'placement', name: 'Tesco - York', rows: 4 }] });
    expect(plan.calls.writes).toBe(1 + 3 + 1);
    expect(witness.writesSince()).toEqual([]);

    const io = witness.io();
    expect(await runImport(file, { ...witness.options, json: true, createMissing: [{ field: 'Placement', name: 'Tesco - York' }] }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: 3, updated: 1, failed: 0 });
    const [tesco] = placementsNamed('Tesco - York');
    expect(placementsNamed('Tesco - York')).toHaveLength(1);
    expect(placementCreates()).toEqual([{ route: 'POST Placement', path: 'Placement', body: { OrganisationID: GUIDE.business, Name: 'Tesco - York' } }]);
    // The placement is created before any row that names it is sent.
    const writes = witness.writesSince();
    expect(writes[0].route).toBe('POST Placement');
    const learners = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('TY') || u.MISID === 'GHALL391');
    expect(learners.map((u) => [u.MISID, u.PlacementID])).toEqual([
      ['GHALL391', tesco.ID],
      ['TY001', tesco.ID],
      ['TY002', tesco.ID],
      ['TY003', tesco.ID],
    ]);

    // Next week the placement is OneFile's own: found, not created again.
    const again = witness.io();
    const before = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true, createMissingAll: true }, again)).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ unchanged: 4, calls: 0 });
    expect(witness.writesSince(before)).toEqual([]);
  });

  it('creates it once when OneFile’s answers are lost, finding it by name before sending it again', async () => {
    witness.sandbox.switches.loseEveryNthWrite = 1;
    const file = witness.csv('tesco.csv', [HEADER, ...newLearners('TL', 'Tesco - Leeds North', 4)]);
    const io = witness.io();
    expect(await runImport(file, { ...witness.options, json: true, createMissingAll: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ created: 4, failed: 0 });
    expect(placementCreates()).toHaveLength(1);
    const [leeds] = placementsNamed('Tesco - Leeds North');
    // After the lost create, the organisation's placements were read (one unpaged search) and the name found among them.
    const create = witness.sandbox.calls.findIndex((c) => c.route === 'POST Placement');
    expect(witness.sandbox.calls.slice(create).some((c) => c.route === 'POST Placement/Search' && (c.body as { OrganisationID?: number })?.OrganisationID === GUIDE.business)).toBe(true);
    const learners = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('TL'));
    expect(learners.map((u) => u.PlacementID)).toEqual([leeds.ID, leeds.ID, leeds.ID, leeds.ID]);
  });

  it('does not create a name close to a placement OneFile has, even when asked: it says so and the rows stay blocked', async () => {
    const file = witness.csv('typo.csv', [HEADER, ...newLearners('TT', 'BT - Manchestr', 1)]);
    const io = witness.io();
    expect(await runImport(file, { ...witness.options, dryRun: true, json: true, createMissing: [{ field: 'Placement', name: 'BT - Manchestr' }] }, io)).toBe(1);
    const { summary } = lastJson(io.stdout);
    expect(summary).toMatchObject({ blocked: 1 });
    expect(summary.creations).toBeUndefined();
    expect(summary.notes).toContainEqual({
      code: 'create-missing-close',
      message: 'The placement "BT - Manchestr" is not created: it is close to "BT - Manchester", which OneFile has. Choose that one, or correct the file.',
    });
  });
});

describe('creating a placement, the import killed with SIGKILL and resumed', () => {
  const LEARNERS = 6;
  // Line 1: the placement's intent (sent or not, its answer unknown); 2: its outcome; then the learners.
  for (const point of [1, 2, 5]) {
    it(`creates it once and gives it to every learner when killed at journal line ${point}`, async () => {
      const witness = await startWitness();
      try {
        const name = `Tesco - Kill ${point}`;
        const tag = `KP${point}X`;
        const file = witness.csv('kill.csv', [HEADER, ...newLearners(tag, name, LEARNERS)]);
        const { dataDir } = witness.options;
        const child = spawn(
          process.execPath,
          [CLI, 'import', file, '--env', witness.sandbox.baseUrl, '--org', '5740', '--data-dir', dataDir, '--json', '--rate-window-ms', String(WINDOW_MS), '--create-missing', `Placement:${name}`],
          { cwd: ROOT, env: { ...process.env, ONEFILE_CUSTOMER_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(await killAt(child, dataDir, point)).toBe('killed');
        const [run] = listRuns(dataDir);

        const io = witness.io();
        expect(await runResume(run.runId, { dataDir, json: true, rateWindowMs: WINDOW_MS }, io)).toBe(0);
        expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', failed: 0, pending: 0 });

        const made = witness.sandbox.store.all('placements').filter((p) => p.Name === name);
        expect(made).toHaveLength(1);
        expect(witness.writesSince().filter((w) => w.route === 'POST Placement')).toHaveLength(1);
        const learners = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith(tag));
        expect(learners).toHaveLength(LEARNERS);
        expect(learners.every((u) => u.PlacementID === made[0].ID)).toBe(true);
        expect(witness.writesSince().filter((w) => w.route === 'POST User')).toHaveLength(LEARNERS);
      } finally {
        await witness.close();
      }
    }, 60_000);
  }
});
