import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoMap, toMapping } from '../../shared/mapping';
import { mapTable } from '../../shared/mapped-rows';
import { columnLetter, type Table } from '../../shared/table';
import { downloadDirectory, type Directory } from '../../main/import/directory/download';
import { checkAccept, ChoiceError, profileWithChoices, splitAccept, type AcceptContext } from '../../main/import/directory/value-choices';
import { GUIDE } from '../../main/sandbox';
import { saveProfile } from '../../main/mapping-store/profile-store';
import { profileForHeaders } from '../../main/import/session';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';
import { tempDir } from './run-fixtures';
import * as path from 'node:path';

/** A file's names settled by `--accept "Column:file value=OneFile name or ID"`, checked against the file and OneFile. */

const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Email Address', 'Assessor', 'Class', 'Employer', 'Programme'];

function contextFor(directory: Directory, programmes: string[]): AcceptContext {
  const table: Table = {
    source: { file: 'learners.csv', format: 'csv', headerRow: 1 },
    headers: HEADERS,
    columns: HEADERS.map((_h, i) => columnLetter(i)),
    rows: programmes.map((programme, i) => ({ row: i + 2, cells: [`BA${i}`, 'Amelia', 'Hughes', `a${i}@example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', programme] })),
  };
  const mapping = toMapping(autoMap(HEADERS).columns);
  return { table, mapping, rows: mapTable(table, mapping, { today: '2025-09-01' }), directory };
}

describe('choices given with --accept', () => {
  let fixture: SandboxWithClient;
  let directory: Directory;
  beforeAll(async () => {
    fixture = await startSandboxWithClient();
    directory = await downloadDirectory(fixture.client, GUIDE.business);
  });
  afterAll(() => fixture.close());

  it('takes the column by its header, the value as the file writes it, and OneFile\'s name or ID', () => {
    const context = contextFor(directory, ['Business Administrator', 'Business Administrator']);
    expect(checkAccept('Programme:Business Administrator=Business Administrator Level 3', context)).toEqual({
      field: 'Standards',
      value: 'Business Administrator',
      id: 4001,
      name: 'Business Administrator Level 3',
    });
    expect(checkAccept('programme: business administrator = 4001', context)).toMatchObject({ field: 'Standards', value: 'Business Administrator', id: 4001 });
    expect(checkAccept('H:Business Administrator=4001', context)).toMatchObject({ field: 'Standards', id: 4001 });
  });

  it('splits where the column and value exist when a value holds ":" or "="', () => {
    const knows = { column: (c: string) => c === 'Programme', value: (_c: string, v: string) => v === 'Level 3: A=B' };
    expect(splitAccept('Programme:Level 3: A=B=Business Administrator Level 3', knows)).toEqual({ column: 'Programme', value: 'Level 3: A=B', target: 'Business Administrator Level 3' });
  });

  it('refuses, saying what is wrong, a column that is not there or not a name, a value not in the file, and a record OneFile does not have', () => {
    const context = contextFor(directory, ['Business Administrator']);
    expect(() => checkAccept('Course:Business Administrator=4001', context)).toThrow(/no column "Course"/);
    expect(() => checkAccept('Forename:Amelia=4001', context)).toThrow(/column B \(Forename\) is not one whose names are looked up/);
    expect(() => checkAccept('Programme:Bus Admin=4001', context)).toThrow(/no row has "Bus Admin" in column H \(Programme\); it has "Business Administrator"/);
    expect(() => checkAccept('Programme:Business Administrator=Basket Weaving', context)).toThrow(ChoiceError);
    expect(() => checkAccept('Programme Business Administrator', context)).toThrow(/Column:value in the file=OneFile name or ID/);
  });

  it('saves a choice the way the app does: the file value mapped to the OneFile ID, the columns as mapped', () => {
    const context = contextFor(directory, ['Business Administrator']);
    const choice = checkAccept('Programme:Business Administrator=Business Administrator Level 3', context);
    const profile = profileWithChoices(undefined, context.mapping, [choice]);
    expect(profile.values).toEqual({ Standards: { 'Business Administrator': '4001' } });
    expect(profile.columns.Programme).toBe('Standards');
  });
});

describe('the profile an import uses', () => {
  it('is the one saved for the file\'s columns when none is given; a given one wins, with the saved choices for names it does not map', async () => {
    const dataDir = tempDir('profiles-');
    expect(await profileForHeaders(dataDir, HEADERS)).toMatchObject({ source: 'none', path: expect.stringContaining(path.join(dataDir, 'profiles')) });

    const saved = await saveProfile(path.join(dataDir, 'profiles'), HEADERS, {
      description: 'Weekly MIS',
      columns: { Programme: 'Standards' },
      values: { Standards: { 'Business Administrator': '4001', 'Team Lead': '4002' } },
    });
    // The same columns in another order find it.
    expect(await profileForHeaders(dataDir, [...HEADERS].reverse())).toMatchObject({ source: 'saved', path: saved, name: 'Weekly MIS' });

    const given = { columns: { Programme: 'Standards' as const }, values: { Standards: { 'Team Lead': '4003' } } };
    const used = await profileForHeaders(dataDir, HEADERS, { value: given, path: 'week.profile.json' });
    expect(used).toMatchObject({ source: 'file', path: path.resolve('week.profile.json'), choicesFrom: saved });
    expect(used.value?.values).toEqual({ Standards: { 'Business Administrator': '4001', 'Team Lead': '4003' } });
  });
});
