import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSpreadsheet } from '../../main/spreadsheet';
import { failureOf, fixtureFolder, type FixtureFolder } from './fixture-files';

/**
 * The operating system's refusals, played where this machine cannot: tests run as root here,
 * so a file without read permission is read anyway, and only Windows locks a file Excel has
 * open (Node sees EBUSY). A file's name picks the refusal its opening meets.
 */
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const refusal = (path: unknown): string | undefined => /(EBUSY|EACCES|EPERM)/.exec(String(path))?.[1];
  return {
    ...actual,
    open: (async (path: Parameters<typeof actual.open>[0], ...rest: unknown[]) => {
      const code = refusal(path);
      if (code) throw Object.assign(new Error(`${code}: refused, open '${String(path)}'`), { code });
      return (actual.open as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof actual.open,
  };
});

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());


describe('a file the operating system will not hand over says why, not that it is damaged', () => {
  it('a file another program has locked (Excel on Windows)', async () => {
    const error = await failureOf(await files.bytes('learners-EBUSY.csv', 'First Name,Last Name\nAnn,Smith\n'));
    expect([error.code, error.message]).toEqual([
      'no-access',
      'learners-EBUSY.csv: Another program has the file open and locked (often Excel, or a sync client such as OneDrive). Close the file in that program, or save a copy of it and choose the copy, then try again.',
    ]);
  });

  it.each(['EACCES', 'EPERM'])('a file this user may not read (%s)', async (code) => {
    const error = await failureOf(await files.bytes(`learners-${code}.xlsx`, 'PK\u0003\u0004'));
    expect([error.code, error.message]).toEqual([
      'no-access',
      `learners-${code}.xlsx: You do not have permission to open the file. Copy it into a folder of your own (Documents, say) and choose the copy, or ask whoever manages the folder it is in for access.`,
    ]);
  });

  it('a folder chosen instead of a file', async () => {
    const error = await failureOf(files.path(''));
    expect(error.code).toBe('not-a-file');
    expect(error.message).toMatch(/: This is a folder, not a file\. Open the folder and choose the \.xlsx or \.csv file in it that holds your learners\.$/);
    expect(error.message).not.toMatch(/damaged/);
  });

  it('a file that is readable is read as before', async () => {
    const { table } = await readSpreadsheet(await files.bytes('learners.csv', 'First Name,Last Name\nAnn,Smith\n'));
    expect(table.rows).toHaveLength(1);
  });
});
