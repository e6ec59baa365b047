import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../shared/contract';
import type { RunStateEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { startSandbox } from '../../main/sandbox';
import { sandboxStatePath } from '../../main/import/environment/connection';
import { writeUsDateLearners } from '../e2e/app-fixtures';
import { writeCleanLearners } from '../e2e/helpers';

/**
 * Every option of `onefile-import import` that changes the outcome, set in the app: the
 * date order (followed from the file, or chosen), the role of rows without one,
 * matching, staff assignments, the budget up to 300, rows in flight and the Assign
 * path reading; the environment's part remembered across a restart, all of it shown
 * in the plan, and a US-date file imported as the user said.
 */

let dataDir: string;
let service: AppService;
const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

async function startService(): Promise<AppService> {
  const started = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await started.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await started.handlers.chooseOrganisation({ organisationId: 5740 });
  return started;
}

function runEnds(app: AppService): Promise<RunStateEvent> {
  return new Promise((resolve) => {
    app.on('run-state', (event) => {
      if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event);
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-settings-'));
  service = await startService();
});

afterAll(async () => {
  await service?.close();
});

describe('import settings in the app', () => {
  it('reads a US-date file month first by itself, says so, and shows each date as it was read', async () => {
    await service.handlers.openFile(upload(writeUsDateLearners(path.join(dataDir, 'mis'))));
    const settings = await service.handlers.getImportSettings({});
    expect(settings).toMatchObject({ dateOrder: 'mdy', dateOrderDetected: 'mdy', dateOrderChosen: false, defaultRole: 'learner' });
    const counts = await service.handlers.getCounts({});
    expect(counts.withErrors).toBe(0);
    expect(counts.fileIssues.filter((issue) => issue.severity === 'error')).toEqual([]);
    const page = await service.handlers.getRows({ offset: 0, limit: 5, filter: 'all' });
    // Isla Murray, born 15 November 2002, written 11/15/2002.
    expect(page.rows[2].cells[3]).toBe('11/15/2002');
    expect(page.rows[2].readAs).toContainEqual({ column: 3, text: '15 Nov 2002' });
  });

  it('reads it day first when the user says so: the dates that cannot be are errors on their cells', async () => {
    const settings = await service.handlers.setImportSettings({ dateOrder: 'dmy' });
    expect(settings).toMatchObject({ dateOrder: 'dmy', dateOrderChosen: true });
    const errors = await service.handlers.getRows({ offset: 0, limit: 50, filter: 'errors' });
    expect(errors.total).toBeGreaterThan(0);
    expect(errors.rows[0].issues.some((issue) => issue.column === 3 || issue.column === 8 || issue.column === 9)).toBe(true);
  });

  it('takes every option the CLI takes, refusing a budget over 300 and a match order that names a key twice', async () => {
    expect(methods.setImportSettings.input.safeParse({ budgetPerMinute: 301 }).success).toBe(false);
    expect(methods.setImportSettings.input.safeParse({ matchOrder: ['ULN', 'ULN'] }).success).toBe(false);
    expect(methods.setImportSettings.input.safeParse({ rowsInFlight: 65 }).success).toBe(false);
    const settings = await service.handlers.setImportSettings({
      dateOrder: 'mdy',
      budgetPerMinute: 300,
      matchOrder: ['ULN', 'MISID', 'Email'],
      rowsInFlight: 6,
      reassignStaff: true,
      assignPath: 'learner-in-path',
    });
    expect(settings).toMatchObject({
      dateOrder: 'mdy',
      budgetPerMinute: 300,
      matchOrder: ['ULN', 'MISID', 'Email'],
      rowsInFlight: 6,
      reassignStaff: true,
      assignPath: 'learner-in-path',
    });
    expect((await service.handlers.getCounts({})).withErrors).toBe(0);
  });

  it('plans with them and shows them, its calls adding up', async () => {
    await service.handlers.checkReferences({ refresh: false });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan.settings).toMatchObject({ dateOrder: 'mdy', budgetPerMinute: 300, matchOrder: ['ULN', 'MISID', 'Email'], rowsInFlight: 6, reassignStaff: true });
    expect(plan.budgetPerMinute).toBe(300);
    expect(plan.calls.directory + plan.calls.planning + plan.calls.reads + plan.calls.writes).toBe(plan.calls.total);
    expect(plan.create).toBe(25);
  });

  it('imports the US-date file with its dates read month first', async () => {
    const ended = runEnds(service);
    await service.handlers.startRun({});
    expect((await ended).state).toBe('completed');
  });

  it('remembers the environment\'s settings after a restart, and follows the next file\'s dates again', async () => {
    await service.close();
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'app-settings.json'), 'utf8'));
    expect(stored.importSettings.sandbox).toMatchObject({ budgetPerMinute: 300, rowsInFlight: 6, reassignStaff: true });
    const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
    try {
      const isla = sandbox.store.usersOf(5740, 1).find((user) => user.MISID === 'BA24003');
      expect(String(isla?.DOB)).toMatch(/^2002-11-15/);
    } finally {
      await sandbox.close();
    }
    service = await startService();
    await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'uk'))));
    expect(await service.handlers.getImportSettings({})).toMatchObject({
      dateOrder: 'dmy',
      dateOrderChosen: false,
      budgetPerMinute: 300,
      matchOrder: ['ULN', 'MISID', 'Email'],
      rowsInFlight: 6,
      reassignStaff: true,
      assignPath: 'learner-in-path',
    });
  });

  it('shows, per updated learner, each field that changes from what OneFile has to what the file says', async () => {
    const file = writeCleanLearners(path.join(dataDir, 'uk'));
    await service.handlers.setImportSettings({ matchOrder: ['MISID', 'ULN', 'Email'] });
    const lines = readFileSync(file, 'utf8').split('\r\n');
    lines[1] = lines[1].replace('07700 900100', '07700 900999');
    writeFileSync(file, lines.join('\r\n'));
    await service.handlers.openFile(upload(file));
    await service.handlers.checkReferences({ refresh: true });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan.update).toBe(1);
    expect(plan.updates).toEqual([
      { row: 2, name: 'Amelia Hughes', changes: [expect.objectContaining({ label: 'Mobile', from: expect.stringContaining('900100'), to: expect.stringContaining('900999') })] },
    ]);
  });

  it('plans rows without a Role column as the role the user chose', async () => {
    const staff = path.join(dataDir, 'staff.csv');
    writeFileSync(staff, 'Forename,Surname,Email\r\nPriya,Shah,priya.shah@example.com\r\n');
    await service.handlers.openFile(upload(staff));
    expect((await service.handlers.getMapping({})).missingRequired.length).toBeGreaterThan(0);
    await service.handlers.setImportSettings({ defaultRole: 'assessor' });
    expect((await service.handlers.getMapping({})).missingRequired).toEqual([]);
    await service.handlers.checkReferences({ refresh: false });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: 1, blocked: 0, settings: { defaultRole: 'assessor' } });
    const ended = runEnds(service);
    await service.handlers.startRun({});
    expect((await ended).state).toBe('completed');
    await service.close();
    const sandbox = await startSandbox({ statePath: sandboxStatePath(dataDir) });
    try {
      expect(sandbox.store.usersOf(5740, 5).some((user) => user.Email === 'priya.shah@example.com')).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
