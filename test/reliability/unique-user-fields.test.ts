import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, type RunningSandbox } from '../../main/sandbox';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * No guide says whether two OneFile users may share an email (or a MIS ID, a ULN). The
 * importer guarantees it never creates a second learner with an existing key, but only
 * among the learners of the organisation it reads; a OneFile using the email as a login
 * would refuse a user whose email any other user of the customer has (a learner of
 * another organisation, a member of staff, an archived learner it hides from searches).
 * Played with the sandbox (`uniqueUserFields`): such a row failed with "Correct the value
 * it names", with nothing saying where the other user might be; and a create whose answer
 * was lost, not yet shown by a search that trails the writes, was sent again, refused
 * because the first try had made it, and reported failed with "correct the value" over a
 * learner that was there.
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

type Learner = { ref: string; first: string; email: string };

function fileOf(dir: string, learners: Learner[]): string {
  const header = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';
  const rows = learners.map((l) => [l.ref, l.first, 'Unique', l.email, 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(','));
  const file = path.join(dir, 'learners.csv');
  fs.writeFileSync(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}

const importFile = (sandbox: RunningSandbox, file: string, dataDir: string) => importReported(sandbox, file, { org: ORG, dataDir, rateWindowMs: WINDOW_MS });

const learnersOf = (sandbox: RunningSandbox) => sandbox.store.all('users').filter((u) => u.LastName === 'Unique');
const creates = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.route === 'POST User' && !c.sessionRefused);

describe('a OneFile refusing a user whose email or MIS ID another user of the customer has', () => {
  it('another organisation\'s learner, a member of staff, an archived learner hidden from searches: each row fails saying where to look, pointed at the email or MIS ID; the others are made', async () => {
    const sandbox = await sandboxWith({ uniqueUserFields: ['Email', 'MISID'], archivedUsers: 'hidden' });
    const [elsewhere, elsewhereToo] = sandbox.store.usersOf(GUIDE.care, 1).filter((u) => u.Email && u.MISID && !u.Archived);
    const staff = sandbox.store.usersOf(ORG, 5).find((u) => u.Email && !u.Archived)!;
    const archived = sandbox.store.usersOf(ORG, 1).find((u) => u.Email && u.Archived);
    expect(archived, 'the example data holds an archived learner').toBeDefined();
    const dir = tempDir('unique-email-');
    const file = fileOf(dir, [
      { ref: 'UQ001', first: 'Fresh', email: 'uq001@learners.example.com' },
      { ref: 'UQ002', first: 'Elsewhere', email: elsewhere.Email!.toUpperCase() },
      { ref: 'UQ003', first: 'Staff', email: staff.Email! },
      { ref: 'UQ004', first: 'Archived', email: archived!.Email! },
      { ref: 'UQ005', first: 'Fresh', email: 'uq005@learners.example.com' },
      { ref: elsewhereToo.MISID!, first: 'Ref', email: 'uq006@learners.example.com' },
    ]);
    const run = await importFile(sandbox, file, path.join(dir, 'data'));
    expect(run.code, run.output).toBe(1);
    expect(run.summary).toMatchObject({ created: 2, failed: 4 });
    expect(learnersOf(sandbox).map((u) => u.MISID).sort()).toEqual(['UQ001', 'UQ005']);
    // Each refused once: not sent again, not checked for as a write in doubt.
    expect(creates(sandbox).filter((c) => c.status === 400)).toHaveLength(4);
    const failedLines = run.errors.split('\n').filter((line) => /UQ00[234]/.test(line));
    expect(failedLines).toHaveLength(3);
    for (const line of failedLines) {
      expect(line).toContain('OneFile already has another user with this email address');
      expect(line).toMatch(/another organisation|member of staff|archived/);
      expect(line).not.toContain('Correct the value it names');
    }
    // The errors report marks the email cell to fix.
    expect(run.errors.split('\n')[0]).toMatch(/Email Address/);
    expect(failedLines.every((line) => /Email Address,Create learner/.test(line))).toBe(true);
    // A MIS ID another organisation's learner has: the same, about the MIS ID, pointed at the Learner Ref.
    const misidLine = run.errors.split('\n').find((line) => line.startsWith(`${elsewhereToo.MISID},`))!;
    expect(misidLine).toContain('OneFile already has another user with this MIS ID');
    expect(misidLine).toMatch(/,Learner Ref,Create learner Ref Unique/);
  }, 60_000);

  it('an update giving a learner the email a member of staff has: the row fails saying so, pointed at the email; nothing written', async () => {
    const sandbox = await sandboxWith({ uniqueUserFields: ['Email'] });
    const learner = sandbox.store.usersOf(ORG, 1).find((u) => u.MISID && u.Email && !u.Archived)!;
    const staff = sandbox.store.usersOf(ORG, 5).find((u) => u.Email && !u.Archived)!;
    const dir = tempDir('unique-email-update-');
    const header = 'Learner Ref,Forename,Surname,Email Address';
    const file = path.join(dir, 'learners.csv');
    fs.writeFileSync(file, `${header}\r\n${[learner.MISID, learner.FirstName, learner.LastName, staff.Email].join(',')}\r\n`);
    const run = await importFile(sandbox, file, path.join(dir, 'data'));
    expect(run.code, run.output).toBe(1);
    expect(run.summary).toMatchObject({ updated: 0, failed: 1 });
    expect(sandbox.store.user(learner.ID)!.Email).toBe(learner.Email);
    const line = run.errors.split('\n').find((l) => l.startsWith(`${learner.MISID},`))!;
    expect(line).toContain('OneFile refused to give this learner that email address: another user already has it');
    expect(line).not.toContain('Correct the value it names');
    expect(line).toMatch(/,Email Address,Update /);
  }, 60_000);

  it("a create whose answer was lost, not yet in the search that checks it, is refused when sent again: the row's outcome is unknown (made by the first try), never \"correct the value\"; imported again, it is found", async () => {
    // Searches trail the writes by longer than the check waits (about 15 s), and every other write's answer is lost.
    const sandbox = await sandboxWith({ uniqueUserFields: ['Email'], searchLagMs: 60_000, loseEveryNthWrite: 2 });
    const dir = tempDir('unique-email-lost-');
    const dataDir = path.join(dir, 'data');
    const file = fileOf(dir, [
      { ref: 'UQ101', first: 'One', email: 'uq101@learners.example.com' },
      { ref: 'UQ102', first: 'Two', email: 'uq102@learners.example.com' },
    ]);
    const run = await importFile(sandbox, file, dataDir);
    // Each learner once: the second send of the one whose answer was lost was refused.
    expect(learnersOf(sandbox).map((u) => u.MISID).sort()).toEqual(['UQ101', 'UQ102']);
    expect(creates(sandbox)).toHaveLength(3);
    expect(creates(sandbox).filter((c) => c.status === 400)).toHaveLength(1);
    expect(run.code, run.output).toBe(1);
    // Outcome unknown counts among the failed rows, and says so.
    expect(run.summary).toMatchObject({ created: 1, failed: 1 });
    expect(run.errors).not.toContain('Correct the value');
    expect(run.errors).toMatch(/the try whose answer was lost most likely made/);

    // Imported again once the search shows it: the learner is found, nothing is sent.
    sandbox.switches.searchLagMs = 0;
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, failed: 0, unchanged: 2 });
    expect(creates(sandbox)).toHaveLength(3);
  }, 120_000);
});
