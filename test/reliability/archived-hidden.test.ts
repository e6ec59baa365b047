import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { GUIDE, startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A OneFile that never returns archived users, whatever the search asks, makes a row about
 * an archived learner look new. The probe finds it out and the plan says so; without a
 * probe nothing did. A centre of a hundred learners or more has archived ones: a search
 * asked for them that shows none is said, with what to check.
 */

const ORG = GUIDE.business;
const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((s) => s.close()));
});

async function oneFile(switches: SandboxOptions): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ windowMs: 300, ...switches });
  closing.push(sandbox);
  return sandbox;
}

async function planNotes(sandbox: RunningSandbox): Promise<Array<{ code: string; message: string }>> {
  const dir = tempDir('archived-hidden-');
  const file = path.join(dir, 'learners.csv');
  const line = ['NEWARCH01', 'Sam', 'Newby', 'sam.newby@learners.example.com', 'James Fayre', 'Business Admin L2', 'BT - Manchester'].join(',');
  fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\n${line}\r\n`);
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  expect(await runImport(file, { env: sandbox.baseUrl, org: ORG, dataDir: dir, json: true, dryRun: true, rateWindowMs: 300 }, io), io.stderr.join('')).toBe(0);
  return (lastJson(io.stdout) as { summary: { notes?: Array<{ code: string; message: string }> } }).summary.notes ?? [];
}

describe('archived learners a OneFile does not show', () => {
  it('are said where none of a hundred or more learners came back archived, with what to check, without a probe', async () => {
    const sandbox = await oneFile({ archivedUsers: 'hidden' });
    expect(sandbox.store.usersOf(ORG, 1).some((u) => u.Archived)).toBe(true);
    const note = (await planNotes(sandbox)).find((n) => n.code === 'archived-users-not-seen');
    expect(note?.message).toMatch(/gave none of this organisation's \d+ learners as archived.*check the 1 new learner against OneFile's archived users.*onefile-import probe/);
  });

  it('are not said where the search shows archived learners', async () => {
    const sandbox = await oneFile({});
    expect((await planNotes(sandbox)).map((n) => n.code)).not.toContain('archived-users-not-seen');
  });
});
