import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { directoryCacheFolder } from '../../main/import/environment/connection';
import { uploadsDir } from '../../main/service/uploads';
import { HEADER, learnerLine } from '../import/cli-fixtures';

/**
 * "Forget this organisation's data" in the app: the confirmation lists what this
 * computer keeps, nothing goes while an import into the organisation runs, and once
 * confirmed its runs, cached directory and uploaded file are gone, from the disk and
 * from the session.
 */

let dataDir: string;
let service: AppService;

/** 150 learners: more calls than OneFile's minute allows, so the run is still going when the test acts. */
const learners = Buffer.from(`${[HEADER, ...Array.from({ length: 150 }, (_, i) => learnerLine('FGA', i + 1))].join('\r\n')}\r\n`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-forget-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session'), budgetPerMinute: 100, windowMs: 60_000 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
});

afterAll(async () => {
  await service?.close();
});

describe("forgetting an organisation's data in the app", () => {
  it('refuses while an import into it is running, and lists then deletes its runs, cached directory and uploaded file once it has stopped', async () => {
    await service.handlers.openFile({ fileName: 'Learners – all.csv', contentBase64: learners.toString('base64') });
    await service.handlers.checkReferences({ refresh: false });
    const before = await service.handlers.forgetOrganisationData({ organisationId: 5740, confirm: false });
    expect(before).toMatchObject({ organisation: { id: 5740 }, environmentLabel: expect.any(String), runs: 0, cachedFiles: 1, uploads: 1, forgotten: false });
    expect(before.description).toBe('1 cached record (the directory of learners and staff, the assignments and users this importer made), 1 uploaded spreadsheet');

    await service.handlers.planImport({ skipInvalid: false });
    const stopped = new Promise<RunStateEvent>((resolve) =>
      service.on('run-state', (event) => ['completed', 'failed', 'cancelled'].includes(event.state) && resolve(event)),
    );
    await service.handlers.startRun({});
    await expect(service.handlers.forgetOrganisationData({ organisationId: 5740, confirm: true })).rejects.toThrow(
      'An import into Example Organisation - Business is running. Let it finish, or cancel it, before forgetting its data.',
    );
    expect(await service.handlers.listRuns({})).toHaveLength(1);
    await service.handlers.cancelRun({});
    expect((await stopped).state).toBe('cancelled');

    const preview = await service.handlers.forgetOrganisationData({ organisationId: 5740, confirm: false });
    expect(preview).toMatchObject({ runs: 1, forgotten: false });
    expect(await service.handlers.listRuns({})).toHaveLength(1);

    const done = await service.handlers.forgetOrganisationData({ organisationId: 5740, confirm: true });
    expect(done).toMatchObject({ runs: 1, forgotten: true });
    expect(await service.handlers.listRuns({})).toEqual([]);
    expect(fs.readdirSync(directoryCacheFolder(dataDir)).filter((f) => f.endsWith('-5740.json'))).toEqual([]);
    expect(fs.readdirSync(uploadsDir(dataDir))).toEqual([]);
    const state = await service.handlers.getState({});
    expect(state.directory.status).toBe('none');
    expect(state.recentFiles).toEqual([]);
    const again = await service.handlers.forgetOrganisationData({ organisationId: 5740, confirm: false });
    expect(again).toMatchObject({ runs: 0, cachedFiles: 0, uploads: 0, description: 'nothing' });
  }, 60_000);

  it('needs a connection, since an organisation ID means something only in its OneFile', async () => {
    const offline = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session') });
    await expect(offline.handlers.forgetOrganisationData({ organisationId: 5740, confirm: true })).rejects.toThrow(/Connect to the OneFile the organisation is in first/);
    await offline.close();
  });
});
