import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderUnusableReason } from '../../main/private-files';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'onefile-import');
const example = join(root, 'examples', 'learners.xlsx');

let dir: string;
let aFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'data-folder-'));
  aFile = join(dir, 'notes.txt');
  fs.writeFileSync(aFile, 'not a folder');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: root, env }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('a data folder that cannot be one', () => {
  it.each([
    ['check', [example]],
    ['runs', []],
    ['import', [example, '--env', 'sandbox', '--org', '5740', '--dry-run']],
  ])('stops %s before it does anything, in words (exit 2): it is a file, or on a path through one', async (command, args) => {
    const plain = await run([command, ...args, '--data-dir', aFile]);
    expect([plain.code, plain.stderr]).toEqual([2, `The data folder ${aFile} cannot be used: it is a file, not a folder. Give --data-dir a folder you can write to (it is created when missing).\n`]);
    expect(plain.stdout).toBe('');
    const deeper = await run([command, ...args, '--data-dir', join(aFile, 'onefile')]);
    expect([deeper.code, deeper.stderr]).toEqual([2, `The data folder ${join(aFile, 'onefile')} cannot be used: ${aFile} is a file, not a folder. Give --data-dir a folder you can write to (it is created when missing).\n`]);
  });

  it('the default one too (XDG_DATA_HOME a file)', async () => {
    const said = await run(['runs'], { ...process.env, XDG_DATA_HOME: aFile });
    expect([said.code, said.stderr]).toEqual([2, `The data folder ${join(aFile, 'onefile-importer')} cannot be used: ${aFile} is a file, not a folder. Give --data-dir a folder you can write to.\n`]);
  });

  it('HOME set but empty: the account\'s own home folder is used, never one under the folder the command started in', async () => {
    const started = await mkdtemp(join(tmpdir(), 'no-home-'));
    // Taken for the home folder, the folder started in would give ./.local/share/onefile-importer: a file there stops any command that used it.
    fs.writeFileSync(join(started, '.local'), 'not a folder');
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: '' };
      delete env.XDG_DATA_HOME;
      const said = await new Promise<{ code: number; stderr: string }>((done) => {
        execFile(process.execPath, [cli, 'check', example], { cwd: started, env }, (error, _stdout, stderr) => done({ code: error ? Number(error.code) : 0, stderr }));
      });
      expect(said).toEqual({ code: 0, stderr: '' });
      expect(fs.readdirSync(started)).toEqual(['.local']);
    } finally {
      await rm(started, { recursive: true, force: true });
    }
  });

  it('folderUnusableReason: a folder, or one that can be made, is fine; nothing is created asking', () => {
    expect(folderUnusableReason(dir)).toBeUndefined();
    expect(folderUnusableReason(join(dir, 'new', 'deeper'))).toBeUndefined();
    expect(fs.existsSync(join(dir, 'new'))).toBe(false);
    expect(folderUnusableReason(aFile)).toBe('it is a file, not a folder.');
    expect(folderUnusableReason(join(aFile, 'x', 'y'))).toBe(`${aFile} is a file, not a folder.`);
  });
});
