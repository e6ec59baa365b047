import * as fs from 'node:fs';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { resolveCommandWords, shellWord } from '../../main/cli/resolve-hint';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { startSandbox } from '../../main/sandbox';
import { HEADER, learnerLine } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { CLI, runPiped } from './terminal';

/**
 * `import` reads a text file as `check` does when detection guesses wrong: its encoding
 * and delimiter are given (the import's own warning tells the user to choose the
 * encoding, and before, only `check` could); and the printed `resolve` command keeps
 * them. A mistyped option is one line and a suggestion, not the whole help.
 */

/** An MS-DOS export (code page 850) with semicolons: "é" is byte 0x82, read as "‚" when taken for Windows-1252. */
function dosFile(dir: string): string {
  const lines = [HEADER, learnerLine('DOS', 1), learnerLine('DOS', 2)].map((line) => line.replace(/,/g, ';'));
  lines[1] = lines[1].replace('Learner1', 'Zoé');
  const file = path.join(dir, 'dos-export.txt');
  fs.writeFileSync(file, iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp850'));
  return file;
}

const cli = (args: string[]) => `${[process.execPath, CLI, ...args].map((word) => shellWord(word)).join(' ')}`;

async function forenames(dataDir: string, tag: string): Promise<string[]> {
  const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
  try {
    return sandbox.store.usersOf(5740, 1).filter((user) => user.MISID?.startsWith(tag)).map((user) => user.FirstName).sort();
  } finally {
    await sandbox.close();
  }
}

describe('import with the reading options check has', () => {
  it.skipIf(process.platform === 'win32')('imports a code page 850 file with --encoding cp850 --delimiter ";", its accented names as written', async () => {
    const dir = tempDir('reading-options-');
    const dataDir = path.join(dir, 'data');
    const file = dosFile(dir);
    const imported = await runPiped(cli(['import', file, '--env', 'sandbox', '--org', '5740', '--data-dir', dataDir, '--encoding', 'cp850', '--delimiter', ';', '--quiet']));
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    expect(await forenames(dataDir, 'DOS')).toEqual(['Learner2', 'Zoé']);
  }, 60_000);

  it.skipIf(process.platform === 'win32')('says a mistyped option in two lines (the nearest option, and where the options are), not the whole help', async () => {
    const typo = await runPiped(cli(['import', 'learners.csv', '--env', 'sandbox', '--org', '5740', '--encodng', 'cp850']));
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split('\n')).toEqual([
      "error: unknown option '--encodng'",
      '(Did you mean --encoding?)',
      '(add --help to the command for its options)',
    ]);
    const delimiter = await runPiped(cli(['import', 'learners.csv', '--env', 'sandbox', '--org', '5740', '--delimiter', ';;']));
    expect(delimiter.code).toBe(2);
    expect(delimiter.stderr).toContain('give one character');
  });

  it('keeps the encoding and delimiter in the printed resolve command, a tab written as the shell takes it', () => {
    const words = resolveCommandWords({ file: '/data/dos-export.txt', env: 'live', org: 5740, encoding: 'cp850', delimiter: '\t' });
    expect(words).toEqual(['onefile-import', 'resolve', '/data/dos-export.txt', '--env', 'live', '--org', '5740', '--encoding', 'cp850', '--delimiter', '\\t']);
  });
});
