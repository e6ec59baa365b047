import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RSS_CAP_MB, FUZZ_SEED, runFuzzFiles, summariseFuzz, writeFuzzFiles, type FuzzOutcome } from '../../bench/reliability/fuzz-files';
import { tempDir } from '../import/run-fixtures';

/**
 * 220 mutated copies of examples/learners.csv and .xlsx, made from a fixed seed at test
 * time (bytes flipped, files cut short, zip entries damaged, parts left out, XML spoiled,
 * encodings swapped), each read from its path and as an upload in child processes. Every
 * one reads or is refused with a message naming the file, what is wrong and what to do;
 * none crashes, none runs past 10 s, none takes the process over 600 MB. `npm run soak`
 * runs 1,000 from the same seed.
 */

const FILES = 220;
let dir: string;
let outcomes: FuzzOutcome[];

beforeAll(async () => {
  dir = tempDir('fuzz-');
  outcomes = await runFuzzFiles(await writeFuzzFiles(dir, FUZZ_SEED, FILES));
}, 240_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('fuzzed spreadsheets', () => {
  it('are at least 200, text and workbooks, of every kind of damage', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(outcomes.map((o) => o.name.replace(/^fuzz-\d+-/, '').replace(/-\d+(?=-|\.)/g, '').replace(/-(in|of)-.*$/, '')));
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    for (const kind of ['csv-bytes-flipped', 'csv-cut-at', 'csv-as-utf-16le', 'xlsx-cut-at', 'xlsx-entry-data-damaged', 'xlsx-local-size', 'xlsx-directory-offset', 'xlsx-without', 'xlsx-xml-as-utf-16le']) {
      expect([...kinds].some((k) => k.startsWith(kind)), kind).toBe(true);
    }
  });

  it('each reads or is refused in words: no crash, no hang, memory bounded', () => {
    const summary = summariseFuzz(outcomes);
    expect(summary.failures).toEqual([]);
    // Both ways are exercised: damage the reader survives, and damage it refuses.
    expect(summary.read).toBeGreaterThan(50);
    expect(summary.refused).toBeGreaterThan(50);
    expect(summary.peakRssMb).toBeLessThanOrEqual(FUZZ_RSS_CAP_MB);
  });
});

describe('the fuzz runner', () => {
  it('tells a hang and a crash from an answer, and carries on with the next file after each', async () => {
    const stubDir = tempDir('fuzz-stub-');
    try {
      // A stand-in worker: answers at once, except for a file it never finishes and one it dies on.
      const stub = path.join(stubDir, 'stub-worker.mjs');
      fs.writeFileSync(
        stub,
        `import { readFileSync } from 'node:fs';
const { files, from } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (let index = from; index < files.length; index++) {
  const start = JSON.stringify({ index }) + '\\n';
  if (files[index].includes('stall')) { process.stdout.write(start); setInterval(() => {}, 1000); await new Promise(() => {}); }
  if (files[index].includes('die')) { process.stdout.write(start); process.exit(3); }
  process.stdout.write(start + JSON.stringify({ index, answer: { kind: 'read', rows: 1 }, ms: 1, maxRssMb: 50 }) + '\\n');
}
`,
      );
      const files = ['a.csv', 'stall.csv', 'b.csv', 'die.xlsx', 'c.csv'].map((name) => path.join(stubDir, name));
      for (const file of files) fs.writeFileSync(file, 'x');
      const result = await runFuzzFiles(files, { workers: 1, timeoutMs: 1_000, worker: [stub] });
      expect(result.map((o) => [o.name, o.answer?.kind ?? (o.hang ? 'hang' : o.died ? 'died' : 'none')])).toEqual([
        ['a.csv', 'read'],
        ['stall.csv', 'hang'],
        ['b.csv', 'read'],
        ['die.xlsx', 'died'],
        ['c.csv', 'read'],
      ]);
      expect(summariseFuzz(result).failures.map((f) => f.name)).toEqual(['stall.csv', 'die.xlsx']);
    } finally {
      fs.rmSync(stubDir, { recursive: true, force: true });
    }
  }, 30_000);
});
