import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../main/cli/check-command';
import { runImport } from '../../main/cli/import-command';
import { profilesFolder } from '../../main/import/intake';
import { profilePath } from '../../main/mapping-store/profile-store';
import type { AppService } from '../../main/service/app-service';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { connectedService, upload } from './connected-service';

/**
 * The mapping profile the importer saved for a file's columns, found damaged (the disk
 * filled as it was written, an editor broke it): it is the importer's own file, not one the
 * user chose, so the file still opens, mapped automatically, and says why.
 */
const HEADERS = ['Learner Ref', 'Forename', 'Surname', 'Email Address', 'Assessor', 'Class', 'Employer'];
const SAID =
  /^Mapping profile: the one saved for these columns is damaged and was not used \(learners-profile\.json: This mapping profile is not valid JSON: [^)]+\), so they were mapped automatically\. Saving the mapping again replaces it\.$/;

let service: AppService;
let dataDir: string;
let file: string;

beforeAll(async () => {
  ({ service, dataDir } = await connectedService('onefile-damaged-profile-'));
  const folder = path.join(dataDir, 'mis');
  mkdirSync(folder, { recursive: true });
  file = path.join(folder, 'learners.csv');
  writeFileSync(file, `${HEADERS.join(',')}\r\nDP001,Amelia,Hughes,dp001@learners.example.com,James Fayre,Business Admin L2,BT - Manchester\r\n`);
  const saved = profilePath(profilesFolder(dataDir), HEADERS);
  mkdirSync(path.dirname(saved), { recursive: true });
  writeFileSync(saved, '{"columns": {"Learner Ref"');
});
afterAll(() => service?.close());

/** The profile file's own name is a hash of the headers: the message names it as read. */
const named = (text: string) => text.replace(/[0-9a-f]{8}\.json/, 'learners-profile.json');

describe('a damaged saved mapping profile', () => {
  it('in the app: the file opens, mapped automatically, and Load says why', async () => {
    const view = await service.handlers.openFile(upload(file));
    expect(view.warnings.map(named)).toEqual([expect.stringMatching(SAID)]);
    const columns = await service.handlers.getMapping({});
    expect(columns.columns.find((c) => c.header === 'Email Address')?.field).toBe('Email');
  });

  it('on the command line: check reads the file and says why (exit 0); import --json carries it', async () => {
    const io = { ...capturedIo(), now: () => new Date('2026-12-04T12:00:00Z') };
    expect(await runCheck(file, { dataDir }, io)).toBe(0);
    expect(io.stdout.join('').split('\n').map(named)).toContainEqual(expect.stringMatching(SAID));

    const dry = capturedIo();
    expect(await runImport(file, { env: 'sandbox', org: 5740, dataDir, dryRun: true, json: true, rateWindowMs: 500 }, dry)).toBe(0);
    expect(named(lastJson(dry.stdout).profile.damaged)).toMatch(/^learners-profile\.json: This mapping profile is not valid JSON: /);
  });
});
