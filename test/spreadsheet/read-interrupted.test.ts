import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSpreadsheet } from '../../main/spreadsheet';
import { failureOf, fixtureFolder, type FixtureFolder } from './fixture-files';

/**
 * A file on a network drive (the MIS export on S:\) or in a cloud folder whose connection
 * drops while the file is read: the system answers EIO, ETIMEDOUT, ECONNRESET, ESTALE, or
 * on Windows an error libuv cannot name (UNKNOWN). Before, each was "The workbook is
 * damaged or in a form the importer cannot read", and a user would mend a file that was
 * whole. Played here by a file's name: the read of a file named with a code fails with it,
 * at the first bytes or after the first piece of a stream.
 */
const failing = (path: unknown): string | undefined => /(EIO|ETIMEDOUT|ECONNRESET|ESTALE|UNKNOWN)/.exec(String(path))?.[1];
const refusal = (code: string, syscall: string) => Object.assign(new Error(`${code}: i/o error, ${syscall}`), { code, syscall, errno: -5 });

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: (async (path: Parameters<typeof actual.open>[0], ...rest: unknown[]) => {
      const handle = await (actual.open as (...args: unknown[]) => Promise<Awaited<ReturnType<typeof actual.open>>>)(path, ...rest);
      const code = failing(path);
      if (!code || !String(path).includes('at-first')) return handle;
      return Object.assign(Object.create(handle), {
        read: async () => {
          throw refusal(code, 'read');
        },
        close: () => handle.close(),
      });
    }) as typeof actual.open,
  };
});

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    createReadStream: ((path: Parameters<typeof actual.createReadStream>[0], options?: Parameters<typeof actual.createReadStream>[1]) => {
      const code = failing(path);
      if (!code) return actual.createReadStream(path, options);
      const real = actual.createReadStream(path, { ...(typeof options === 'object' ? options : {}), highWaterMark: 16 });
      let pieces = 0;
      return Readable.from(
        (async function* () {
          for await (const chunk of real) {
            if (++pieces > 1) throw refusal(code, 'read');
            yield chunk;
          }
        })(),
      );
    }) as typeof actual.createReadStream,
  };
});

let files: FixtureFolder;
beforeAll(async () => {
  files = await fixtureFolder();
});
afterAll(() => files.remove());


const learners = `First Name,Last Name,Email\n${Array.from({ length: 40 }, (_, i) => `Ann${i},Smith,ann${i}@example.com`).join('\n')}\n`;
const SAID =
  ': The file could not be read to the end: the drive or network folder it is on stopped answering. Nothing was imported from it. If it is on a network drive or in a cloud folder (OneDrive, SharePoint), copy it to this computer, choose the copy, and try again.';

describe('a file whose drive stops answering while it is read says so, not that it is damaged', () => {
  it.each(['EIO', 'ETIMEDOUT', 'ECONNRESET', 'ESTALE', 'UNKNOWN'])('a CSV file, %s in the middle of it', async (code) => {
    const error = await failureOf(await files.bytes(`learners-${code}.csv`, learners));
    expect([error.code, error.message]).toEqual(['read-interrupted', `learners-${code}.csv${SAID}`]);
  });

  it('a workbook, EIO at its first bytes', async () => {
    const error = await failureOf(await files.bytes('learners-EIO-at-first.xlsx', 'PK\u0003\u0004 and the rest'));
    expect([error.code, error.message]).toEqual(['read-interrupted', `learners-EIO-at-first.xlsx${SAID}`]);
    expect(error.message).not.toMatch(/damaged/);
  });

  it('a file that is readable is read as before', async () => {
    const { table } = await readSpreadsheet(await files.bytes('learners.csv', learners));
    expect(table.rows).toHaveLength(40);
  });
});
