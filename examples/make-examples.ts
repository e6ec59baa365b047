/**
 * Writes the example learner files a new user can try: `learners.xlsx` and the same rows
 * as `learners.csv`. Run with `node bin/run-ts examples/make-examples.ts`.
 *
 * 25 learners for organisation 5740 of the sandbox, referring only to the guides'
 * example data the sandbox seeds: assessors James Fayre (JFAYE51P) and Kate Anderson
 * (KANDREWS142), classes Business Admin L2 (BAD1) and L3 (BAD2), placements
 * "BT - Manchester" (BT54810A) and "Vodaphone - Salford" (VP0491045X), and the
 * sandbox's framework templates "Business Administrator L3 - 18 months" (801) and
 * "Customer Service Practitioner L2 with English" (802). Headers are
 * the ones an MIS export uses, so the file maps with no manual step. ULNs carry valid
 * check digits, NINOs valid prefixes, phone numbers come from Ofcom's drama range and
 * email addresses from the example.* domains, so none of it reaches a real person.
 */

import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ulnCheckDigit } from '../shared/validators';

const HEADERS = [
  'Learner Ref', 'Forename', 'Surname', 'Date of Birth', 'ULN', 'NI Number', 'Email Address', 'Mobile',
  'Start Date', 'Planned End Date', 'Assessor', 'Class', 'Employer', 'Framework Template',
] as const;

const PEOPLE: Array<[string, string]> = [
  ['Amelia', 'Hughes'], ['Oliver', 'Bennett'], ['Isla', 'Murray'], ['Harry', 'Patel'], ['Ava', 'Thompson'],
  ['Jack', 'Rahman'], ['Sophie', "O'Connor"], ['Noah', 'Walsh'], ['Grace', 'Kowalski'], ['Leo', 'Armstrong'],
  ['Freya', 'Dixon'], ['Mohammed', 'Hussain'], ['Ellie', 'Richardson'], ['Charlie', 'Nguyen'], ['Lily', 'Whitfield'],
  ['George', 'Okafor'], ['Evie', 'Shaw'], ['Alfie', 'McKenzie'], ['Poppy', 'Hall-Jones'], ['Theo', 'Brennan'],
  ['Ruby', 'Sandhu'], ['Oscar', 'Lloyd'], ['Millie', 'Fraser'], ['Archie', 'Clarke'], ['Zara', 'Ahmed'],
];

const ASSESSORS = ['James Fayre', 'Kate Anderson'];
const CLASSES = ['Business Admin L2', 'Business Admin L3'];
const PLACEMENTS = ['BT - Manchester', 'Vodaphone - Salford'];
/** The sandbox's framework templates 801 and 802 (organisation 5740). */
const TEMPLATES = ['Business Administrator L3 - 18 months', 'Customer Service Practitioner L2 with English'];
/** Prefixes HMRC issues (no D F I Q U V, no O second, none of BG GB KN NK NT TN ZZ). */
const NINO_PREFIXES = ['AB', 'CE', 'HJ', 'JM', 'KP', 'LR', 'MW', 'PA', 'RS', 'SW', 'TY', 'WE', 'YH'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

interface Learner {
  ref: string;
  forename: string;
  surname: string;
  dob: [number, number, number];
  uln: string;
  nino: string;
  email: string;
  mobile: string;
  start: [number, number, number];
  end: [number, number, number];
  assessor: string;
  classroom: string;
  placement: string;
  template: string;
}

/** The nth valid ULN after a fixed start, skipping first-nine-digit runs with no check digit. */
function ulns(count: number): string[] {
  const found: string[] = [];
  for (let base = 482_173_056; found.length < count; base += 7_919) {
    const digit = ulnCheckDigit(String(base));
    if (digit !== null) found.push(`${base}${digit}`);
  }
  return found;
}

function learners(): Learner[] {
  const uln = ulns(PEOPLE.length);
  return PEOPLE.map(([forename, surname], i) => {
    const level3 = i % 3 === 2;
    const startMonth = [9, 10, 11, 1, 2][i % 5];
    const startYear = startMonth >= 9 ? 2024 : 2025;
    const months = level3 ? 18 : 15;
    const endMonthIndex = startMonth - 1 + months;
    return {
      ref: `BA24${String(i + 1).padStart(3, '0')}`,
      forename,
      surname,
      dob: [1 + ((i * 7) % 28), 1 + ((i * 5) % 12), 2000 + (i % 8)],
      uln: uln[i],
      nino: `${NINO_PREFIXES[i % NINO_PREFIXES.length]}${String(104_729 * (i + 3)).slice(-6).padStart(6, '0')}${'ABCD'[i % 4]}`,
      email: `${forename}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${DOMAINS[i % DOMAINS.length]}`,
      mobile: `07700 900${String(100 + i * 13).padStart(3, '0')}`,
      start: [[2, 1, 7, 15, 3][i % 5], startMonth, startYear],
      end: [28, (endMonthIndex % 12) + 1, startYear + Math.floor(endMonthIndex / 12)],
      assessor: ASSESSORS[i % 2],
      classroom: CLASSES[level3 ? 1 : 0],
      placement: PLACEMENTS[i % 4 === 3 ? 1 : 0],
      template: TEMPLATES[level3 ? 0 : 1],
    };
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
const ukDate = ([d, m, y]: [number, number, number]) => `${pad(d)}/${pad(m)}/${y}`;
const utcDate = ([d, m, y]: [number, number, number]) => new Date(Date.UTC(y, m - 1, d));

function asCells(learner: Learner): string[] {
  return [
    learner.ref, learner.forename, learner.surname, ukDate(learner.dob), learner.uln, learner.nino, learner.email,
    learner.mobile, ukDate(learner.start), ukDate(learner.end), learner.assessor, learner.classroom, learner.placement,
    learner.template,
  ];
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF line ends: what Excel writes and opens without asking. */
function toCsv(rows: Learner[]): string {
  const lines = [HEADERS.join(','), ...rows.map((learner) => asCells(learner).map(csvCell).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** A workbook like an MIS export: real date cells shown dd/mm/yyyy, the ULN a number. */
async function toXlsx(rows: Learner[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OneFile Bulk Importer examples';
  workbook.created = new Date(Date.UTC(2025, 0, 1));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('Learners', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...HEADERS]).font = { bold: true };
  for (const learner of rows) {
    sheet.addRow([
      learner.ref, learner.forename, learner.surname, utcDate(learner.dob), Number(learner.uln), learner.nino,
      learner.email, learner.mobile, utcDate(learner.start), utcDate(learner.end), learner.assessor,
      learner.classroom, learner.placement, learner.template,
    ]);
  }
  for (const column of [4, 9, 10]) sheet.getColumn(column).numFmt = 'dd/mm/yyyy';
  HEADERS.forEach((header, index) => {
    sheet.getColumn(index + 1).width = Math.max(12, header.length + 2, ...rows.map((learner) => asCells(learner)[index].length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const here = dirname(fileURLToPath(import.meta.url));
const rows = learners();
await writeFile(join(here, 'learners.csv'), toCsv(rows), 'utf8');
await writeFile(join(here, 'learners.xlsx'), await toXlsx(rows));
console.log(`Wrote ${rows.length} learners to examples/learners.csv and examples/learners.xlsx`);
