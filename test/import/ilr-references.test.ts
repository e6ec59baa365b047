import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadDirectory, type Directory } from '../../main/import/directory/download';
import { listUnresolvedValues } from '../../main/import/plan/references';
import { roleOfRow } from '../../main/import/plan/plan';
import { createResolver } from '../../main/import/directory/resolve';
import { GUIDE } from '../../main/sandbox';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import { makeTable } from '../shared/make-table';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

/**
 * An ILR's codes against the organisation's directory: an EmpId finds a placement by
 * its MIS ID only, a StdCode finds nothing by itself; both are chosen once from every
 * record of their kind, and the choice (a value map) then resolves every row.
 */
describe("resolving an ILR's EmpId and StdCode", () => {
  let fixture: SandboxWithClient;
  let directory: Directory;

  beforeAll(async () => {
    fixture = await startSandboxWithClient();
    directory = await downloadDirectory(fixture.client, GUIDE.business);
  });
  afterAll(() => fixture.close());

  const rowsOf = (cells: string[][], values = {}) => {
    const table = makeTable(['LearnRefNumber', 'EmpId', 'StdCode'], cells);
    const mapping = { ...toMapping(autoMap(table.headers).columns), values };
    return mapTable(table, mapping, { today: '2025-10-01', valueMaps: values });
  };

  it('takes an EmpId as a placement MIS ID only, never a OneFile ID or name, and offers every placement to choose from', () => {
    const placementId = String(GUIDE.btManchester);
    const rows = rowsOf([['L1', 'BT54810A', '6'], ['L2', placementId, '6'], ['L3', 'BT - Manchester', '6']]);
    const unresolved = listUnresolvedValues(rows, createResolver(directory), directory, roleOfRow);
    const empIds = unresolved.filter((u) => u.field === 'Placement');
    // By MIS ID it resolves; the placement's OneFile ID and its name, written as an EmpId, do not.
    expect(empIds.map((u) => u.value).sort()).toEqual([placementId, 'BT - Manchester'].sort());
    expect(empIds[0].suggestions.length).toBe(directory.placements.length);
    // The same text in an ordinary Placement column still finds it by ID and name.
    expect(createResolver(directory).resolveReference('Placement', placementId)).toMatchObject({ status: 'matched', via: 'id' });
  });

  it('offers every standard for a StdCode, and resolves every row once the code is chosen', () => {
    const rows = rowsOf([['L1', 'BT54810A', '6'], ['L2', 'BT54810A', '6']]);
    const [code] = listUnresolvedValues(rows, createResolver(directory), directory, roleOfRow).filter((u) => u.field === 'Standards');
    expect(code).toMatchObject({ value: 'StdCode 6', rows: [2, 3] });
    expect(code.suggestions.length).toBe(directory.standards.length);
    const chosen = { Standards: { 'StdCode 6': String(code.suggestions[0].id) } };
    const after = rowsOf([['L1', 'BT54810A', '6'], ['L2', 'BT54810A', '6']], chosen);
    expect(listUnresolvedValues(after, createResolver(directory, chosen), directory, roleOfRow)).toEqual([]);
  });
});
