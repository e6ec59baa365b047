import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../shared/contract-types';
import { runImport } from '../../main/cli/import-command';
import { createAppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { uploadsDir } from '../../main/service/uploads';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';

/**
 * Learners' personal data at rest: after a command-line import (reports copied with
 * --report-dir, rows that fail, a dry run's cached directory) and an app session
 * against the built-in sandbox (an upload, a saved mapping, a run), every file the
 * importer wrote is readable by the user only (0600) and every folder too (0700),
 * under a umask that would otherwise make them readable by all; and the uploaded copy
 * is gone once its run finished.
 */

const FAST = { rateWindowMs: 500 };
let umask = 0;

beforeAll(() => {
  umask = process.umask(0o022); // the common default: without care, 0644 files in 0755 folders
});

afterAll(() => {
  process.umask(umask);
});

interface Looseness {
  path: string;
  mode: string;
}

/** Every folder and file under `root` (and `root` itself) whose mode is not 0700 / 0600. */
function looseEntries(root: string): { checked: number; loose: Looseness[]; files: string[] } {
  const loose: Looseness[] = [];
  const files: string[] = [];
  const check = (entry: string, want: number) => {
    const mode = fs.statSync(entry).mode & 0o777;
    if (mode !== want) loose.push({ path: path.relative(root, entry) || '.', mode: mode.toString(8) });
  };
  check(root, 0o700);
  const entries = fs.readdirSync(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) check(full, 0o700);
    else {
      files.push(path.relative(root, full));
      check(full, 0o600);
    }
  }
  return { checked: entries.length + 1, loose, files };
}

function temp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe('personal data at rest', () => {
  it('a command-line import leaves every file it wrote 0600 and every folder 0700, in the data folder and the report folder', async () => {
    const work = temp('at-rest-cli-');
    const dataDir = path.join(work, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 }); // left by an older version: tightened
    const file = writeCsv(work, 'learners.csv', [learnerLine('REST', 1), learnerLine('REST', 2, { email: 'broken@' }), learnerLine('REST', 3)]);
    const reportDir = path.join(work, 'reports', 'week-12');

    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, dryRun: true, ...FAST }, capturedIo())).toBe(1);
    // The dry run's cached directory (learners' names, emails, ULNs) is dropped by a live run: looked at now.
    const afterDryRun = looseEntries(dataDir);
    expect(afterDryRun.loose).toEqual([]);
    expect(afterDryRun.files.some((name) => /directory-cache\/directory-.*\.json$/.test(name))).toBe(true);
    const io = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, reportDir, skipInvalid: true, json: true, ...FAST }, io)).toBe(1);
    expect(lastJson(io.stdout)).toMatchObject({ created: 2, skipped: 1 });

    const data = looseEntries(dataDir);
    expect(data.loose).toEqual([]);
    // What was checked: every kind of file that holds learners' data.
    for (const kind of [/journal\.jsonl$/, /run\.json$/, /plan\.json$/, /source\.json$/, /results\.xlsx$/, /errors\.csv$/, /sandbox\/state\.json$/]) {
      expect(data.files.some((name) => kind.test(name)), String(kind)).toBe(true);
    }
    const reports = looseEntries(path.join(work, 'reports'));
    expect(reports.loose).toEqual([]);
    expect(reports.files.filter((name) => /(results|errors)\.(xlsx|csv)$/.test(name))).toHaveLength(4);
    console.log(`CLI import: ${data.checked} entries under the data folder and ${reports.checked} under the report folder checked, none looser than 0600/0700`);
  });

  it('an app session (upload, saved mapping, import into the sandbox) leaves every file 0600 and every folder 0700, and deletes the upload once its run finished', async () => {
    const dataDir = temp('at-rest-app-');
    fs.chmodSync(dataDir, 0o755);
    const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session'), windowMs: 500 });
    try {
      await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
      await service.handlers.chooseOrganisation({ organisationId: 5740 });
      const text = [learnerLine('APP', 1), learnerLine('APP', 2), learnerLine('APP', 3, { email: 'nope' })];
      const csv = fs.readFileSync(writeCsv(temp('at-rest-mis-'), 'x.csv', text));
      const view = await service.uploads!.open('Zoë’s learners – week 12.csv', Readable.from([csv]));
      expect(view.name).toBe('Zoë’s learners – week 12.csv');
      expect(fs.readdirSync(uploadsDir(dataDir))).toHaveLength(1);
      await service.handlers.checkReferences({ refresh: false });
      const afterCheck = looseEntries(dataDir);
      expect(afterCheck.loose).toEqual([]);
      expect(afterCheck.files.some((name) => /directory-cache\/directory-.*\.json$/.test(name))).toBe(true);
      expect(afterCheck.files.some((name) => /^uploads\/[0-9a-f]{16}\/Zoë_s learners _ week 12\.csv$/.test(name))).toBe(true);
      await service.handlers.saveProfile({ name: 'Weekly MIS export' });
      await service.handlers.planImport({ skipInvalid: true });
      const ended = new Promise<RunStateEvent>((resolve) =>
        service.on('run-state', (event) => ['completed', 'failed', 'cancelled'].includes(event.state) && resolve(event)),
      );
      await service.handlers.startRun({});
      expect((await ended).state).toBe('completed');

      expect(fs.readdirSync(uploadsDir(dataDir))).toEqual([]);
      const state = await service.handlers.getState({});
      expect(state.recentFiles.map((f) => f.name)).not.toContain('Zoë’s learners – week 12.csv');
      const data = looseEntries(dataDir);
      expect(data.loose).toEqual([]);
      for (const kind of [/app-settings\.json$/, /profiles\/.*\.json$/, /journal\.jsonl$/, /results\.xlsx$/, /errors\.xlsx$/, /sandbox\/state\.json$/]) {
        expect(data.files.some((name) => kind.test(name)), String(kind)).toBe(true);
      }
      console.log(`app session: ${data.checked} entries under the data folder checked, none looser than 0600/0700; uploads left: 0`);
    } finally {
      await service.close();
    }
  });
});
