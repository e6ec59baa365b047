import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, runToEnd, upload } from './connected-service';

/**
 * In the app, a budget above what OneFile admits (60 a window set, 20 admitted: the
 * newer OneFile page's 300 on an account with the documented 100;
 * test/reliability/rate-shape.test.ts has the command line): the run completes, lowers
 * its budget to what OneFile admitted and says so, and the next plan is estimated at it
 * and says why.
 */

const WINDOW_MS = 2_000;
let dataDir: string;
let service: AppService;

function learnersFile(tag: string, count: number): string {
  const header = 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement';
  const lines = Array.from({ length: count }, (_, i) => {
    const misid = `${tag}${String(i + 1).padStart(3, '0')}`;
    return [misid, `Learner${i + 1}`, 'Admitted', `${misid.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  });
  const folder = path.join(dataDir, 'mis');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${tag}.csv`);
  writeFileSync(file, `${[header, ...lines].join('\r\n')}\r\n`);
  return file;
}

async function planned(file: string) {
  await service.handlers.openFile(upload(file));
  await service.handlers.checkReferences({ refresh: false });
  return service.handlers.planImport({ skipInvalid: false });
}

beforeAll(async () => {
  ({ service, dataDir } = await connectedService('onefile-rate-admitted-', { budgetPerMinute: 60, windowMs: WINDOW_MS, sandboxSwitches: { rateLimit: 20 } }));
});

afterAll(async () => {
  await service?.close();
});

describe('a OneFile admitting fewer calls than the budget, in the app', () => {
  it('the run lowers the budget to what OneFile admits and says so; the next plan is estimated at it', async () => {
    const first = await planned(learnersFile('ADMA', 70));
    // Planned at the budget set: 70 creates at 60 a window.
    expect(first.notes.map((note) => note.code)).not.toContain('rate-admitted');
    const end = await runToEnd(service);
    expect(end.state).toBe('completed');
    // About 20: what the window admitted, or a fifth more if the run ended on a raise tried after three clean windows.
    const said = /OneFile admitted only about (\d+) calls a minute, not the 60 set, so calls to it are now sent at (\d+) a minute/.exec(end.message ?? '');
    expect(said, end.message ?? '').not.toBeNull();
    expect(Number(said![1])).toBeGreaterThanOrEqual(18);
    expect(Number(said![1])).toBeLessThanOrEqual(25);

    const next = await planned(learnersFile('ADMB', 40));
    expect(next.notes.map((note) => note.code)).toContain('rate-admitted');
    expect(next.notes.find((note) => note.code === 'rate-admitted')?.message).toMatch(/admitted only about (1[89]|2[0-5]) calls a minute here, not the 60 set/);
    // The plan's "takes N at M calls a minute" is at what OneFile admits.
    expect(next.budgetPerMinute).toBe(Number(/admitted only about (\d+)/.exec(next.notes.find((note) => note.code === 'rate-admitted')!.message)![1]));
    // 40 creates at 20 a 2 s window, one every 100 ms: about 3.9 s (at the 60 set, 1.3 s).
    expect(next.etaMs).toBeGreaterThan(1.5 * WINDOW_MS);
  }, 90_000);
});
