import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { exampleWithPlacement } from './example-with-placement';

/**
 * Through the app's service (issue 13): a placement the file names that OneFile lacks
 * is offered to be created in Review, only such a name can be ticked, the plan counts
 * it once ticked, and another file starts with nothing ticked.
 */

let dataDir: string;
let service: AppService;
const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

function writeFile(name: string, placement: string): string {
  return exampleWithPlacement(path.join(dataDir, 'mis'), name, placement);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-create-missing-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  await service.handlers.openFile(upload(writeFile('week-1.csv', 'Tesco - York')));
  await service.handlers.checkReferences({ refresh: false });
});

afterAll(async () => {
  await service?.close();
});

describe('a placement OneFile lacks, in the app', () => {
  it('is offered unticked; unticked, its rows are not imported', async () => {
    const [item] = (await service.handlers.listUnresolved({})).filter((v) => v.value === 'Tesco - York');
    expect(item).toMatchObject({ field: 'Placement', kind: 'unmatched', rows: 2, creatable: true, create: false });
    const plan = await service.handlers.planImport({ skipInvalid: true });
    expect(plan).toMatchObject({ create: 23, skipped: 2 });
    expect(plan.creations).toBeUndefined();
  });

  it('ticked, is counted in the plan with the rows that wait for it; a name OneFile has nothing like cannot be forced', async () => {
    await expect(service.handlers.setCreateMissing({ field: 'Classroom', value: 'Business Admin L2', create: true })).rejects.toMatchObject({ code: 'bad-choice' });
    await service.handlers.setCreateMissing({ field: 'Placement', value: 'tesco - york', create: true });
    const [item] = (await service.handlers.listUnresolved({})).filter((v) => v.value === 'Tesco - York');
    expect(item.create).toBe(true);
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: 25, blocked: 0, creations: [{ kind: 'placement', name: 'Tesco - York', rows: 2 }] });
    expect(plan.calls.writes).toBe(25 + 25 + 1);
  });

  it('ticked, its rows are no longer errors in Review but worth a look, saying the import creates it', async () => {
    const counts = await service.handlers.getCounts({});
    expect(counts).toMatchObject({ withErrors: 0, unresolvedRows: 0, valid: 25 });
    expect(counts.readyWithWarnings).toBeGreaterThanOrEqual(2);
    expect((await service.handlers.getRows({ filter: 'errors', offset: 0, limit: 50 })).total).toBe(0);
    const worthALook = await service.handlers.getRows({ filter: 'warnings', offset: 0, limit: 50 });
    const tesco = worthALook.rows.filter((row) => row.cells.includes('Tesco - York'));
    expect(tesco).toHaveLength(2);
    for (const row of tesco) {
      expect(row.status).toBe('warning');
      expect(row.issues).toContainEqual(
        expect.objectContaining({ severity: 'warning', code: 'reference-created', message: 'No placement in OneFile is called "Tesco - York": the import creates it first, as asked, and gives it to this row.' }),
      );
    }
    const problems = await service.handlers.listProblems({});
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'reference-created', kind: 'new placement: the import creates it first', rows: 2 }));
  });

  it('unticked again, blocks its rows as before; another file starts with nothing ticked', async () => {
    // Review counts them as errors again, as names to resolve.
    await service.handlers.setCreateMissing({ field: 'Placement', value: 'Tesco - York', create: false });
    expect(await service.handlers.getCounts({})).toMatchObject({ withErrors: 2, unresolvedRows: 2, valid: 23 });
    const problems = await service.handlers.listProblems({});
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', code: 'reference-unmatched', kind: 'no such placement', rows: 2 }));
    await service.handlers.setCreateMissing({ field: 'Placement', value: 'Tesco - York', create: false });
    expect((await service.handlers.planImport({ skipInvalid: false })).blocked).toBe(2);
    await service.handlers.setCreateMissing({ field: 'Placement', value: 'Tesco - York', create: true });
    await service.handlers.openFile(upload(writeFile('week-2.csv', 'Tesco - York')));
    await service.handlers.checkReferences({ refresh: false });
    const [item] = (await service.handlers.listUnresolved({})).filter((v) => v.value === 'Tesco - York');
    expect(item.create).toBe(false);
  });
});
