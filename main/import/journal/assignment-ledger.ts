import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MATCH_KEYS, matchKeyValue } from '../plan/match-learner';
import type { AssignStaffOperation, ImportPlan } from '../plan/types';
import type { JournalReplay } from './journal';
import { ensurePrivateFolder, openPrivateAppendSync } from '../../private-files';

/**
 * The staff assignments (IQA, observer) and framework templates this importer has made, and
 * the users it created, per environment and organisation. OneFile's API cannot read a learner's assigned users back, so without
 * this record every weekly re-run would send every IQA and observer assignment again:
 * harmless (OneFile keeps one) but it spends the rate budget (1,000 learners, 1,000
 * calls, ten minutes) and turns "unchanged" learners into "updated" ones.
 *
 * What the ledger holds is what OneFile confirmed; someone removing an assignment in
 * OneFile afterwards is not seen, which is why the plan can be told to ignore it
 * (`--reassign-staff`). One line per assignment (`learner:staff:level:standard-or-unit;`), appended and
 * fsynced; a line torn by a kill has no `;` and is ignored.
 */

export interface StaffAssignment {
  learnerId: number;
  staffUserId: number;
  level: number;
  standardId?: number;
  unitId?: string;
}

/**
 * A framework template this importer gave a learner. Learning aim rows may not say
 * which template made them (the documented keys are ID, StandardID, UserID, Status),
 * and a template's contents may be unknown, so without this a re-run could not tell
 * that the learner's aims came from it and would have to block the row.
 */
export function templateAssignmentKey(learnerId: number, templateId: number): string {
  return `template:${learnerId}:${templateId}`;
}

/**
 * A user this importer created is kept under each key it was created with (MIS ID, ULN,
 * NI number, email), the key's value hashed: the ledger holds no learner's details in the
 * clear. A OneFile whose searches trail its writes (or miss a user for any reason) would
 * show a learner made a moment ago as new; the plan reads such a user by ID instead
 * (plan/users-made.ts). These are the hashes of a user's (or a row's) keys: the comparable
 * value of each (match-learner.ts, `matchKeyValue`) under its key's name.
 */
export function madeKeyHashes(values: Readonly<Record<string, unknown>>): string[] {
  const hashes: string[] = [];
  for (const key of MATCH_KEYS) {
    const value = matchKeyValue(key, typeof values[key] === 'string' ? (values[key] as string) : undefined);
    if (value) hashes.push(createHash('sha256').update(`${key}:${value}`).digest('hex').slice(0, 16));
  }
  return hashes;
}

/**
 * A standard or unit this importer gave a learner, and when (the minute OneFile answered).
 * A OneFile whose searches trail its writes would not yet show it to an import of the same
 * file a moment later, which would give it again (a second learning aim or unit summary).
 * Kept with its time because, unlike a template, it is trusted only for a while
 * (plan/given-recently.ts): one still missing an hour on was taken away in OneFile.
 */
export function programmeGivenKey(learnerId: number, standardId: number, unitId?: string): string {
  return unitId === undefined ? `aim:${learnerId}:${standardId}` : `unit:${learnerId}:${standardId}:${encodeURIComponent(unitId)}`;
}

function programmeGivenLine(key: string, at: Date): string {
  return `${key}@${Math.floor(at.getTime() / 60_000)}`;
}

/** The standards and units the ledger says this importer gave: key (programmeGivenKey) to when, in ms (the latest). */
export function programmeGivenIn(ledger: ReadonlySet<string>): Map<string, number> {
  const given = new Map<string, number>();
  for (const line of ledger) {
    const found = /^((?:aim|unit):[^@]+)@(\d+)$/.exec(line);
    if (found) given.set(found[1], Math.max(given.get(found[1]) ?? 0, Number(found[2]) * 60_000));
  }
  return given;
}

/**
 * What a plan takes from the ledger: the assignments earlier runs made (unless the user
 * asked for them to be sent again, `--reassign-staff`), the users they created and the
 * standards and units they gave, always.
 */
export function earlierRuns(
  ledger: ReadonlySet<string>,
  reassignStaff: boolean | undefined,
): { knownAssignments?: ReadonlySet<string>; usersMade: Map<string, number>; programmeGiven: Map<string, number> } {
  return { ...(reassignStaff ? {} : { knownAssignments: ledger }), usersMade: usersMadeIn(ledger), programmeGiven: programmeGivenIn(ledger) };
}

/** The users the ledger says this importer created: key hash to user ID. */
export function usersMadeIn(ledger: ReadonlySet<string>): Map<string, number> {
  const made = new Map<string, number>();
  for (const line of ledger) {
    const found = /^made:(\d+):([0-9a-f]{16})$/.exec(line);
    if (found) made.set(found[2], Number(found[1]));
  }
  return made;
}

export function assignmentKey(assignment: StaffAssignment): string {
  const target = assignment.standardId ?? assignment.unitId ?? '';
  return `${assignment.learnerId}:${assignment.staffUserId}:${assignment.level}:${target}`;
}

/** `<dataDir>/assignments/<hash of environment>-<organisation>.txt`: no token, no address in the name. */
export function assignmentLedgerPath(dataDir: string, environmentKey: string, organisationId: number): string {
  const environment = createHash('sha256').update(environmentKey.trim().toLowerCase()).digest('hex').slice(0, 16);
  return path.join(dataDir, 'assignments', `${environment}-${organisationId}.txt`);
}

export function readAssignmentLedger(file: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  // Every whole line ends with ';'. One torn by a kill lacks it and is ignored: that
  // assignment is simply sent again.
  const whole = text
    .split('\n')
    .filter((line) => /^\d+:\d+:\d+:[^:;]*;$/.test(line) || /^template:\d+:\d+;$/.test(line) || /^made:\d+:[0-9a-f]{16};$/.test(line) || /^(aim:\d+:\d+|unit:\d+:\d+:[^:;@\s]+)@\d+;$/.test(line));
  return new Set(whole.map((line) => line.slice(0, -1)));
}

export function recordAssignments(file: string, keys: Iterable<string>): void {
  const known = readAssignmentLedger(file);
  const fresh = [...new Set(keys)].filter((key) => !known.has(key));
  if (fresh.length === 0) return;
  ensurePrivateFolder(path.dirname(file));
  const fd = openPrivateAppendSync(file, 'a+');
  try {
    // After a torn last line, start on a line of its own so the new keys stay whole.
    const size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    fs.writeSync(fd, (torn ? '\n' : '') + fresh.map((key) => `${key};\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The staff assignments, framework templates, standards, units and created users of a plan that its journal says OneFile accepted. */
export function confirmedAssignments(plan: ImportPlan, replay: JournalReplay): string[] {
  const keys: string[] = [];
  for (const row of plan.rows) {
    for (const operation of row.operations) {
      if (operation.kind === 'create-user') {
        const userId = replay.operations.get(operation.id)?.state === 'done' ? replay.createdUserByRow.get(row.row) : undefined;
        if (userId !== undefined) keys.push(...madeKeyHashes(operation.fields).map((hash) => `made:${userId}:${hash}`));
        continue;
      }
      if (operation.kind === 'assign-standard' || operation.kind === 'assign-unit') {
        const record = replay.operations.get(operation.id);
        const learnerId = 'existing' in operation.learner ? operation.learner.existing : replay.createdUserByRow.get(row.row);
        if (record?.state !== 'done' || learnerId === undefined) continue;
        const key = programmeGivenKey(learnerId, operation.standardId, operation.kind === 'assign-unit' ? operation.unitId : undefined);
        keys.push(programmeGivenLine(key, record.doneAt ? new Date(record.doneAt) : new Date()));
        continue;
      }
      if (operation.kind !== 'assign-staff' && operation.kind !== 'assign-template') continue;
      const record = replay.operations.get(operation.id);
      // A template OneFile answered as given, whose aims had not come when the run stopped
      // looking (run/template-check.ts), is given too: sending it again could make them twice.
      const given = record?.state === 'done' || (operation.kind === 'assign-template' && record?.state === 'failed' && record.error?.kind === 'not-applied');
      if (!given) continue;
      const learnerId = 'existing' in operation.learner ? operation.learner.existing : replay.createdUserByRow.get(row.row);
      if (learnerId === undefined) continue;
      keys.push(
        operation.kind === 'assign-staff'
          ? assignmentKey(staffAssignmentOf(operation, learnerId))
          : templateAssignmentKey(learnerId, operation.templateId),
      );
    }
  }
  return keys;
}

export function staffAssignmentOf(operation: AssignStaffOperation, learnerId: number): StaffAssignment {
  return {
    learnerId,
    staffUserId: operation.staffUserId,
    level: operation.level,
    ...(operation.standardId !== undefined ? { standardId: operation.standardId } : {}),
    ...(operation.unitId !== undefined ? { unitId: operation.unitId } : {}),
  };
}
