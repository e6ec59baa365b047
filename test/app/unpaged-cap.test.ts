import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, upload } from './connected-service';
import { exampleWithPlacement } from './example-with-placement';

/**
 * In the app, against a OneFile whose unpaged searches answer only their first 3 rows
 * (test/reliability/unpaged-cap.test.ts has the command line): Review's check of the
 * file's names and the plan both find a placement past those rows, and it is never
 * offered to be created.
 */

/** The built-in sandbox's last placement of organisation 5740 (its seed is fixed): past any 3 rows. */
const FAR_PLACEMENT = 'Royal Mail - Salford';

let dataDir: string;
let service: AppService;

function writeFile(name: string): string {
  return exampleWithPlacement(path.join(dataDir, 'mis'), name, FAR_PLACEMENT);
}

beforeAll(async () => {
  ({ service, dataDir } = await connectedService('onefile-unpaged-cap-', { sandboxSwitches: { unpagedCap: 3 } }));
  await service.handlers.openFile(upload(writeFile('week-1.csv')));
});

afterAll(async () => {
  await service?.close();
});

describe('unpaged searches cut short, in the app', () => {
  it("Review's check finds the placement past the first rows: nothing to choose or create", async () => {
    await service.handlers.checkReferences({ refresh: false });
    const unresolved = await service.handlers.listUnresolved({});
    expect(unresolved.filter((v) => v.field === 'Placement')).toEqual([]);
  });

  it('the plan blocks no row and creates no placement', async () => {
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ blocked: 0 });
    expect(plan.creations).toBeUndefined();
  });
});
