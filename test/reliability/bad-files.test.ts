import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../main/sandbox';
import { BAD_FILES, judgeBadFile, tryBadFile } from '../../bench/reliability/bad-files';
import { isWrite } from '../../bench/call-figures';
import { tempDir } from '../import/run-fixtures';

/**
 * Malformed and hostile spreadsheets through `onefile-import check`, `import
 * --dry-run` and a real `import`, each in its own process: every one is refused or
 * reported with a message a person can act on, none crashes (no stack trace), none
 * writes anything to OneFile (the sandbox's call log), and no process holds more
 * memory than its cap. The slow ones (a million rows) run in `npm run soak`.
 */

const WINDOW_MS = 500;
let dir: string;

beforeAll(() => {
  dir = tempDir('bad-files-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases = BAD_FILES.filter((bad) => !bad.soakOnly);

describe.concurrent('a bad file', () => {
  it('the catalogue holds at least 30 kinds', () => {
    expect(BAD_FILES.length).toBeGreaterThanOrEqual(30);
  });

  for (const bad of cases) {
    it(`${bad.what} (${bad.name}): a clear message, no crash, nothing imported, memory bounded`, async () => {
      const file = await bad.build(dir);
      // A sandbox of its own: its call log witnesses this file alone.
      const sandbox = await startSandbox({ rateLimit: 100, windowMs: WINDOW_MS });
      try {
        const outcome = await tryBadFile(file, { baseUrl: sandbox.baseUrl, customerToken: sandbox.customerToken, windowMs: WINDOW_MS }, path.join(dir, `data-${bad.name}`));
        expect(judgeBadFile(bad, outcome, sandbox.calls.filter(isWrite).length)).toEqual([]);
      } finally {
        await sandbox.close();
      }
      // Three processes a file, five files at once: on a busy two-core machine one file can take a minute.
    }, 180_000);
  }
});
