import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, readJournal, replayJournal } from '../../main/import/journal/journal';
import type { CreatePlaceOperation, ImportPlan, RowPlan } from '../../main/import/plan/types';
import { createRunner } from '../../main/import/run/runner';
import type { RunningSandbox } from '../../main/sandbox';
import { clientFor, fastSandbox, FAST_LOOKS_MS, FAST_RETRY, newLearnerRow, planOf, tempDir } from './run-fixtures';

/**
 * The runner's side of creating a class or placement (issue 13): made once, before
 * the rows that name it and only those wait; journalled as row 0 and not sent again by
 * a run resumed after it was done; refused by OneFile, the rows that name it fail
 * naming it and the others go ahead.
 */

const RUN_ID = '20250105T101010000Z-p1ace5';

function creation(name: string): CreatePlaceOperation {
  return { id: `0:create-placement:${name.toLowerCase()}`, kind: 'create-placement', description: `Create placement ${name}`, name };
}

/** A new learner whose placement is the one `place` creates. */
function waiting(n: number, tag: string, place: CreatePlaceOperation): RowPlan {
  const row = newLearnerRow(n, tag);
  const create = row.operations[0];
  if (create.kind !== 'create-user') throw new Error('a new learner starts with create-user');
  const { PlacementID: _none, ...fields } = create.fields;
  row.operations[0] = { ...create, fields, placesToCreate: { PlacementID: place.id } };
  return row;
}

function planWith(rows: RowPlan[], creations: CreatePlaceOperation[]): ImportPlan {
  return { ...planOf(rows), creations };
}

describe('a run that creates a placement', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await fastSandbox({ latencyMs: 2 });
  });
  afterAll(() => sandbox.close());

  const placesNamed = (name: string) => sandbox.store.all('placements').filter((p) => p.Name === name);
  const placementCreates = (from: number) => sandbox.calls.slice(from).filter((c) => c.route === 'POST Placement');

  it('creates it once, journalled as row 0, gives its ID to the rows that name it, and a resumed run does not send it again', async () => {
    const place = creation('Runner Works - Hull');
    const plan = planWith([waiting(0, 'PCA', place), newLearnerRow(1, 'PCA'), waiting(2, 'PCA', place), waiting(3, 'PCA', place)], [place]);
    const file = path.join(tempDir('places-'), 'journal.jsonl');
    const from = sandbox.calls.length;
    const outcome = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS }).run();
    expect(outcome.results.map((r) => r.action)).toEqual(['created', 'created', 'created', 'created']);

    const [made] = placesNamed('Runner Works - Hull');
    expect(placesNamed('Runner Works - Hull')).toHaveLength(1);
    expect(placementCreates(from)).toHaveLength(1);
    const placements = Object.fromEntries(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith('PCA')).map((u) => [u.MISID, u.PlacementID]));
    expect(placements).toEqual({ PCA0000: made.ID, PCA0001: 18928, PCA0002: made.ID, PCA0003: made.ID });

    const records = readJournal(file).records.filter((r) => r.operationId === place.id);
    expect(records.map((r) => [r.row, r.type])).toEqual([
      [0, 'intent'],
      [0, 'done'],
    ]);
    expect(records[1]).toMatchObject({ result: { placeId: made.ID } });

    // Resumed from that journal (nothing left to do): the placement is not sent again.
    const before = sandbox.calls.length;
    const again = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(file), replay: replayJournal(readJournal(file).records), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS }).run();
    expect(again.state).toBe('completed');
    expect(sandbox.calls.length).toBe(before);
  });

  it('fails only the rows that name a placement OneFile refuses to create, naming it, and imports the others', async () => {
    // No name: the sandbox answers 400, as OneFile refuses a value.
    const refused = creation('');
    const plan = planWith([waiting(0, 'PCR', refused), newLearnerRow(1, 'PCR')], [refused]);
    const outcome = await createRunner({ runId: RUN_ID, plan, client: clientFor(sandbox), journal: openJournal(path.join(tempDir('places-'), 'journal.jsonl')), retry: FAST_RETRY, searchLooksMs: FAST_LOOKS_MS }).run();
    expect(outcome.results.map((r) => r.action)).toEqual(['failed', 'created']);
    expect(outcome.results[0].message).toMatch(/^"Create learner" failed: The placement "" could not be created in OneFile: OneFile rejected POST Placement/);
    expect(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith('PCR')).map((u) => u.MISID)).toEqual(['PCR0001']);
  });
});
