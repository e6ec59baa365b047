import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runExport, runTemplate } from '../../main/cli/export-command';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/** `--out` that cannot take the workbook is said before any call, not after the export's reads. */

// A disk that fills up as the workbook is written: a file named so is refused as a full disk refuses it.
vi.mock('../../main/private-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../main/private-files')>();
  return {
    ...actual,
    writePrivateFileStreamed: async (...args: Parameters<typeof actual.writePrivateFileStreamed>) => {
      if (String(args[0]).includes('disk-full')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      // Windows, while Excel has the workbook open (the last export, being looked at).
      if (String(args[0]).includes('open-in-excel')) throw Object.assign(new Error(`EBUSY: resource busy or locked, open '${String(args[0])}'`), { code: 'EBUSY', syscall: 'open', path: String(args[0]) });
      return actual.writePrivateFileStreamed(...args);
    },
  };
});

let sandbox: RunningSandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: 500, rateLimit: 100 });
  dir = tempDir('export-out-');
});
afterAll(() => sandbox.close());

const io = () => ({ ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }), barStream: null });

describe('export and template refuse an --out they could not write, before calling OneFile (exit 2)', () => {
  const file = () => {
    const name = path.join(dir, 'learners.csv');
    fs.writeFileSync(name, 'First Name\n');
    return name;
  };
  const folderNamedLikeAWorkbook = () => {
    const name = path.join(dir, 'archive.xlsx');
    fs.mkdirSync(name, { recursive: true });
    return name;
  };
  const cases: Array<[string, () => string, (out: string) => string]> = [
    ['a path through a file', () => path.join(file(), 'onefile.xlsx'), (out) => `${path.dirname(out)} is a file, not a folder: choose another --out.`],
    ['a folder whose name ends .xlsx', folderNamedLikeAWorkbook, (out) => `${out} is a folder: give --out a file name ending .xlsx.`],
    ['a folder that is not there', () => path.join(dir, 'nowhere', 'onefile.xlsx'), (out) => `${path.dirname(out)} does not exist: create the folder or choose another --out.`],
  ];
  it.each(cases)('%s', async (_, outOf, message) => {
    const out = outOf();
    for (const command of [runExport, runTemplate]) {
      const said = io();
      const before = sandbox.calls.length;
      expect(await command({ env: sandbox.baseUrl, org: 5740, out, dataDir: dir, rateWindowMs: 500 }, said)).toBe(2);
      expect(said.stderr.join('')).toBe(`${message(out)}\n`);
      expect(sandbox.calls.length).toBe(before);
    }
  });
});

describe('a disk that fills up as the workbook is written', () => {
  it('is said in words, with what to do (exit 2)', async () => {
    const said = io();
    expect(await runExport({ env: sandbox.baseUrl, org: 5740, out: path.join(dir, 'disk-full.xlsx'), dataDir: dir, rateWindowMs: 500 }, said)).toBe(2);
    expect(said.stderr.join('')).toBe('The disk is full: the workbook could not be written. Free some space on that disk, or choose another --out, then try again.\n');
  });
});

describe('an --out workbook another program has open (Excel on Windows)', () => {
  it('is said in words, with what to do (exit 2)', async () => {
    const said = io();
    const out = path.join(dir, 'open-in-excel.xlsx');
    expect(await runExport({ env: sandbox.baseUrl, org: 5740, out, dataDir: dir, rateWindowMs: 500 }, said)).toBe(2);
    expect(said.stderr.join('')).toBe(`Another program has ${out} open (often Excel, a backup or a virus scan), so it could not be written. Close it there, or choose another --out, then try again.\n`);
  });
});
