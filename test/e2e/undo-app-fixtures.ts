import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { startSandbox } from '../../main/sandbox';

/**
 * For the app's undo tests (service and browser): learners the built-in sandbox holds
 * before any import (its seed is fixed, so a sandbox started here has the same ones),
 * named as a provider's file names them, and a small file that creates new learners
 * and changes the email of existing ones, every other field as OneFile has it.
 */

export interface SeedLearner {
  id: number;
  misid: string;
  firstName: string;
  lastName: string;
  email: string;
  assessor: string;
  classroom: string;
  placement: string;
}

/** The first `count` active learners of organisation 5740 whose assessor, class and placement are named once in OneFile. */
export async function seedLearners(count: number): Promise<SeedLearner[]> {
  const sandbox = await startSandbox({});
  try {
    const users = sandbox.store.usersOf(5740);
    const staff = new Map(users.filter((u) => [4, 5].includes(u.Role) && !u.Archived).map((u) => [u.ID, `${u.FirstName} ${u.LastName}`]));
    const classes = sandbox.store.all('classrooms').filter((c) => c.OrganisationID === 5740);
    const placements = sandbox.store.all('placements').filter((p) => p.OrganisationID === 5740);
    const once = <T extends { Name: string }>(records: T[], name: string | undefined) => name !== undefined && records.filter((r) => r.Name === name).length === 1;
    const staffNames = [...staff.values()];
    const found: SeedLearner[] = [];
    for (const u of sandbox.store.usersOf(5740, 1)) {
      if (found.length === count) break;
      const assessor = u.DefaultAssessorID ? staff.get(u.DefaultAssessorID) : undefined;
      const classroom = classes.find((c) => c.ID === u.ClassroomID)?.Name;
      const placement = placements.find((p) => p.ID === u.PlacementID)?.Name;
      if (u.Archived || !u.MISID || !assessor || staffNames.filter((n) => n === assessor).length !== 1) continue;
      if (!once(classes, classroom) || !once(placements, placement)) continue;
      found.push({ id: u.ID, misid: u.MISID, firstName: u.FirstName, lastName: u.LastName, email: u.Email!, assessor, classroom: classroom!, placement: placement! });
    }
    return found;
  } finally {
    await sandbox.close();
  }
}

const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Framework Template';

/** The MIS IDs a file written by `writeUndoFile` gives its new learners. */
export const newLearnerIds = (tag: string, count: number): string[] => Array.from({ length: count }, (_, n) => `${tag}${String(n).padStart(3, '0')}`);

/** A framework template of organisation 5740's OneFile. */
export const TEMPLATE = 'Customer Service Practitioner L2 with English';

/**
 * A CSV that creates `created` new learners (last name `tag`, with the assessor, class
 * and placement of `like`) and gives each of `changed` the email beside it, and the
 * framework template when one is named.
 */
export function writeUndoFile(
  folder: string,
  tag: string,
  created: number,
  changed: Array<{ learner: SeedLearner; email: string; template?: string }>,
  like: SeedLearner,
): string {
  const rows = [
    ...newLearnerIds(tag, created).map((misid, n) => [misid, `New${n}`, tag, `${misid.toLowerCase()}@undo.example.com`, like.assessor, like.classroom, like.placement, '']),
    ...changed.map(({ learner, email, template }) => [learner.misid, learner.firstName, learner.lastName, email, learner.assessor, learner.classroom, learner.placement, template ?? '']),
  ];
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${tag.toLowerCase()}.csv`);
  writeFileSync(file, `${[HEADER, ...rows.map((cells) => cells.join(','))].join('\r\n')}\r\n`);
  return file;
}

/** An export's Learners sheet as records by MIS ID: what OneFile holds, read back with exceljs. */
export async function exportedLearners(xlsx: Buffer | string): Promise<Map<string, Record<string, string>>> {
  const workbook = new ExcelJS.Workbook();
  if (typeof xlsx === 'string') await workbook.xlsx.readFile(xlsx);
  else await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Learners')!;
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const learners = new Map<string, Record<string, string>>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const record = Object.fromEntries(headers.map((header, column) => [header, String(row.getCell(column).text ?? '')]).filter(([header]) => header !== ''));
    learners.set(record['MIS ID'], record);
  });
  return learners;
}
