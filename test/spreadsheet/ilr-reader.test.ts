import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIlrSummary } from '../../shared/ilr';
import { readSpreadsheet, readSpreadsheetBytes, SpreadsheetError } from '../../main/spreadsheet';
import { canariesIn, generateCentre, ilrHeader, ilrXml, ILR_FOOTER, learnerXml, type IlrLearnerSpec } from '../ilr/ilr-generator';

const EMPLOYERS = ['100000001', '100000002', '100000003'];

function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilr-reader-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function refusal(file: string): Promise<SpreadsheetError> {
  try {
    await readSpreadsheet(file);
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
  throw new Error('the file was read');
}

/** One learner with a new apprenticeship on StdCode 6, employed by 100000001. */
function apprentice(overrides: Partial<IlrLearnerSpec> = {}): IlrLearnerSpec {
  return {
    ref: 'A001',
    uln: '1000000042',
    givenNames: 'Siân',
    familyName: "O'Brien",
    dateOfBirth: '2004-05-06',
    sex: 'F',
    niNumber: 'JT123456C',
    email: 'sian@example.com',
    telNo: '07700900123',
    addLines: ['12 High Street', 'Salford'],
    postcode: 'M5 4WT',
    employments: [{ empStat: 10, from: '2025-09-01', empId: '100000001' }],
    deliveries: [
      { learnAimRef: 'ZPROG001', aimType: 1, progType: 25, stdCode: 6, start: '2025-09-01', plannedEnd: '2027-03-01', compStatus: 1, fundModel: 36 },
      { learnAimRef: '60005075', aimType: 3, progType: 25, stdCode: 99, start: '2025-09-15', plannedEnd: '2026-03-01', compStatus: 1, fundModel: 36 },
    ],
    ...overrides,
  };
}

describe('reading an ILR file', () => {
  it('reads one row per new apprenticeship under the ILR\'s own names, and counts the learners it leaves out', async () => {
    const centre = generateCentre({ learners: 40, employers: EMPLOYERS, tag: 'T' });
    const file = tempFile('ILR-10012345-2425-20250106-090000-01.xml', ilrXml(centre.map((l) => l.spec)));
    const { table } = await readSpreadsheet(file);

    const fresh = centre.filter((l) => l.kind === 'new');
    expect(table.source).toMatchObject({ format: 'ilr', headerRow: 0 });
    expect(table.source.ilr).toEqual({ namespace: 'ESFA/ILR/2024-25', year: '2024-25', learners: 40, read: fresh.length, ended: 16, notApprenticeship: 8, includeEnded: false });
    expect(describeIlrSummary(table.source.ilr!)).toBe('40 learners in the file: 16 new apprenticeships read; 24 left out (16 ended or withdrawn, 8 not on an apprenticeship standard).');
    expect(table.headers).toEqual([
      'LearnRefNumber', 'ULN', 'GivenNames', 'FamilyName', 'DateOfBirth', 'Sex', 'NINumber', 'Email', 'TelNo',
      'AddLine1', 'AddLine2', 'AddLine3', 'AddLine4', 'Postcode', 'StdCode', 'LearnStartDate', 'LearnPlanEndDate', 'EmpId',
    ]);
    expect(table.rows.map((row) => row.cells[0])).toEqual(fresh.map((l) => l.spec.ref));
    // Rows are numbered by the learner's place in the file.
    expect(table.rows[1].row).toBe(centre.findIndex((l) => l.spec.ref === fresh[1].spec.ref) + 1);
    // The employer is the latest employment status's, whatever order the file lists them in.
    expect(table.rows.map((row) => row.cells[17])).toEqual(fresh.map((l) => l.empId));
  });

  it('takes the standard and dates from the programme aim, not its components, and the programme in learning over an ended one', async () => {
    const learner = apprentice({
      deliveries: [
        { learnAimRef: 'ZPROG001', aimType: 1, progType: 25, stdCode: 14, start: '2022-09-01', plannedEnd: '2023-09-01', actualEnd: '2023-08-01', compStatus: 2, fundModel: 36 },
        ...apprentice().deliveries,
      ],
      employments: [
        { empStat: 10, from: '2025-09-01', empId: '100000002' },
        { empStat: 11, from: '2021-01-01' },
      ],
    });
    const { table } = await readSpreadsheet(tempFile('one.xml', ilrXml([learner])));
    expect(table.rows).toHaveLength(1);
    expect(Object.fromEntries(table.headers.map((h, i) => [h, table.rows[0].cells[i]]))).toEqual({
      LearnRefNumber: 'A001', ULN: '1000000042', GivenNames: 'Siân', FamilyName: "O'Brien", DateOfBirth: '2004-05-06', Sex: 'F',
      NINumber: 'JT123456C', Email: 'sian@example.com', TelNo: '07700900123', AddLine1: '12 High Street', AddLine2: 'Salford',
      AddLine3: '', AddLine4: '', Postcode: 'M5 4WT', StdCode: '6', LearnStartDate: '2025-09-01', LearnPlanEndDate: '2027-03-01', EmpId: '100000002',
    });
  });

  it('leaves out completed, withdrawn and paused programmes and non-apprenticeship learners, and reads the ended ones when asked', async () => {
    const ended = (ref: string, compStatus: 2 | 3 | 6, actualEnd?: string) =>
      apprentice({ ref, deliveries: [{ learnAimRef: 'ZPROG001', aimType: 1, progType: 25, stdCode: 6, start: '2023-01-01', plannedEnd: '2024-06-01', compStatus, actualEnd, fundModel: 36 }] });
    const learners = [
      apprentice({ ref: 'NEW' }),
      ended('DONE', 2, '2024-05-01'),
      ended('LEFT', 3, '2023-11-01'),
      ended('BREAK', 6, '2024-01-01'),
      // An actual end date ends the aim even while its status still says continuing.
      apprentice({ ref: 'ENDDATE', deliveries: [{ ...apprentice().deliveries[0], actualEnd: '2025-12-01' }] }),
      // A framework (ProgType 3) and an aim outside a programme are not apprenticeship standards.
      apprentice({ ref: 'FRAMEWORK', deliveries: [{ ...apprentice().deliveries[0], progType: 3, stdCode: undefined }] }),
      apprentice({ ref: 'ADULT', deliveries: [{ learnAimRef: '60146580', aimType: 4, start: '2025-01-01', plannedEnd: '2025-07-01', compStatus: 1, fundModel: 35 }] }),
    ];
    const file = tempFile('mixed.xml', ilrXml(learners));
    const byDefault = await readSpreadsheet(file);
    expect(byDefault.table.rows.map((r) => r.cells[0])).toEqual(['NEW']);
    expect(byDefault.table.source.ilr).toMatchObject({ learners: 7, read: 1, ended: 4, notApprenticeship: 2 });

    const withEnded = await readSpreadsheet(file, { includeEndedLearners: true });
    expect(withEnded.table.rows.map((r) => r.cells[0])).toEqual(['NEW', 'DONE', 'LEFT', 'BREAK', 'ENDDATE']);
    expect(describeIlrSummary(withEnded.table.source.ilr!)).toBe('7 learners in the file: 5 apprenticeships read (ended ones included); 2 left out (2 not on an apprenticeship standard).');
  });

  it('reads any recent year, a UTF-8 byte order mark, an uploaded file and CDATA, and keeps accents', async () => {
    const xml = ilrXml([apprentice({ givenNames: 'Zoë' })], { namespace: 'ESFA/ILR/2025-26' }).replace("<FamilyName>O'Brien</FamilyName>", "<FamilyName><![CDATA[O'Brien]]></FamilyName>");
    expect(xml).toContain('CDATA');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
    const { table } = await readSpreadsheetBytes(bytes, 'upload.xml');
    expect(table.source.ilr).toMatchObject({ namespace: 'ESFA/ILR/2025-26', year: '2025-26', read: 1 });
    expect(table.rows[0].cells.slice(2, 4)).toEqual(['Zoë', "O'Brien"]);
  });

  it('keeps nothing of the learner but the fields the import maps', async () => {
    const { table } = await readSpreadsheet(tempFile('canaries.xml', ilrXml([apprentice()], { canaries: true })));
    const kept = JSON.stringify(table);
    expect(canariesIn(kept)).toEqual([]);
    // The canaries are found as values of their own, not by chance inside a checksum.
    expect(canariesIn('{"price":98765,"ref":"CANARY-PREV-REF"} <v>ZZ9 9CA</v>')).toEqual(['CANARY-PREV-REF', 'ZZ9 9CA', '98765']);
    expect(canariesIn('{"sum":"1f798765af241518","id":1987650}')).toEqual([]);
  });
});

describe('an XML file that cannot be read as an ILR', () => {
  const good = ilrXml([apprentice(), apprentice({ ref: 'A002' })]);

  it('refuses a document type, and so every external or internal entity, before reading anything', async () => {
    const external = good.replace('<Message', '<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Message').replace('<GivenNames>Siân</GivenNames>', '<GivenNames>&xxe;</GivenNames>');
    const error = await refusal(tempFile('xxe.xml', external));
    expect(error.code).toBe('unsafe-xml');
    expect(error.message).toContain('declares a document type (<!DOCTYPE ...> at line 2');
    expect(error.message).toContain('refused for safety and nothing was read');

    const bomb = good.replace('<Message', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<Message');
    expect((await refusal(tempFile('bomb.xml', bomb))).code).toBe('unsafe-xml');
  });

  it('refuses an entity XML does not define', async () => {
    const error = await refusal(tempFile('entity.xml', good.replace('<GivenNames>Siân</GivenNames>', '<GivenNames>&nbsp;Siân</GivenNames>')));
    expect(error.code).toBe('unsafe-xml');
    expect(error.message).toMatch(/refers to an entity that XML does not define \(an &name; at line \d+, column \d+\)/);
  });

  it('says which root it found when the XML is not an ILR', async () => {
    const other = await refusal(tempFile('other.xml', '<?xml version="1.0"?>\n<Learners xmlns="urn:example:mis"><Learner/></Learners>\n'));
    expect(other.code).toBe('not-ilr');
    expect(other.message).toContain('This XML file is not an ILR: its root element is <Learners> in the namespace "urn:example:mis"');

    const wrongNamespace = await refusal(tempFile('ns.xml', good.replace('ESFA/ILR/2024-25', 'urn:not-the-esfa')));
    expect(wrongNamespace.code).toBe('not-ilr');

    const excel2003 = await refusal(tempFile('old.xml', '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>'));
    expect(excel2003.code).toBe('legacy-xls');
  });

  it('says a file cut short is cut short, whether mid-learner or mid-character', async () => {
    const cut = await refusal(tempFile('cut.xml', good.slice(0, good.indexOf('<Learner>', good.indexOf('A002') - 200) + 400)));
    expect(cut.code).toBe('cut-short');
    expect(cut.message).toContain('The file ends before the ILR does (its <Message> is never closed)');
    expect(cut.message).toContain('Nothing was read.');

    const bytes = Buffer.from(good, 'utf8');
    const midCharacter = bytes.subarray(0, bytes.indexOf(Buffer.from('â', 'utf8')) + 1);
    expect((await refusal(tempFile('cut-char.xml', midCharacter))).code).toBe('cut-short');
  });

  it('points at the line of a malformed file', async () => {
    const broken = good.replace('</GivenNames>', '</FamilyName>');
    const error = await refusal(tempFile('broken.xml', broken));
    expect(error.code).toBe('malformed-xml');
    expect(error.message).toMatch(/The file is not well-formed XML: at line \d+, column \d+, unexpected close tag/);
  });

  it('refuses bytes that are not UTF-8, an ILR with no learners, and a run of text no ILR has', async () => {
    const latin1 = Buffer.from(good.replace('Siân', 'Si\u00e2n'), 'latin1');
    expect((await refusal(tempFile('latin1.xml', latin1))).code).toBe('unknown-encoding');
    expect((await refusal(tempFile('empty.xml', ilrHeader() + ILR_FOOTER))).message).toContain('The ILR has no learners in it.');
    const huge = ilrHeader() + learnerXml(apprentice()).replace('<PlanLearnHours>300', `<PlanLearnHours>${'9'.repeat(1_100_000)}`) + ILR_FOOTER;
    expect((await refusal(tempFile('huge.xml', huge))).message).toContain('characters without a single tag');
  });
});
