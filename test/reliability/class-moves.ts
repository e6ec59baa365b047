import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import type { UserRecord } from '../../main/sandbox/records';

/** Files moving learners between the guide's two classes, and what such a move must leave alone. */

/** What an update must not touch: every field but the class and when it was changed. */
export const kept = (user: UserRecord) => {
  const { ClassroomID: _class, LastModified: _modified, ...rest } = user;
  return rest;
};

/** The organisation's learners with a MIS ID, date of birth, ULN and email (what an update could wipe), by ID. */
export function learnersWithDetails(sandbox: RunningSandbox, count: number, skip = 0): UserRecord[] {
  return sandbox.store
    .usersOf(GUIDE.business, 1)
    .filter((u) => !u.Archived && u.MISID && u.DOB && u.ULN && u.Email)
    .sort((a, b) => a.ID - b.ID)
    .slice(skip, skip + count);
}

/** A file moving each learner to the other class, their names and email as OneFile has them. */
export function moveFile(dir: string, name: string, learners: UserRecord[]): string {
  const header = 'MIS ID,First Name,Last Name,Email,Class';
  const other = (u: UserRecord) => (u.ClassroomID === GUIDE.businessAdminL3 ? 'Business Admin L2' : 'Business Admin L3');
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[header, ...learners.map((u) => [u.MISID, u.FirstName, u.LastName, u.Email, other(u)].join(','))].join('\r\n')}\r\n`);
  return file;
}
