import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { ulnCheckDigit } from '../shared/validators';

/**
 * A realistic learners export for the file-intake benchmark: the same rows as XLSX
 * (written with exceljs's streaming writer, shared strings and date formats, as Excel
 * would store them) and as UTF-8 CSV with a BOM (as Excel saves "CSV UTF-8").
 */
export const learnerColumns = [
  'Learner ref', 'First name', 'Last name', 'Email', 'Date of birth', 'ULN', 'NI number', 'Gender', 'Postcode', 'Phone',
  'Employer', 'Placement', 'Classroom', 'Assessor', 'Standard', 'Start date', 'Planned end date', 'Funding', 'Level', 'Notes',
];

const firstNames = ['Siân', 'Zoë', 'Seán', 'Aoife', 'Mohammed', 'Olivia', 'Jack', 'Amelia', 'Oliver', 'Isla'];
const lastNames = ["O'Brien", 'Jones', 'Smith', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Khan', 'Wilson'];
const classrooms = ['Bus Admin L2', 'Business Admin L3', 'Team Leader L3', 'Customer Service L2', 'Data Technician L3'];

/** Row i (0-based) of the file; dates are UTC midnights so the CSV and XLSX agree. */
export function learnerRow(i: number): (string | number | Date)[] {
  const first = firstNames[i % firstNames.length];
  const last = lastNames[(i * 7) % lastNames.length];
  const dob = new Date(Date.UTC(1980 + (i % 25), i % 12, 1 + (i % 28)));
  const start = new Date(Date.UTC(2024 + (i % 2), (i * 5) % 12, 1 + (i % 27)));
  const end = new Date(start.getTime() + 540 * 86_400_000);
  return [
    String(i + 1).padStart(7, '0'), first, last, `learner${i + 1}@example.com`, dob, Number(validUln(i)),
    `AB${String(100000 + (i % 900000)).padStart(6, '0')}C`, i % 2 ? 'Female' : 'Male', `LS${1 + (i % 28)} ${i % 9}AB`,
    `07700 ${String(900000 + (i % 99999)).padStart(6, '0')}`, `Employer ${i % 500}`, `Site ${i % 1200}`, classrooms[i % classrooms.length],
    `Assessor ${i % 40}`, `ST0${100 + (i % 80)}`, start, end, i % 3 ? 'Levy' : 'Non-levy', 2 + (i % 3), i % 10 === 0 ? 'Needs support, see file' : '',
  ];
}

/** A ULN with a correct check digit, distinct per row, as an MIS export holds them. */
function validUln(i: number): string {
  for (let base = 100_000_000 + i * 9; ; base += 1) {
    const digit = ulnCheckDigit(String(base));
    if (digit !== null) return `${base}${digit}`;
  }
}

const dateColumns = new Set([4, 15, 16]);

export async function writeLearnersXlsx(dir: string, rows: number): Promise<string> {
  const path = join(dir, 'learners.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Learners');
  sheet.columns = learnerColumns.map((header, i) => ({ header, key: String(i), style: dateColumns.has(i) ? { numFmt: 'dd/mm/yyyy' } : {} }));
  for (let i = 0; i < rows; i++) sheet.addRow(learnerRow(i)).commit();
  sheet.commit();
  await workbook.commit();
  return path;
}

export async function writeLearnersCsv(dir: string, rows: number): Promise<string> {
  const path = join(dir, 'learners.csv');
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFF${learnerColumns.join(',')}\r\n`);
  for (let i = 0; i < rows; i++) {
    await write(`${learnerRow(i).map((v, c) => csvCell(dateColumns.has(c) ? ukDate(v as Date) : String(v))).join(',')}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return path;
}

function ukDate(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
