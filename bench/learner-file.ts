import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningSandbox } from '../main/sandbox';

/**
 * A learners spreadsheet such as a centre's MIS exports on a Monday morning, built
 * from what the sandbox's organisation really holds (its assessors, classes,
 * placements and framework templates), so every row resolves and plans as a new
 * learner with a framework template: the import the benchmarks and soak tests time
 * and break. Names that two records share (the seed's near duplicates on purpose)
 * are left out: an ambiguous reference would block the row, and these files are about
 * speed and safety, not resolution.
 */

export const LEARNER_FILE_HEADER = ['Learner Ref', 'Forename', 'Surname', 'Email Address', 'Assessor', 'Class', 'Employer', 'Framework Template'];

export interface LearnerFileOptions {
  /** How many learners. */
  learners: number;
  /** MISID prefix; every learner's ref is `tag` + a number, so runs never collide. */
  tag: string;
  organisationId?: number;
}

/** Names of the records of a kind that no other record shares (compared the way resolution normalises). */
function uniqueNames(names: string[]): string[] {
  const key = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
  const counts = new Map<string, number>();
  for (const name of names) counts.set(key(name), (counts.get(key(name)) ?? 0) + 1);
  return names.filter((name) => counts.get(key(name)) === 1).sort();
}

/** What a learner row can name in this organisation: unambiguous assessors, classes, placements, templates. */
export function organisationChoices(sandbox: RunningSandbox, organisationId = 5740) {
  const store = sandbox.store;
  const assessors = uniqueNames(store.usersOf(organisationId, 5).filter((u) => !u.Archived).map((u) => `${u.FirstName} ${u.LastName}`));
  const classes = uniqueNames(store.all('classrooms').filter((c) => c.OrganisationID === organisationId).map((c) => c.Name));
  const placements = uniqueNames(store.all('placements').filter((p) => p.OrganisationID === organisationId).map((p) => p.Name));
  const templates = uniqueNames(store.all('templates').filter((t) => t.OrganisationID === organisationId).map((t) => t.Name));
  if (!assessors.length || !classes.length || !placements.length || !templates.length) {
    throw new Error(`Organisation ${organisationId} in the sandbox lacks assessors, classes, placements or templates.`);
  }
  return { assessors, classes, placements, templates };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The rows (header first) of a learners file for the sandbox's organisation. */
export function learnerFileRows(sandbox: RunningSandbox, options: LearnerFileOptions): string[][] {
  const choices = organisationChoices(sandbox, options.organisationId);
  const rows: string[][] = [LEARNER_FILE_HEADER];
  for (let n = 1; n <= options.learners; n++) {
    const ref = `${options.tag}${String(n).padStart(5, '0')}`;
    rows.push([
      ref,
      `Learner${n}`,
      `Bench${options.tag}`,
      `${ref.toLowerCase()}@learners.example.com`,
      choices.assessors[n % choices.assessors.length],
      choices.classes[(n * 7) % choices.classes.length],
      choices.placements[(n * 11) % choices.placements.length],
      choices.templates[n % choices.templates.length],
    ]);
  }
  return rows;
}

/** Writes the learners file as UTF-8 CSV (as Excel's "CSV UTF-8" saves it) and returns its path. */
export function writeLearnerFile(dir: string, sandbox: RunningSandbox, options: LearnerFileOptions): string {
  const file = path.join(dir, `learners-${options.tag}.csv`);
  const text = learnerFileRows(sandbox, options).map((row) => row.map(csvCell).join(',')).join('\r\n');
  fs.writeFileSync(file, `\ufeff${text}\r\n`);
  return file;
}
