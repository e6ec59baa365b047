import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { capturedIo, lastJson, learnerLine, writeCsv } from './cli-fixtures';
import { tempDir } from './run-fixtures';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';

/**
 * The weekly import of a file whose learners OneFile already has: the plan reads each
 * of them (learning aims and unit summaries, two calls a learner) at the rate limit, a
 * thousand learners ten minutes or more. Before, the command said "Planning the
 * import..." and nothing more until it was done. Now a terminal has a bar with the
 * calls and the time left, and a log (no terminal: a scheduled import) a line as each
 * quarter of the learners is read, when there are a hundred or more.
 */
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

describe("the command line's plan of learners OneFile already has", () => {
  it('tells a log how far it has read, a quarter at a time', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('plan-progress-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 120 }, (_, n) => learnerLine('PPR', n + 1)));
    const options = { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), yes: true, rateWindowMs: WINDOW_MS };
    const first = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { ...options, json: true }, first)).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ state: 'completed', created: 120 });

    const weekly = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, options, weekly)).toBe(0);
    const said = weekly.stderr.join('');
    const lines = said.split('\n');
    const from = lines.indexOf('Planning the import...');
    expect(lines[from + 1]).toBe('Reading the 120 learners and staff the file matches in OneFile (one call or two each, at the rate limit)...');
    expect(lines.slice(from + 2, from + 6).map((line) => line.replace(/\(.*\)/, '(…)'))).toEqual([
      '  30 of 120 read (…)',
      '  60 of 120 read (…)',
      '  90 of 120 read (…)',
      '  120 of 120 read (…)',
    ]);
    expect(lines[from + 2]).toMatch(/^ {2}30 of 120 read \(\d+ calls so far; about .+ left\)$/);
    // The last says no time left; the calls only grow.
    expect(lines[from + 5]).toMatch(/^ {2}120 of 120 read \(\d+ calls so far\)$/);
    const calls = lines.slice(from + 2, from + 6).map((line) => Number(/\((\d+) calls/.exec(line)![1]));
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
    expect(calls[3]).toBeGreaterThanOrEqual(240);
    expect(weekly.stdout.join('')).toMatch(/unchanged 120/);
  }, 120_000);

  it('says nothing of it for fewer than a hundred learners: a plan of a minute or so', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('plan-progress-few-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 12 }, (_, n) => learnerLine('PPF', n + 1)));
    const options = { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), yes: true, rateWindowMs: WINDOW_MS };
    expect(await runImport(file, { ...options, json: true }, capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }))).toBe(0);
    const weekly = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, options, weekly)).toBe(0);
    expect(weekly.stderr.join('')).toContain('Planning the import...');
    expect(weekly.stderr.join('')).not.toContain('learners and staff the file matches');
  }, 120_000);
});

describe("the command line's reading of the directory", () => {
  it('tells a log each kind of record read whole, with the calls so far', async () => {
    const sandbox = await sandboxWith();
    const dir = tempDir('directory-progress-');
    const file = writeCsv(dir, 'learners.csv', Array.from({ length: 3 }, (_, n) => learnerLine('DPR', n + 1)));
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: path.join(dir, 'data'), yes: true, rateWindowMs: WINDOW_MS }, io)).toBe(0);
    const lines = io.stderr.join('').split('\n');
    const from = lines.indexOf("Downloading the organisation's directory...");
    const to = lines.indexOf('Planning the import...');
    const kinds = lines.slice(from + 1, to);
    // The kinds this file names (classes, placements, assessors, learners, standards' units), each once, in the order read.
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    for (const line of kinds) expect(line).toMatch(/^ {2}\d[\d,]* (classrooms|placements|staff|learners|standards|units|templates) \(\d+ calls so far\)$/);
    expect(kinds.some((line) => / learners \(/.test(line))).toBe(true);
    expect(new Set(kinds.map((line) => line.split(' ')[3])).size, kinds.join('\n')).toBe(kinds.length);
  }, 60_000);
});
