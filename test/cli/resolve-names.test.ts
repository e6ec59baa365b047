import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWrite } from '../../bench/call-figures';
import { runCheck } from '../../main/cli/check-command';
import { runImport } from '../../main/cli/import-command';
import { shellWord } from '../../main/cli/resolve-hint';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxForTheseTests } from '../import/sandbox-fixture';
import { CLI, ROOT, runInTerminal, runPiped, terminalKind } from './terminal';

/**
 * A weekly file whose Programme column says "Business Administrator" where OneFile has
 * "Business Administrator Level 3" (standard 4001 in organisation 5740), settled once
 * from the command line: asked on a terminal, or with the printed `resolve` command
 * in a script; after that the same file imports with no question and no second write.
 */

const WINDOW_MS = 500;
/** A pseudo-terminal needs `script` (Linux, macOS); the printed commands are for a POSIX shell. */
const HAS_TERMINAL = terminalKind() !== null;
const POSIX_SHELL = process.platform !== 'win32';
const FIRST = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Leo', 'Grace', 'Jack'];
const LAST = ['Hughes', 'Bennett', 'Murray', 'Patel', 'Khan', 'Evans', 'Clarke', 'Walsh', 'Shaw', 'Reid'];

/** 150 learners, each on the programme "Business Administrator". */
function programmeFile(dir: string, tag: string): string {
  const lines = ['Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Programme'];
  for (let i = 0; i < 150; i++) {
    const first = FIRST[i % 10];
    const last = LAST[Math.floor(i / 10) % 10];
    lines.push(`${tag}${1000 + i},${first},${last},${first.toLowerCase()}.${last.toLowerCase()}.${tag.toLowerCase()}${i}@learners.example.com,James Fayre,Business Admin L2,BT - Manchester,Business Administrator`);
  }
  const file = path.join(dir, `${tag.toLowerCase()}-week-12.csv`);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

const started = sandboxForTheseTests({ windowMs: WINDOW_MS });

function learnersOf(tag: string) {
  return started.sandbox.store.usersOf(5740, 1).filter((user) => user.MISID?.startsWith(tag));
}

const importArgs = (file: string, dataDir: string) => ['import', file, '--env', started.sandbox.baseUrl, '--org', '5740', '--data-dir', dataDir, '--rate-window-ms', String(WINDOW_MS)];

describe('names resolved from the command line', () => {
  it.skipIf(!HAS_TERMINAL)('on a terminal, asks once for the 150 rows, saves the choice, imports them with it, and next time asks nothing and writes nothing', async () => {
    const dir = tempDir('names-tty-');
    const dataDir = path.join(dir, 'data');
    const file = programmeFile(dir, 'TTY');

    const first = runInTerminal(importArgs(file, dataDir), started.token);
    await first.waitFor('Your choice');
    expect(first.screen()).toContain('Programme (column H) "Business Administrator", rows 2-151 (150 rows): no standard in OneFile has this name.');
    expect(first.screen()).toMatch(/ 1 {2}Business Administrator Level 3 {2}\(\d+ %\)/);
    expect(first.screen()).toContain('s  skip');
    expect(first.screen()).toMatch(/a {2}show all \d+ standards/);
    first.type('1\r');
    expect(await first.exited, first.screen()).toBe(0);
    const screen = first.screen();
    expect(screen.match(/Your choice/g)).toHaveLength(1);
    const saved = /Saved the choice in the mapping profile for these columns: (\S+\.json)/.exec(screen);
    expect(saved, screen).not.toBeNull();
    expect(path.dirname(saved![1])).toBe(path.join(dataDir, 'profiles'));
    expect(JSON.parse(fs.readFileSync(saved![1], 'utf8')).values).toEqual({ Standards: { 'Business Administrator': '4001' } });
    expect(screen).toMatch(/created 150, updated 0, unchanged 0, failed 0, skipped 0/);

    const learners = learnersOf('TTY');
    expect(learners).toHaveLength(150);
    expect(learners.every((learner) => started.sandbox.store.learningAimsOf(learner.ID).map((aim) => aim.StandardID).join() === '4001')).toBe(true);

    const callsBefore = started.sandbox.calls.length;
    const again = runInTerminal(importArgs(file, dataDir), started.token);
    expect(await again.exited, again.screen()).toBe(0);
    expect(again.screen()).not.toContain('Your choice');
    expect(again.screen()).toContain(`Mapping profile: saved for these columns, ${saved![1]}`);
    expect(again.screen()).toMatch(/created 0, updated 0, unchanged 150, failed 0, skipped 0/);
    expect(started.sandbox.calls.slice(callsBefore).filter(isWrite)).toEqual([]);
  }, 180_000);

  it.skipIf(!POSIX_SHELL)('with no terminal, stops with exit 2, the problem on one line and the exact resolve command, which run with --accept lets the next import through', async () => {
    const dir = tempDir('names-pipe-');
    const dataDir = path.join(dir, 'data');
    const file = programmeFile(dir, 'PIPE');
    const importCommand = [process.execPath, CLI, ...importArgs(file, dataDir)].map((word) => shellWord(word)).join(' ');

    const refused = await runPiped(importCommand, started.token);
    expect(refused.code, refused.stderr).toBe(2);
    const problemLines = refused.stdout.split('\n').filter((line) => line.includes('"Business Administrator"'));
    expect(problemLines).toEqual([
      expect.stringMatching(/^ {2}Programme "Business Administrator": no such standard, rows 2-151 \(150 rows\); did you mean "Business Administrator Level 3" \(\d+ %\)\?$/),
    ]);
    expect(refused.stderr).toContain('Nothing was imported: 150 rows have errors (first: row 2).');
    expect(learnersOf('PIPE')).toEqual([]);

    const scripted = /in a script: +(onefile-import resolve .*)$/m.exec(refused.stderr);
    expect(scripted, refused.stderr).not.toBeNull();
    expect(scripted![1]).toBe(
      `onefile-import resolve ${file} --env ${started.sandbox.baseUrl} --org 5740 --data-dir ${dataDir} --accept 'Programme:Business Administrator=Business Administrator Level 3'`,
    );
    // The printed command, exactly as printed, with onefile-import on the PATH (as `npm link` puts it).
    const resolved = await runPiped(scripted![1], { ...started.token, PATH: `${path.join(ROOT, 'bin')}${path.delimiter}${process.env.PATH}` });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain('Every name in pipe-week-12.csv is one OneFile record');
    expect(resolved.stderr).toMatch(/Saved the choice in the mapping profile for these columns: .*profiles/);

    // check finds the saved profile by itself, as import does.
    const checked = capturedIo();
    expect(await runCheck(file, { dataDir }, { ...checked, now: () => new Date('2025-09-01') })).toBe(0);
    expect(checked.stdout.join('')).toMatch(/Mapping profile: saved for these columns, .*profiles.*\.json/);

    const imported = await runPiped(`${importCommand} --quiet`, started.token);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^Run \S+ completed: created 150, updated 0, unchanged 0, failed 0, skipped 0 \(300 calls, \d+ s\)$/)]);
    expect(learnersOf('PIPE')).toHaveLength(150);
  }, 180_000);

  it.skipIf(!HAS_TERMINAL)('check --env asks the same question on a terminal, saves the choice, and then finds no problem', async () => {
    const dir = tempDir('names-check-');
    const dataDir = path.join(dir, 'data');
    const file = programmeFile(dir, 'CHK');
    const check = runInTerminal(['check', file, '--env', started.sandbox.baseUrl, '--org', '5740', '--data-dir', dataDir, '--rate-window-ms', String(WINDOW_MS)], started.token);
    await check.waitFor('Your choice');
    expect(check.screen()).toContain('Programme (column H) "Business Administrator", rows 2-151 (150 rows)');
    check.type('1\r');
    expect(await check.exited, check.screen()).toBe(0);
    expect(check.screen()).toContain('Saved the choice in the mapping profile for these columns');
    expect(check.screen()).toContain('150 rows checked: 0 with errors (0 unresolved), 150 ready');
    expect(learnersOf('CHK')).toEqual([]);
  }, 120_000);

  it('carries the same grouped problems and the resolve commands in --json', async () => {
    const dir = tempDir('names-json-');
    const file = programmeFile(dir, 'JSON');
    const io = capturedIo(started.token);
    expect(await runImport(file, { env: started.sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), json: true, rateWindowMs: WINDOW_MS }, io)).toBe(2);
    const report = lastJson(io.stdout);
    expect(report).toMatchObject({ state: 'not-started', profile: { source: 'none' } });
    expect(report.problems).toEqual([
      expect.objectContaining({
        column: 'H',
        header: 'Programme',
        field: 'Standards',
        value: 'Business Administrator',
        code: 'reference-unmatched',
        problem: 'no such standard',
        rowRanges: ['2-151'],
        rowCount: 150,
        suggestions: [expect.objectContaining({ id: 4001, name: 'Business Administrator Level 3' })],
      }),
    ]);
    expect(report.resolve.accept).toContain("--accept 'Programme:Business Administrator=Business Administrator Level 3'");

    // check with --env looked every name up: none is left unlooked-at, and the one OneFile lacks fails the check.
    const checked = capturedIo(started.token);
    expect(await runCheck(file, { env: started.sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), json: true, rateWindowMs: WINDOW_MS }, { ...checked, now: () => new Date() })).toBe(1);
    const checkReport = JSON.parse(checked.stdout.join(''));
    expect(checkReport.namesNotLookedUp).toEqual([]);
    expect(checkReport.problems).toEqual([expect.objectContaining({ field: 'Standards', value: 'Business Administrator', code: 'reference-unmatched' })]);
    // Counted as the words count them: a row naming a standard OneFile lacks is not valid.
    expect(checkReport.summary).toEqual({ rows: 150, valid: 0, withErrors: 150, withWarnings: 0, readyWithWarnings: 0, unresolvedRows: 150 });
    // Without --env, the Programme, Assessor, Class and Employer names are said not to be looked up.
    const offline = capturedIo();
    expect(await runCheck(file, { dataDir: path.join(dir, 'data'), json: true }, { ...offline, now: () => new Date() })).toBe(0);
    expect(JSON.parse(offline.stdout.join('')).namesNotLookedUp).toEqual(['Assessor', 'Classroom', 'Placement', 'Standards']);
  }, 60_000);
});
