import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runProbe } from '../../main/cli/probe-command';
import { runUndo } from '../../main/cli/undo-command';
import { readFindings } from '../../main/import/environment/findings';
import { connect } from '../../main/connection/connect';
import { openJournal, readJournal } from '../../main/import/journal/journal';
import type { CreatePlaceOperation } from '../../main/import/plan/types';
import { createRunner } from '../../main/import/run/runner';
import { prepareImport } from '../../main/import/session';
import { leftOver } from '../../main/import/undo/left-over';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, newLearnerRow, planOf, tempDir } from '../import/run-fixtures';
import { startWitness, TOKEN, WINDOW_MS, type Witness } from '../import/onefile-witness';

/**
 * A class or placement a person asked the import to create may be in OneFile by the time
 * the run gets to it: made by hand after the plan read OneFile, or handed back by a OneFile
 * that creates "or else returns" one it had. Either way it is OneFile's, not the run's:
 * used, not made a second time, and never listed by the run's undo for the centre to
 * remove (removing it would take it from whoever else uses it).
 */

const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';
const learnerLines = (tag: string, placement: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${tag}${i + 1},Learner${i + 1},Test${tag},${tag.toLowerCase()}${i + 1}@learners.example.com,James Fayre,Business Admin L2,${placement}`);

async function importWith(witness: Witness, file: string, name: string, meanwhile?: () => void) {
  const { dataDir } = witness;
  const session = await prepareImport({
    file,
    connect: () => connect({ environment: witness.sandbox.baseUrl, customerToken: TOKEN, dataDir, windowMs: WINDOW_MS }),
    organisationId: GUIDE.business,
    dataDir,
    windowMs: WINDOW_MS,
    createMissing: [{ field: 'Placement', name }],
  });
  try {
    meanwhile?.();
    const from = witness.sandbox.calls.length;
    const handle = await session.start();
    const finished = await handle.finished;
    return { plan: session.plan, finished, calls: witness.sandbox.calls.slice(from), runId: finished.run.runId };
  } finally {
    await session.close();
  }
}

/**
 * The look before the create read the organisation's placements page by page, every one of
 * them (no Name filter: how this OneFile compares names is not known), its closing page
 * too; as many calls as the plan counted among its reads.
 */
function expectLookReadEveryPage(run: Awaited<ReturnType<typeof importWith>>) {
  const looks = run.calls.filter((c) => /Placement\/Search/i.test(c.route));
  expect(looks.length).toBeGreaterThanOrEqual(2);
  expect(looks.every((c) => c.route === 'POST Placement/Search/{page}/{size}' && (c.body as { Name?: string }).Name === undefined)).toBe(true);
  expect(run.plan.summary.calls.reads).toBe(looks.length);
}

/** A placement put into OneFile as a colleague would, after the plan read it: its ID. */
function placementByHand(witness: Witness, name: string): number {
  const id = witness.sandbox.store.nextId('placements');
  witness.sandbox.store.put('placements', { ID: id, OrganisationID: GUIDE.business, Name: name, MISID: null });
  return id;
}

async function undoList(witness: Witness, runId: string): Promise<string[]> {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: TOKEN });
  expect(await runUndo(runId, { dataDir: witness.dataDir, json: true, dryRun: true, rateWindowMs: WINDOW_MS }, { ...io, barStream: null }), io.stderr.join('')).toBe(0);
  return (lastJson(io.stdout).plan.remove as { what: string }[]).map((entry) => entry.what);
}

describe('a class or placement to create that OneFile has by the time the run gets to it', () => {
  let witness: Witness;
  afterEach(() => witness?.close());

  it('made by hand after the plan: found by its name, used, not made again, and not on the undo\'s list to remove', async () => {
    witness = await startWitness();
    const file = witness.csv('meanwhile.csv', [HEADER, ...learnerLines('PMW', 'Tesco - Whitby', 3)]);
    let byHand = 0;
    const run = await importWith(witness, file, 'Tesco - Whitby', () => (byHand = placementByHand(witness, 'Tesco - Whitby')));
    // The plan counts the look among its reads.
    expect(run.plan.summary.calls).toMatchObject({ writes: 1 + 3, reads: 1 });
    expect(run.finished.outcome.state).toBe('completed');
    expect(run.calls.filter((c) => c.route === 'POST Placement')).toEqual([]);
    expect(witness.sandbox.store.all('placements').filter((p) => p.Name === 'Tesco - Whitby')).toHaveLength(1);
    const learners = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('PMW'));
    expect(learners.map((u) => u.PlacementID)).toEqual([byHand, byHand, byHand]);
    expect(await undoList(witness, run.runId)).toEqual([]);

    // One the run made itself is on the list.
    const made = await importWith(witness, witness.csv('made.csv', [HEADER, ...learnerLines('PMX', 'Tesco - Scarborough', 1)]), 'Tesco - Scarborough');
    expect(made.calls.filter((c) => c.route === 'POST Placement')).toHaveLength(1);
    expect(await undoList(witness, made.runId)).toEqual(['Create placement Tesco - Scarborough']);
  }, 60_000);

  it('made by hand in other capitals, in a OneFile whose search compares names case by case: found, used, not made again', async () => {
    // The look by name asked for "Tesco - Whitby" and this OneFile answered nothing for "TESCO - WHITBY": the run made a second.
    witness = await startWitness({ textFilters: 'case-sensitive' });
    const file = witness.csv('capitals.csv', [HEADER, ...learnerLines('PMC', 'Tesco - Whitby', 2)]);
    let byHand = 0;
    const run = await importWith(witness, file, 'Tesco - Whitby', () => (byHand = placementByHand(witness, 'TESCO  -  WHITBY')));
    expect(run.plan.summary.calls).toMatchObject({ writes: 1 + 2, reads: 1 });
    expect(run.finished.outcome.state).toBe('completed');
    expect(run.calls.filter((c) => c.route === 'POST Placement')).toEqual([]);
    // The look reads the organisation's placements in one unpaged search, none asked for by name. The one
    // made by hand brings them to 45, a number a default limit could cut at (unpaged.ts, mayBeCutShort): the
    // pages too, one and the empty page that ends them (the plan, reading 44, counted the one call).
    const looks = run.calls.filter((c) => /Placement\/Search/i.test(c.route));
    expect(looks.map((c) => c.route)).toEqual(['POST Placement/Search', 'POST Placement/Search/{page}/{size}', 'POST Placement/Search/{page}/{size}']);
    expect(looks.every((c) => (c.body as { Name?: string }).Name === undefined)).toBe(true);
    expect(witness.sandbox.store.all('placements').filter((p) => /^tesco\s+-\s+whitby$/i.test(p.Name))).toHaveLength(1);
    const learners = witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('PMC'));
    expect(learners.map((u) => u.PlacementID)).toEqual([byHand, byHand]);
    expect(await undoList(witness, run.runId)).toEqual([]);
  }, 60_000);

  it('made by hand after the plan, in a OneFile whose unpaged search answers only its first rows: found page by page, not made again', async () => {
    // Reading every placement in one unpaged call would miss one past the cut; the plan, which
    // confirmed the name missing page by page, found the cut, so the look reads every page.
    witness = await startWitness({ unpagedCap: 3 });
    const file = witness.csv('capped.csv', [HEADER, ...learnerLines('PMK', 'Tesco - Selby', 2)]);
    let byHand = 0;
    const run = await importWith(witness, file, 'Tesco - Selby', () => (byHand = placementByHand(witness, 'Tesco - Selby')));
    expect(run.finished.outcome.state).toBe('completed');
    expect(run.calls.filter((c) => c.route === 'POST Placement')).toEqual([]);
    expect(witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('PMK')).map((u) => u.PlacementID)).toEqual([byHand, byHand]);
    expectLookReadEveryPage(run);
  }, 60_000);

  it('made by hand in other capitals, in a OneFile comparing names case by case whose unpaged search answers only its first rows: not made again', async () => {
    // A look asking by name page by page asked for "Tesco - Malton"; this OneFile answered
    // nothing for "tesco - MALTON", and the run made a second.
    witness = await startWitness({ unpagedCap: 3, textFilters: 'case-sensitive' });
    const file = witness.csv('capped-capitals.csv', [HEADER, ...learnerLines('PMM', 'Tesco - Malton', 2)]);
    let byHand = 0;
    const run = await importWith(witness, file, 'Tesco - Malton', () => (byHand = placementByHand(witness, 'tesco - MALTON')));
    expect(run.finished.outcome.state).toBe('completed');
    expect(run.calls.filter((c) => c.route === 'POST Placement')).toEqual([]);
    expect(witness.sandbox.store.all('placements').filter((p) => /^tesco - malton$/i.test(p.Name))).toHaveLength(1);
    expect(witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('PMM')).map((u) => u.PlacementID)).toEqual([byHand, byHand]);
    expectLookReadEveryPage(run);
    expect(await undoList(witness, run.runId)).toEqual([]);
  }, 60_000);

  it('made by hand after the plan, when OneFile has capped its pages below the probe\'s measurement since: read to the end, not made again', async () => {
    // The probe measured pages of 500 served whole; by the time the run looks, OneFile serves 7
    // a page. The look took its first 7 placements for all of them and made a second.
    witness = await startWitness({ unpagedCap: 3 });
    const probeIo = capturedIo({ ONEFILE_CUSTOMER_TOKEN: TOKEN });
    expect(await runProbe({ env: witness.sandbox.baseUrl, org: GUIDE.business, json: true, dataDir: witness.dataDir }, probeIo)).toBe(0);
    expect(readFindings(witness.dataDir, witness.sandbox.baseUrl)!.knowledge).toMatchObject({ unpagedSearch: 'capped' });
    const file = witness.csv('capped-since.csv', [HEADER, ...learnerLines('PMC', 'Tesco - Thirsk', 2)]);
    let byHand = 0;
    const run = await importWith(witness, file, 'Tesco - Thirsk', () => {
      byHand = placementByHand(witness, 'Tesco - Thirsk');
      witness.sandbox.switches.pageCap = 7;
    });
    expect(run.finished.outcome.state).toBe('completed');
    expect(run.calls.filter((c) => c.route === 'POST Placement')).toEqual([]);
    expect(witness.sandbox.store.all('placements').filter((p) => p.Name === 'Tesco - Thirsk')).toHaveLength(1);
    expect(witness.sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith('PMC')).map((u) => u.PlacementID)).toEqual([byHand, byHand]);
    // Read on past the short pages, at the size served, to the empty one.
    const looks = run.calls.filter((c) => c.route === 'POST Placement/Search/{page}/{size}');
    expect(looks.length).toBeGreaterThan(witness.sandbox.store.all('placements').filter((p) => p.OrganisationID === GUIDE.business).length / 7);
    expect(looks.at(-1)!.status).toBe(204);
  }, 60_000);

  it('two of that name made meanwhile: nothing is created, and the rows that wait for it fail, saying which', async () => {
    witness = await startWitness();
    const file = witness.csv('two.csv', [HEADER, ...learnerLines('PMT', 'Tesco - Filey', 2)]);
    const run = await importWith(witness, file, 'Tesco - Filey', () => {
      for (let i = 0; i < 2; i++) placementByHand(witness, 'Tesco - Filey');
    });
    expect(run.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/.test(c.route))).toEqual([]);
    expect(run.finished.outcome.results.map((r) => r.action)).toEqual(['failed', 'failed']);
    expect(run.finished.outcome.results[0].message).toContain('OneFile has 2 records named "Tesco - Filey"');
  }, 60_000);
});

describe('a OneFile answering a create with a placement it had', () => {
  let sandbox: RunningSandbox;
  afterEach(() => sandbox?.close());

  it('is told from one made by the run by the newest ID the plan knew: used, and left off the undo\'s list', async () => {
    // Made a moment ago, in a OneFile whose searches trail its writes: the look before the
    // create does not see "Tesco - Hull" yet; the create hands it back.
    sandbox = await fastSandbox({ latencyMs: 2, placeCreate: 'existing', searchLagMs: 60_000 });
    const had = sandbox.store.nextId('placements');
    sandbox.store.put('placements', { ID: had, OrganisationID: GUIDE.business, Name: 'Tesco - Hull', MISID: null });
    const newest = Math.max(...sandbox.store.all('placements').map((p) => p.ID));
    const place = (name: string): CreatePlaceOperation => ({ id: `0:create-placement:${name}`, kind: 'create-placement', description: `Create placement ${name}`, name, newestKnownId: newest });
    const [hull, goole] = [place('tesco - hull'), place('Tesco - Goole')];
    const rows = [newLearnerRow(0, 'PCE'), newLearnerRow(1, 'PCE')];
    rows.forEach((row, i) => {
      const create = row.operations[0];
      if (create.kind !== 'create-user') throw new Error('a new learner starts with create-user');
      const { PlacementID: _none, ...fields } = create.fields;
      row.operations[0] = { ...create, fields, placesToCreate: { PlacementID: [hull, goole][i].id } };
    });
    const file = path.join(tempDir('place-existing-'), 'journal.jsonl');
    const client = clientFor(sandbox);
    const outcome = await createRunner({ runId: '20261203T100000000Z-pce001', plan: { ...planOf(rows), creations: [hull, goole] }, client, journal: openJournal(file), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS }).run();
    expect(outcome.results.map((r) => r.action)).toEqual(['created', 'created']);
    const records = readJournal(file).records.flatMap((r) => ('result' in r && r.result ? [{ operationId: r.operationId, result: r.result }] : []));
    const result = (op: CreatePlaceOperation) => records.find((r) => r.operationId === op.id)!.result;
    expect(result(hull)).toEqual({ placeId: had, placeAlreadyThere: true });
    expect(result(goole).placeAlreadyThere).toBeUndefined();
    const made = [hull, goole].map((op) => ({ row: null, op, userId: null, result: result(op) }));
    expect(leftOver(made, new Set()).map((entry) => entry.what)).toEqual(['Create placement Tesco - Goole']);
  });
});
