import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importReported } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A search ends on an empty answer, so a gateway's stray empty answer to a page of rows
 * would end a list there (test/onefile/stray-empty.test.ts for the pages). The case no
 * count guards: an organisation whose learners this computer read as none, given learners
 * since from another computer. The next import's first page of learners answered empty
 * once, believed as the count said, would make every learner look new and create each a
 * second time.
 */

const ORG = 5741;
const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });

describe('an organisation that had no learners, given some by an import', () => {
  it('is not taken for empty again on one empty answer: the next import creates no one twice', async () => {
    const sandbox = await sandboxWith();
    // The organisation's learners moved elsewhere: it has none.
    for (const learner of sandbox.store.usersOf(ORG, 1)) sandbox.store.put('users', { ...learner, OrganisationID: 9999 });
    const assessor = sandbox.store.usersOf(ORG, 5).find((u) => !u.Archived)!;
    const classroom = sandbox.store.all('classrooms').find((c) => c.OrganisationID === ORG)!;
    const placement = sandbox.store.all('placements').find((p) => p.OrganisationID === ORG)!;
    const dir = tempDir('stray-empty-');
    const file = path.join(dir, 'new-starters.csv');
    const place = `${assessor.FirstName} ${assessor.LastName},${classroom.Name},${placement.Name}`;
    fs.writeFileSync(
      file,
      ['MIS ID,First Name,Last Name,Email,Assessor,Class,Placement', ...[1, 2, 3].map((n) => `STRAY${n},Learner${n},Stray,stray${n}@example.com,${place}`)].join('\r\n') + '\r\n',
    );
    // This computer's dry run reads the organisation's learners: none.
    const here = path.join(dir, 'this-computer');
    const looked = await importReported(sandbox, file, { org: ORG, dataDir: here, rateWindowMs: WINDOW_MS, dryRun: true });
    expect(looked.code, looked.errors || looked.output).toBe(0);
    expect(sandbox.store.usersOf(ORG, 1)).toEqual([]);
    // A colleague imports the file from another computer.
    const colleague = await importReported(sandbox, file, { org: ORG, dataDir: path.join(dir, 'colleague'), rateWindowMs: WINDOW_MS });
    expect(colleague.code, colleague.errors || colleague.output).toBe(0);
    expect(colleague.summary).toMatchObject({ created: 3 });

    // Then this computer imports it, OneFile's first page of learners answered empty once.
    sandbox.switches.strayEmpty = true;
    const again = await importReported(sandbox, file, { org: ORG, dataDir: here, rateWindowMs: WINDOW_MS });
    expect(again.code, again.errors || again.output).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, unchanged: 3, failed: 0 });
    expect(sandbox.store.usersOf(ORG, 1).map((u) => u.MISID).sort()).toEqual(['STRAY1', 'STRAY2', 'STRAY3']);
    expect(sandbox.calls.some((c) => c.stray)).toBe(true);
  }, 60_000);
});
