import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../main/cli/check-command';
import { runImport } from '../../main/cli/import-command';
import { saveProfile } from '../../main/mapping-store/profile-store';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { capturedIo, lastJson } from '../import/cli-fixtures';

/**
 * One pipeline: the same file read, mapped and checked the same way by `check --json`,
 * `import --dry-run --json` and the app's service (desktop and browser mode), for the
 * files whose handling used to drift between them: the examples, an errors report of
 * ours with neutralised cells, a US-date file read month first, and a file whose saved
 * profile maps a column automatic mapping would not.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let service: AppService;

interface Seen {
  mapping: Record<string, string | null>;
  /** Per column header: what is said of values not of its field's kind (shared/value-fit), if anything. */
  checks: Record<string, string>;
  /** Per row number: its issues as `column header|code|severity`, sorted. */
  issues: Record<number, string[]>;
}

const key = (header: string | undefined, issue: { code: string; severity: string }) => `${header ?? ''}|${issue.code}|${issue.severity}`;

interface CliJson {
  columns: Array<{ column: string; header: string; field: string | null; check?: string }>;
  rows: Array<{ row: number; issues: Array<{ column?: string; code: string; severity: string }> }>;
}

function fromCliJson(json: CliJson): Seen {
  const header = (letter?: string) => json.columns.find((c) => c.column === letter)?.header;
  return {
    mapping: Object.fromEntries(json.columns.map((c) => [c.header, c.field])),
    checks: Object.fromEntries(json.columns.flatMap((c) => (c.check ? [[c.header, c.check]] : []))),
    issues: Object.fromEntries(json.rows.map((r) => [r.row, r.issues.map((i) => key(header(i.column), i)).sort()])),
  };
}

async function viaCheck(file: string, dateOrder?: 'mdy'): Promise<Seen> {
  const io = capturedIo();
  await runCheck(file, { json: true, dataDir: path.join(dir, 'data'), dateOrder }, { out: io.out, err: io.err, now: () => new Date('2026-11-29T12:00:00Z') });
  return fromCliJson(JSON.parse(io.stdout.join('')));
}

async function viaDryRun(file: string, dateOrder?: 'mdy'): Promise<Seen> {
  const io = capturedIo();
  await runImport(file, { env: 'sandbox', org: 5740, dataDir: path.join(dir, 'data'), dryRun: true, json: true, dateOrder, rateWindowMs: 500 }, io);
  return fromCliJson(lastJson(io.stdout) as never);
}

async function viaService(file: string, dateOrder?: 'mdy'): Promise<Seen> {
  await service.openPath(file);
  if (dateOrder) await service.handlers.setImportSettings({ dateOrder });
  const mapping = await service.handlers.getMapping({});
  const page = await service.handlers.getRows({ offset: 0, limit: 500, filter: 'all' });
  const header = (column: number | null) => (column === null ? undefined : mapping.columns.find((c) => c.index === column)?.header);
  return {
    mapping: Object.fromEntries(mapping.columns.map((c) => [c.header, c.field])),
    // Map puts the same words before the reason the header gave.
    checks: Object.fromEntries(mapping.columns.flatMap((c) => (/^Only \d+ of /.test(c.reason) ? [[c.header, c.reason.slice(0, c.reason.indexOf('right field.') + 'right field.'.length)]] : []))),
    issues: Object.fromEntries(page.rows.map((r) => [r.row, r.issues.map((i) => key(header(i.column), i)).sort()])),
  };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'one-pipeline-'));
  service = await createAppService({ dataDir: path.join(dir, 'data'), face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500, now: () => new Date('2026-11-29T12:00:00Z') });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
});

afterAll(async () => {
  await service?.close();
});

describe('one pipeline for check, the dry run and the app', () => {
  const examples = path.join(ROOT, 'examples/learners.csv');
  const cases: Array<{ name: string; file: () => string; dateOrder?: 'mdy' }> = [
    { name: 'the examples spreadsheet', file: () => examples },
    {
      name: 'an errors report of ours, with cells it neutralised',
      file: () => {
        const [header, first, second] = readFileSync(examples, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
        const cells = (line: string) => line.split(',');
        const a = cells(first);
        a[7] = "'+44 7700 900100"; // Mobile, a formula-like number our report neutralised
        const b = cells(second);
        b[1] = `"'=HYPERLINK(""http://example.com"",""Oliver"")"`; // Forename
        return write('learners-errors.csv', `\uFEFF${header},Error,Error column,Step\r\n${a.join(',')},Placement not found,M,create\r\n${b.join(',')},Name suspicious,B,check\r\n`);
      },
    },
    {
      name: 'a US-date file read month first',
      file: () => write('us-dates.csv', 'MIS ID,First Name,Last Name,Email,Date of Birth,Start Date\r\nUS001,Ada,Lovelace,ada@example.com,04/23/2001,09/15/2025\r\nUS002,Alan,Turing,alan@example.com,12/31/1999,01/02/2026\r\n'),
      dateOrder: 'mdy',
    },
    {
      name: 'a file with columns whose values are not of their field’s kind',
      file: () =>
        write(
          'misfits.csv',
          'Learner Ref,Forename,Surname,ULN,Start Date,Email\r\n1,Ann,Bee,07700 900000,September intake,ann@example.com\r\n2,Cat,Dee,07700 900001,September intake,cat@example.com\r\n3,Eve,Fox,2345678901,01/09/2025,eve@example\r\n',
        ),
    },
    {
      name: 'a file with a saved profile for its headers',
      file: () => {
        const file = write('tutors.csv', 'Ref,Given,Family,Mail,Tutor\r\nT001,Cara,Dunn,cara@example.com,James Fayre\r\n');
        return file;
      },
    },
  ];

  beforeAll(async () => {
    // The saved profile maps "Tutor" to Assessor and "Ref" to MIS ID, which automatic mapping does not.
    await saveProfile(path.join(dir, 'data', 'profiles'), ['Ref', 'Given', 'Family', 'Mail', 'Tutor'], {
      columns: { Ref: 'MISID', Given: 'FirstName', Family: 'LastName', Mail: 'Email', Tutor: 'Assessor' },
    });
  });

  for (const testCase of cases) {
    it(`${testCase.name}: the same mapping and the same issues on the same rows`, async () => {
      const file = testCase.file();
      const checked = await viaCheck(file, testCase.dateOrder);
      const planned = await viaDryRun(file, testCase.dateOrder);
      const opened = await viaService(file, testCase.dateOrder);
      expect(planned.mapping).toEqual(checked.mapping);
      expect(opened.mapping).toEqual(checked.mapping);
      expect(planned.issues).toEqual(checked.issues);
      expect(planned.checks).toEqual(checked.checks);
      expect(opened.checks).toEqual(checked.checks);
      expect(opened.issues).toEqual(checked.issues);
      if (testCase.name.startsWith('a file with a saved profile')) expect(checked.mapping.Tutor).toBe('Assessor');
      if (testCase.name.startsWith('a file with columns')) {
        // Phone numbers are no ULNs (a ULN failing its check digit is one); "September intake" is no date ("TBC" would be
        // read as no value); "eve@example" is an address mistyped.
        expect(checked.checks).toEqual({
          ULN: 'Only 1 of the first 3 values read as ULN: check that this is the right field.',
          'Start Date': 'Only 1 of the first 2 values read as Start date: check that this is the right field.',
        });
      } else expect(checked.checks).toEqual({});
      if (testCase.name.startsWith('an errors report')) {
        expect(checked.mapping.Error).toBeNull();
        expect(Object.values(checked.issues).flat().some((issue) => issue.startsWith('MobileNumber|'))).toBe(false);
      }
    }, 120_000);
  }
});
