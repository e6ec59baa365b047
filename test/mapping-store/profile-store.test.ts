import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProfile, loadProfile, saveProfile } from '../../main/mapping-store/profile-store';
import type { MappingProfile } from '../../shared/profile';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile: MappingProfile = {
  columns: { 'Learner Ref': 'MISID', Forename: 'FirstName', Notes: null },
  values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } },
};

describe('saved mapping profiles', () => {
  it('are found again for the same headers in another order', async () => {
    await saveProfile(dir, ['Learner Ref', 'Forename', 'Notes'], profile);
    expect(await findProfile(dir, ['notes', 'FORENAME', 'Learner Ref'])).toEqual(profile);
  });

  it('are not found for different headers', async () => {
    await saveProfile(dir, ['Learner Ref', 'Forename', 'Notes'], profile);
    expect(await findProfile(dir, ['Learner Ref', 'Forename'])).toBeNull();
    expect(await findProfile(join(dir, 'never-made'), ['Learner Ref'])).toBeNull();
  });

  it('replace the earlier profile and leave no temporary file behind', async () => {
    await saveProfile(dir, ['Forename'], { columns: { Forename: 'FirstName' } });
    await saveProfile(dir, ['Forename'], { columns: { Forename: null } });
    expect(await findProfile(dir, ['Forename'])).toEqual({ columns: { Forename: null } });
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('refuse to save a profile that is not valid', async () => {
    await expect(saveProfile(dir, ['Email'], { columns: { Email: 'Mail' } } as never)).rejects.toThrow(/"Mail" is not a field/);
  });

  it('name the file when one cannot be read', async () => {
    const path = join(dir, 'weekly.json');
    await writeFile(path, '{"columns": {"Ref": "MSID"}}');
    await expect(loadProfile(path)).rejects.toThrow(/weekly\.json: .*"MSID" is not a field/s);
    await expect(loadProfile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: there is no such file/);
  });
});
