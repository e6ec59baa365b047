import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import type { RecordedCall, RunningSandbox, UserRecord } from '../../main/sandbox';
import { capturedIo, lastJson } from './cli-fixtures';

/**
 * For the undo tests: an import through the command line, against a sandbox the test
 * holds (so its call log survives a killed command), that creates new learners and
 * changes the email of existing ones, every other field given as OneFile has it.
 */

export const WINDOW = 500;
export const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';

export const isWrite = (call: RecordedCall) => call.method === 'POST' && !/Search|Authentication/.test(call.route);

export function ioFor(sandbox: RunningSandbox, answer: string | null = null) {
  return capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }, answer);
}

/** Existing learners whose assessor, class and placement the file can name by ID (active, complete). */
export function existingLearners(sandbox: RunningSandbox, count: number, skip: number): UserRecord[] {
  const staff = new Set(sandbox.store.usersOf(5740).filter((u) => [4, 5].includes(u.Role) && !u.Archived).map((u) => u.ID));
  return sandbox.store
    .usersOf(5740, 1)
    .filter((u) => !u.Archived && u.MISID && u.DefaultAssessorID && staff.has(u.DefaultAssessorID) && u.ClassroomID && u.PlacementID)
    .slice(skip, skip + count);
}

export interface Imported {
  runId: string;
  dataDir: string;
  created: string[];
  changed: Array<{ id: number; before: string; after: string }>;
}

/** Imports `created` new learners and a changed email for `changed` existing ones; returns the run. */
export async function importNewAndChanged(sandbox: RunningSandbox, dataDir: string, tag: string, created: number, changed: UserRecord[]): Promise<Imported> {
  const rows = [
    ...Array.from({ length: created }, (_, n) => `${tag}${String(n).padStart(3, '0')},New${n},${tag},${tag.toLowerCase()}${n}@undo.example.com,Kate Anderson,Business Admin L2,BT - Manchester`),
    ...changed.map((u) => `${u.MISID},${u.FirstName},${u.LastName},${tag.toLowerCase()}.${u.ID}@changed.example.com,${u.DefaultAssessorID},${u.ClassroomID},${u.PlacementID}`),
  ];
  const file = path.join(dataDir, `${tag}.csv`);
  fs.writeFileSync(file, `${[HEADER, ...rows].join('\r\n')}\r\n`);
  const io = ioFor(sandbox);
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, rateWindowMs: WINDOW, role: 'learner' }, io);
  const summary = lastJson(io.stdout);
  expect(code, io.stderr.join('')).toBe(0);
  expect(summary).toMatchObject({ created, updated: changed.length, failed: 0 });
  return {
    runId: summary.runId,
    dataDir,
    created: Array.from({ length: created }, (_, n) => `${tag}${String(n).padStart(3, '0')}`),
    changed: changed.map((u) => ({ id: u.ID, before: u.Email!, after: `${tag.toLowerCase()}.${u.ID}@changed.example.com` })),
  };
}

/** The OneFile IDs of the learners a tag's import created. */
export function createdIds(sandbox: RunningSandbox, imported: Imported): number[] {
  return sandbox.store.usersOf(5740, 1).filter((u) => u.MISID && imported.created.includes(u.MISID)).map((u) => u.ID);
}

/** How many times each path was written to, since call `from`. */
export function writeCounts(sandbox: RunningSandbox, from: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of sandbox.calls.slice(from).filter(isWrite)) counts.set(call.path, (counts.get(call.path) ?? 0) + 1);
  return counts;
}
