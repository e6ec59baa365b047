import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE } from '../../main/sandbox';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { learnersWithDetails } from './class-moves';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * An MIS export writes "N/A", "Not known" or "-" where it has no value, and the ILR's
 * 9999999999 for a ULN not known. Read as the text they are, they were errors that held
 * the learner back; read as values, they would be sent to OneFile. They are read as
 * empty cells: a new learner is created without them, and an existing learner's ULN,
 * email and date of birth in OneFile are left as they are (nothing is sent for them).
 */

const ORG = GUIDE.business;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const HEADER = 'Learner Ref,Forename,Surname,Date of Birth,ULN,NI Number,Email Address,Assessor,Class,Employer';

describe('words for no value in an MIS export', () => {
  it('creates a new learner without them and leaves an existing learner’s values in OneFile as they are', async () => {
    const sandbox = await sandboxWith({});
    const [known] = learnersWithDetails(sandbox, 1);
    const dir = tempDir('no-value-words-');
    const file = path.join(dir, 'week-48.csv');
    const rows = [
      // The learner OneFile has, by MIS ID: nothing of theirs is known to this export but their name and class.
      `${known.MISID},${known.FirstName},${known.LastName},N/A,9999999999,Not known,n/a,James Fayre,Business Admin L2,BT - Manchester`,
      'NV-NEW-1,Niamh,Doyle,-,N/A,N/A,niamh.doyle@learners.example.com,James Fayre,Business Admin L2,BT - Manchester',
    ];
    fs.writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
    const before = sandbox.store.get('users', known.ID)!;

    const run = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'data'), rateWindowMs: WINDOW_MS });
    expect(run.code, run.output + run.errors).toBe(0);
    expect(run.summary).toMatchObject({ created: 1, failed: 0, skipped: 0 });

    const after = sandbox.store.get('users', known.ID)!;
    expect({ ULN: after.ULN, Email: after.Email, DOB: after.DOB, NINO: after.NINO }).toEqual({ ULN: before.ULN, Email: before.Email, DOB: before.DOB, NINO: before.NINO });
    const [created] = sandbox.store.usersOf(ORG, 1).filter((u) => u.MISID === 'NV-NEW-1');
    expect(created).toMatchObject({ FirstName: 'Niamh', Email: 'niamh.doyle@learners.example.com' });
    expect(created.ULN ?? '').toBe('');
    expect(created.NINO ?? '').toBe('');
    expect(created.DOB ?? '').toBe('');
    // No call sent any of the words as a value.
    const bodies = sandbox.calls.filter((c) => c.method === 'POST' && /^POST User/.test(c.route)).map((c) => JSON.stringify(c.body ?? {}));
    for (const word of ['N/A', 'n/a', 'Not known', '9999999999', '"-"']) expect(bodies.join('\n')).not.toContain(word);
  }, 60_000);
});
