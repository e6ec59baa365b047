import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { newUserEmailsOf } from '../../main/import';
import { organisationSchema } from '../../main/onefile/schemas';
import { GUIDE, type RunningSandbox, type SandboxSwitches } from '../../main/sandbox';
import { connectedService, upload } from '../app/connected-service';
import { sandboxesClosedAfterEach } from '../reliability/sandboxes';
import { capturedIo, importReported, lastJson } from './cli-fixtures';
import { tempDir } from './run-fixtures';

/**
 * Making a user in OneFile is not only a record: where the organisation's flags say so
 * (`KeychainCreationForNewUserActive` on, `KeychainEmailSuppression` off), OneFile makes a
 * Keychain, its sign-in, for each new user and emails them to set it up at once (OneFile's
 * help on Keychains). Nothing said so before an import: a centre importing 200 learners
 * found out from the learners, and an address typed wrong sent someone else the invitation.
 * The plan now says it, from the flags, on both faces; where the flags are not there,
 * nothing is claimed. Sandbox: `keychain` (`off`, `emails`, `suppressed`, `unsaid`).
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const HEADER = 'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer';

/** Two new learners and one OneFile already has (by MIS ID, unchanged but for nothing). */
function weeklyFile(dir: string, sandbox: RunningSandbox): string {
  const known = sandbox.store.usersOf(ORG, 1).find((u) => u.MISID && u.Email && !u.Archived)!;
  const rows = [
    `KC001,Niamh,Keychain,kc001@learners.example.com,James Fayre,Business Admin L2,BT - Manchester`,
    `KC002,Oscar,Keychain,kc002@learners.example.com,James Fayre,Business Admin L2,BT - Manchester`,
    `${known.MISID},${known.FirstName},${known.LastName},${known.Email},,,`,
  ];
  const file = path.join(dir, 'weekly.csv');
  writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
  return file;
}

async function dryRunNotes(sandbox: RunningSandbox, file: string, dataDir: string): Promise<Array<{ code: string; message: string }>> {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir, json: true, dryRun: true, rateWindowMs: WINDOW_MS }, io);
  return lastJson(io.stdout).summary.notes ?? [];
}

describe("the organisation's Keychain flags: whether OneFile emails each new user", () => {
  it.each([
    [{ KeychainCreationForNewUserActive: true, KeychainEmailSuppression: false }, 'sent'],
    [{ KeychainCreationForNewUserActive: true, KeychainEmailSuppression: true }, 'suppressed'],
    [{ KeychainCreationForNewUserActive: false, KeychainEmailSuppression: false }, 'none'],
    [{ KeychainCreationForNewUserActive: false }, 'none'],
    [{ KeychainCreationForNewUserActive: true }, 'unknown'],
    [{}, 'unknown'],
  ] as const)('%j reads as %s', (flags, expected) => {
    expect(newUserEmailsOf(flags)).toBe(expected);
  });

  it('reads the flags however OneFile types them ("True", 0)', () => {
    const row = organisationSchema.parse({ ID: 5740, Name: 'Business', KeychainCreationForNewUserActive: 'True', KeychainEmailSuppression: 0 });
    expect(newUserEmailsOf(row)).toBe('sent');
  });

  it('emails on: the dry run says how many new learners OneFile will email, and to check the addresses; the import makes each once', async () => {
    const sandbox = await sandboxWith({ keychain: 'emails' });
    const dir = tempDir('keychain-emails-');
    const file = weeklyFile(dir, sandbox);
    const notes = await dryRunNotes(sandbox, file, path.join(dir, 'data'));
    const note = notes.find((n) => n.code === 'new-users-emailed');
    expect(note?.message).toContain('OneFile will email each of the 2 new users this import makes');
    expect(note?.message).toContain('Check the email addresses in the file first');
    expect(notes.some((n) => n.code === 'new-users-not-emailed')).toBe(false);
    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS });
    expect(run.code, run.output).toBe(0);
    expect(sandbox.store.all('users').filter((u) => u.LastName === 'Keychain')).toHaveLength(2);
  }, 60_000);

  it('emails suppressed: the dry run says the new learners are not told', async () => {
    const sandbox = await sandboxWith({ keychain: 'suppressed' });
    const dir = tempDir('keychain-suppressed-');
    const notes = await dryRunNotes(sandbox, weeklyFile(dir, sandbox), path.join(dir, 'data'));
    expect(notes.find((n) => n.code === 'new-users-not-emailed')?.message).toContain('the 2 new users this import makes are not told');
    expect(notes.some((n) => n.code === 'new-users-emailed')).toBe(false);
  }, 60_000);

  it.each(['off', 'unsaid'] as const)('Keychain %s: nothing is claimed', async (keychain: SandboxSwitches['keychain']) => {
    const sandbox = await sandboxWith({ keychain });
    const dir = tempDir(`keychain-${keychain}-`);
    const notes = await dryRunNotes(sandbox, weeklyFile(dir, sandbox), path.join(dir, 'data'));
    expect(notes.filter((n) => n.code.startsWith('new-users-'))).toEqual([]);
  }, 60_000);

  it('a file making no one: nothing said, though OneFile emails new users', async () => {
    const sandbox = await sandboxWith({ keychain: 'emails' });
    const dir = tempDir('keychain-none-new-');
    const known = sandbox.store.usersOf(ORG, 1).find((u) => u.MISID && u.Email && !u.Archived)!;
    const file = path.join(dir, 'known.csv');
    writeFileSync(file, `${HEADER}\r\n${known.MISID},${known.FirstName},${known.LastName},${known.Email},,,\r\n`);
    const notes = await dryRunNotes(sandbox, file, path.join(dir, 'data'));
    expect(notes.filter((n) => n.code.startsWith('new-users-'))).toEqual([]);
  }, 60_000);

  it("the app's plan says it too", async () => {
    const { service, dataDir } = await connectedService('onefile-keychain-app-', { sandboxSwitches: { keychain: 'emails' } });
    try {
      const file = path.join(dataDir, 'weekly.csv');
      writeFileSync(file, [HEADER, 'KC101,Priya,Keychain,kc101@learners.example.com,James Fayre,Business Admin L2,BT - Manchester'].join('\r\n') + '\r\n');
      await service.handlers.openFile(upload(file));
      const plan = await service.handlers.planImport({ skipInvalid: false });
      expect(plan.notes.find((n) => n.code === 'new-users-emailed')?.message).toContain('OneFile will email the new user this import makes, as soon as they are made');
    } finally {
      await service.close();
    }
  }, 60_000);
});
