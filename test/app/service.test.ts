import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { writeLearnersWithMistakes } from '../e2e/helpers';

/**
 * The app's service driven as the window drives it, against the built-in sandbox
 * over real HTTP: what the screens show after each step a user takes.
 */

let dataDir: string;
let service: AppService;
let file: string;

const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-service-'));
  file = writeLearnersWithMistakes(path.join(dataDir, 'mis'));
  service = await createAppService({
    dataDir,
    face: 'browser',
    tokenStore: createSessionTokenStore('session only'),
    budgetPerMinute: 100,
    windowMs: 500,
  });
});

afterAll(async () => {
  await service?.close();
});

describe('the service, step by step as a new user takes it', () => {
  it('starts on the sandbox, with Live marked as live and nothing open', async () => {
    const state = await service.handlers.getState({});
    expect(state.preferredEnvironment).toBe('sandbox');
    expect(state.environments.find((e) => e.id === 'live')).toMatchObject({ live: true, needsToken: true });
    expect(state.environments.find((e) => e.id === 'sandbox')).toMatchObject({ live: false, needsToken: false });
    expect(state.connection).toBeNull();
    expect(state.capabilities).toEqual({ nativeDialogs: false, openInApp: false, face: 'browser' });
    // Each state is numbered, so the view can drop one that arrives after a newer one.
    const again = await service.handlers.getState({});
    expect(again.instance).toBe(state.instance);
    expect(again.revision).toBeGreaterThan(state.revision);
  });

  it('connects to the sandbox without a token and lists its organisations', async () => {
    const connection = await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
    expect(connection.customer.name).toBe('Example Beta Customer');
    expect(connection.organisations.map((o) => o.id)).toEqual(expect.arrayContaining([5740, 5741]));
    await expect(service.handlers.chooseOrganisation({ organisationId: 9999 })).rejects.toThrow(/not one of Example Beta Customer's organisations/);
    expect((await service.handlers.chooseOrganisation({ organisationId: 5740 })).organisation?.id).toBe(5740);
  });

  it('opens a dropped file and maps its columns by itself', async () => {
    const view = await service.handlers.openFile(upload(file));
    expect(view).toMatchObject({ name: 'learners-week-12.csv', format: 'csv', rows: 25, headerRow: 1, encoding: 'utf-8' });
    const mapping = await service.handlers.getMapping({});
    const email = mapping.columns.find((c) => c.header === 'Email Address')!;
    expect(email).toMatchObject({ field: 'Email', letter: 'G' });
    expect(email.samples[0]).toBe('amelia.hughes@example.com');
    expect(mapping.missingRequired).toEqual([]);
  });

  it('gives a field to one column only, and names a required field left without one', async () => {
    const moved = await service.handlers.setColumnField({ column: 7, field: 'Email' });
    expect(moved.columns[6].field).toBeNull();
    // The user's choice, but phone numbers are not emails: the confidence says so.
    expect(moved.columns[7]).toMatchObject({ field: 'Email', confidence: 0, reason: expect.stringMatching(/^Only 0 of the first \d+ values read as Email: .* You chose this\.$/) });
    const none = await service.handlers.setColumnField({ column: 7, field: null });
    // A learner may go without an email (OneFile's guide to creating users): not a required column; an assessor is.
    expect(none.missingRequired.map((m) => m.field)).not.toContain('Email');
    const noAssessor = await service.handlers.setColumnField({ column: 10, field: null });
    expect(noAssessor.missingRequired.map((m) => m.field)).toEqual(['Assessor']);
    await service.handlers.setColumnField({ column: 10, field: 'Assessor' });
    const back = await service.handlers.setColumnField({ column: 6, field: 'Email' });
    await service.handlers.setColumnField({ column: 7, field: 'MobileNumber' });
    expect(back.missingRequired).toEqual([]);
  });

  it('takes the first and last name from their columns when a column is given whole names by hand', async () => {
    const whole = await service.handlers.setColumnField({ column: 1, field: 'FullName' });
    expect(whole.columns.slice(0, 3).map((c) => c.field)).toEqual(['MISID', 'FullName', null]);
    expect(whole.missingRequired).toEqual([]);
    // "Amelia" alone is one word: the whole name gives no last name, and every row says so.
    expect((await service.handlers.getCounts({})).withErrors).toBe(25);
    await service.handlers.setColumnField({ column: 1, field: 'FirstName' });
    const back = await service.handlers.setColumnField({ column: 2, field: 'LastName' });
    expect(back.columns.slice(0, 3).map((c) => c.field)).toEqual(['MISID', 'FirstName', 'LastName']);
    expect((await service.handlers.getCounts({})).withErrors).toBe(2);
  });

  it('pages through the rows with their problems on the right cells, and filters them', async () => {
    const counts = await service.handlers.getCounts({});
    expect(counts).toMatchObject({ rows: 25, withErrors: 2, referencesChecked: false });
    const errors = await service.handlers.getRows({ offset: 0, limit: 10, filter: 'errors' });
    expect(errors.rows.map((r) => r.row)).toEqual([4, 6]);
    expect(errors.rows[0].issues).toEqual([expect.objectContaining({ column: 6, severity: 'error', message: expect.stringMatching(/not an email address/) })]);
    const page = await service.handlers.getRows({ offset: 20, limit: 10, filter: 'all' });
    expect(page).toMatchObject({ total: 25, offset: 20 });
    expect(page.rows.map((r) => r.row)).toEqual([22, 23, 24, 25, 26]);
  });

  it('re-validates an edited cell at once', async () => {
    const broken = await service.handlers.updateCell({ index: 0, column: 6, value: 'not-an-email' });
    expect(broken.row.status).toBe('error');
    expect(broken.counts.withErrors).toBe(3);
    const fixed = await service.handlers.updateCell({ index: 2, column: 6, value: 'isla.murray@example.net' });
    expect(fixed.row).toMatchObject({ row: 4, status: 'valid', issues: [] });
    const restored = await service.handlers.updateCell({ index: 0, column: 6, value: 'amelia.hughes@example.com' });
    expect(restored.counts.withErrors).toBe(1);
    await expect(service.handlers.updateCell({ index: 99, column: 0, value: 'x' })).rejects.toThrow(/no row 100/);
  });

  it('finds the ambiguous class once, with both candidates, and resolves it for every row in one choice', async () => {
    const counts = await service.handlers.checkReferences({ refresh: false });
    expect(counts).toMatchObject({ referencesChecked: true, unresolvedValues: 1, unresolvedRows: 1 });
    const [ambiguous] = await service.handlers.listUnresolved({});
    expect(ambiguous).toMatchObject({ field: 'Classroom', value: 'Business admin L3 - Evening', kind: 'ambiguous', rows: 1 });
    expect(ambiguous.suggestions.map((s) => s.detail)).toEqual(expect.arrayContaining(['BA3-EVE', 'BA3-EVE2']));
    const chosen = ambiguous.suggestions.find((s) => s.detail === 'BA3-EVE2')!;
    const result = await service.handlers.resolveValue({ field: 'Classroom', value: ambiguous.value, id: chosen.id, remember: true });
    expect(result.resolvedRows).toBe(1);
    expect(result.counts).toMatchObject({ unresolvedValues: 0, unresolvedRows: 0 });
    expect(readdirSync(path.join(dataDir, 'profiles'))).toHaveLength(1);
  });

  it('plans a dry run that refuses rows with errors until they are skipped', async () => {
    const refusing = await service.handlers.planImport({ skipInvalid: false });
    expect(refusing).toMatchObject({ needsSkipInvalid: true, blocked: 1, live: false, organisation: { id: 5740 } });
    expect(refusing.blockedRows[0]).toMatchObject({ row: 6, name: 'Ava Thompson' });
    await expect(service.handlers.startRun({})).rejects.toThrow(/errors/);
    const plan = await service.handlers.planImport({ skipInvalid: true });
    expect(plan).toMatchObject({ create: 24, skipped: 1, needsSkipInvalid: false, budgetPerMinute: 100 });
  });

  it('runs the import with progress events, and keeps the run and its reports in the history', async () => {
    const ended = new Promise<RunStateEvent>((resolve) => {
      service.on('run-state', (event) => {
        if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event);
      });
    });
    let progressEvents = 0;
    service.on('progress', (event) => {
      if (event.kind === 'run') progressEvents++;
    });
    const run = await service.handlers.startRun({});
    expect(run).toMatchObject({ state: 'running', fileName: 'learners-week-12.csv' });
    const final = await ended;
    expect(final.state).toBe('completed');
    expect(final.totals).toMatchObject({ total: 25, done: 24, skipped: 1, failed: 0 });
    expect(progressEvents).toBeGreaterThan(0);
    const [history] = await service.handlers.listRuns({});
    expect(history).toMatchObject({ runId: run.runId, state: 'completed', resumable: false, reports: { results: true, errors: true } });
    expect(history.counts).toMatchObject({ created: 24, skipped: 1 });
    const report = await service.handlers.exportReport({ runId: run.runId, kind: 'errors', format: 'csv' });
    expect(report.savedTo).toBeNull();
    const text = Buffer.from(report.contentBase64!, 'base64').toString('utf8');
    expect(text).toContain('BA24005');
    expect(text).not.toContain('BA24001');
  });

  it('remembers the class choice for the next file with the same columns', async () => {
    await service.handlers.openFile(upload(file));
    const mapping = await service.handlers.getMapping({});
    expect(mapping.profile).toMatchObject({ automatic: true });
    await service.handlers.checkReferences({ refresh: true });
    expect(await service.handlers.listUnresolved({})).toEqual([]);
  });
});

describe('secrets', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({});
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('never shows a customer token, in an error or in the state', async () => {
    const token = 'wrong-token-1234567890';
    const error = await service.handlers
      .connect({ environment: 'custom', customBaseUrl: sandbox.baseUrl, customerToken: token, rememberToken: true })
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(service.redact((error as Error).message)).not.toContain(token);
    expect(service.redact(`token ${token}`)).toBe('token [customer token]');
    expect(JSON.stringify(await service.handlers.getState({}))).not.toContain(token);
    const logs = readdirSync(dataDir, { recursive: true }).map(String).filter((name) => existsSync(path.join(dataDir, name)));
    for (const name of logs) {
      const full = path.join(dataDir, name);
      if (!name.includes('.') || name.endsWith('.xlsx')) continue;
      expect(readFileSync(full, 'utf8'), name).not.toContain(token);
    }
  });

  it('refuses an address that would send the token unencrypted', async () => {
    await expect(
      service.handlers.connect({ environment: 'custom', customBaseUrl: 'http://onefile.example.org/api/v2.1/', customerToken: 'abcdef123456', rememberToken: false }),
    ).rejects.toThrow(/plain http/);
  });
});
