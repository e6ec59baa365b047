import * as fs from 'node:fs';
import { generateUln } from '../../main/sandbox/uln';
import { picker, seededRandom, type Picker } from '../../main/sandbox/random';

/**
 * ILR XML files for tests and benchmarks, written from the element names and order of
 * the ESFA's ILR schema (`ESFA/ILR/2024-25`): a header, the learning provider, then
 * learners with their personal fields, the sensitive ones the importer must never
 * keep (ethnicity, LLDD and health, prior attainment, learner and delivery funding
 * monitoring), employment statuses, and learning deliveries (a programme aim and its
 * component aims, with funding records).
 *
 * `canaries` writes a distinctive text into every sensitive element instead of a real
 * code, so a test can look for it in everything a run wrote.
 */

export const NAMESPACE_2024_25 = 'ESFA/ILR/2024-25';

/** Texts planted in the ILR's fields the importer does not map; none may ever appear in what it writes. */
export const CANARIES = {
  ethnicity: 'CANARY-ETHNICITY-31',
  health: 'CANARY-LLDD-HEALTH',
  priorAttainment: 'CANARY-PRIOR-ATTAIN',
  funding: 'CANARY-FUNDING-FAM',
  monitoring: 'CANARY-PROVIDER-MONITORING',
  previousRef: 'CANARY-PREV-REF',
  postcodePrior: 'ZZ9 9CA',
  price: '98765',
} as const;

/**
 * The canaries `text` holds, each as a value of its own: "98765" inside a longer token
 * (a journal line's checksum "1f798765af...", an ID) is chance, not a leaked price.
 */
export function canariesIn(text: string): string[] {
  return Object.values(CANARIES).filter((canary) => new RegExp(`(?<![0-9A-Za-z])${canary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`).test(text));
}

export interface IlrDeliverySpec {
  learnAimRef: string;
  aimType: 1 | 3 | 4;
  progType?: number;
  stdCode?: number;
  start: string;
  plannedEnd: string;
  actualEnd?: string;
  compStatus: 1 | 2 | 3 | 6;
  fundModel: 36 | 35 | 99;
}

export interface IlrEmploymentSpec {
  empStat: 10 | 11 | 12 | 98;
  from: string;
  empId?: string;
}

export interface IlrLearnerSpec {
  ref: string;
  uln: string;
  givenNames: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'M' | 'F';
  niNumber?: string;
  email?: string;
  telNo?: string;
  addLines: string[];
  postcode: string;
  employments: IlrEmploymentSpec[];
  deliveries: IlrDeliverySpec[];
}

export interface IlrFileOptions {
  namespace?: string;
  canaries?: boolean;
  ukprn?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function el(name: string, value: string | number | undefined, indent: string): string {
  return value === undefined || value === '' ? '' : `${indent}<${name}>${escape(String(value))}</${name}>\n`;
}

export function ilrHeader(options: IlrFileOptions = {}): string {
  const ns = options.namespace ?? NAMESPACE_2024_25;
  const year = /(\d{2})(\d{2})-(\d{2})$/.exec(ns);
  const ukprn = options.ukprn ?? '10012345';
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Message xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
    '  <Header>\n    <CollectionDetails>\n      <Collection>ILR</Collection>\n' +
    `      <Year>${year ? `${year[2]}${year[3]}` : '2425'}</Year>\n      <FilePreparationDate>2025-01-06</FilePreparationDate>\n    </CollectionDetails>\n` +
    `    <Source>\n      <ProtectiveMarking>OFFICIAL-SENSITIVE-Personal</ProtectiveMarking>\n      <UKPRN>${ukprn}</UKPRN>\n` +
    '      <SoftwareSupplier>Test MIS</SoftwareSupplier>\n      <SoftwarePackage>Test MIS</SoftwarePackage>\n      <Release>1.0</Release>\n' +
    '      <SerialNo>01</SerialNo>\n      <DateTime>2025-01-06T09:00:00</DateTime>\n    </Source>\n  </Header>\n' +
    `  <LearningProvider>\n    <UKPRN>${ukprn}</UKPRN>\n  </LearningProvider>\n`
  );
}

export const ILR_FOOTER = '</Message>\n';

export function learnerXml(learner: IlrLearnerSpec, options: IlrFileOptions = {}): string {
  const c = options.canaries === true;
  const i2 = '    ';
  const i3 = '      ';
  let xml = '  <Learner>\n';
  xml += el('LearnRefNumber', learner.ref, i2);
  xml += el('PrevLearnRefNumber', c ? CANARIES.previousRef : undefined, i2);
  xml += el('ULN', learner.uln, i2);
  xml += el('FamilyName', learner.familyName, i2);
  xml += el('GivenNames', learner.givenNames, i2);
  xml += el('DateOfBirth', learner.dateOfBirth, i2);
  xml += el('Ethnicity', c ? CANARIES.ethnicity : 31, i2);
  xml += el('Sex', learner.sex, i2);
  xml += el('LLDDHealthProb', 1, i2);
  xml += el('NINumber', learner.niNumber, i2);
  xml += `${i2}<PriorAttain>\n${el('PriorLevel', c ? CANARIES.priorAttainment : 3, i3)}${el('DateLevelApp', '2024-08-01', i3)}${i2}</PriorAttain>\n`;
  xml += el('PlanLearnHours', 300, i2);
  xml += el('PostcodePrior', c ? CANARIES.postcodePrior : learner.postcode, i2);
  xml += el('Postcode', learner.postcode, i2);
  learner.addLines.forEach((line, index) => (xml += el(`AddLine${index + 1}`, line, i2)));
  xml += el('TelNo', learner.telNo, i2);
  xml += el('Email', learner.email, i2);
  xml += `${i2}<ContactPreference>\n${el('ContPrefType', 'RUI', i3)}${el('ContPrefCode', 1, i3)}${i2}</ContactPreference>\n`;
  xml += `${i2}<LLDDandHealthProblem>\n${el('LLDDCat', c ? CANARIES.health : 4, i3)}${el('PrimaryLLDD', 1, i3)}${i2}</LLDDandHealthProblem>\n`;
  xml += `${i2}<LearnerFAM>\n${el('LearnFAMType', 'EHC', i3)}${el('LearnFAMCode', c ? CANARIES.funding : 1, i3)}${i2}</LearnerFAM>\n`;
  xml += `${i2}<ProviderSpecLearnerMonitoring>\n${el('ProvSpecLearnMonOccur', 'A', i3)}${el('ProvSpecLearnMon', c ? CANARIES.monitoring : 'GRP7', i3)}${i2}</ProviderSpecLearnerMonitoring>\n`;
  for (const status of learner.employments) {
    xml += `${i2}<LearnerEmploymentStatus>\n${el('EmpStat', status.empStat, i3)}${el('DateEmpStatApp', status.from, i3)}${el('EmpId', status.empId, i3)}`;
    xml += `${i3}<EmploymentStatusMonitoring>\n${el('ESMType', 'EII', '        ')}${el('ESMCode', 8, '        ')}${i3}</EmploymentStatusMonitoring>\n${i2}</LearnerEmploymentStatus>\n`;
  }
  learner.deliveries.forEach((d, index) => {
    xml += `${i2}<LearningDelivery>\n`;
    xml += el('LearnAimRef', d.learnAimRef, i3) + el('AimType', d.aimType, i3) + el('AimSeqNumber', index + 1, i3);
    xml += el('LearnStartDate', d.start, i3) + el('LearnPlanEndDate', d.plannedEnd, i3) + el('FundModel', d.fundModel, i3);
    xml += el('ProgType', d.progType, i3) + el('StdCode', d.stdCode, i3) + el('DelLocPostCode', learner.postcode, i3);
    xml += el('CompStatus', d.compStatus, i3) + el('LearnActEndDate', d.actualEnd, i3);
    xml += el('Outcome', d.actualEnd ? (d.compStatus === 2 ? 1 : 3) : undefined, i3);
    xml += `${i3}<LearningDeliveryFAM>\n${el('LearnDelFAMType', 'ACT', '        ')}${el('LearnDelFAMCode', c ? CANARIES.funding : 1, '        ')}${i3}</LearningDeliveryFAM>\n`;
    if (d.aimType === 1 && d.fundModel === 36) {
      xml += `${i3}<AppFinRecord>\n${el('AFinType', 'TNP', '        ')}${el('AFinCode', 1, '        ')}${el('AFinDate', d.start, '        ')}${el('AFinAmount', c ? CANARIES.price : 12000, '        ')}${i3}</AppFinRecord>\n`;
    }
    xml += `${i2}</LearningDelivery>\n`;
  });
  return `${xml}  </Learner>\n`;
}

export function ilrXml(learners: readonly IlrLearnerSpec[], options: IlrFileOptions = {}): string {
  return ilrHeader(options) + learners.map((l) => learnerXml(l, options)).join('') + ILR_FOOTER;
}

/** What a generated learner is, so a test knows what the importer should make of it. */
export type GeneratedKind = 'new' | 'ended' | 'withdrawn' | 'break' | 'not-apprenticeship';

export interface GeneratedLearner {
  spec: IlrLearnerSpec;
  kind: GeneratedKind;
  /** The employer (ERN) of the latest employment status. */
  empId?: string;
}

const GIVEN = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Freya', 'Leo', 'Zara', 'Mohammed', 'Siân', 'Niamh', "Chloë"];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Patel', 'Khan', "O'Brien", 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Walker'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Mill Road'];
const TOWNS = ['Manchester', 'Salford', 'Stockport', 'Bolton', 'Wigan'];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A learner of a kind, with one to three employment statuses (the latest names the employer). */
function generatedLearner(pick: Picker, tag: string, n: number, kind: GeneratedKind, employers: readonly string[], stdCode: number, endedStdCode: number): GeneratedLearner {
  const ref = `${tag}${String(n).padStart(5, '0')}`;
  const startYear = kind === 'new' ? 2025 : pick.pick([2022, 2023, 2024]);
  const start = isoDate(startYear, pick.int(1, 12), pick.int(1, 28));
  const plannedEnd = isoDate(startYear + 1, pick.int(1, 12), pick.int(1, 28));
  const before = isoDate(startYear - 1, pick.int(1, 12), pick.int(1, 28));
  const employer = pick.pick(employers);
  const employments: IlrEmploymentSpec[] = [];
  // Several statuses: looking for work before, then employed (sometimes by a second employer later).
  if (pick.chance(0.5)) employments.push({ empStat: 11, from: before });
  let latest = employer;
  employments.push({ empStat: 10, from: start, empId: employer });
  if (pick.chance(0.3)) {
    latest = pick.pick(employers);
    employments.push({ empStat: 10, from: isoDate(startYear, 12, 31), empId: latest });
  }
  // The order in the file is not the order in time.
  if (pick.chance(0.5)) employments.reverse();

  const programme = (code: number, status: IlrDeliverySpec['compStatus'], actualEnd?: string): IlrDeliverySpec[] => [
    { learnAimRef: 'ZPROG001', aimType: 1, progType: 25, stdCode: code, start, plannedEnd, compStatus: status, actualEnd, fundModel: 36 },
    { learnAimRef: '60005075', aimType: 3, progType: 25, stdCode: code, start, plannedEnd, compStatus: status, actualEnd, fundModel: 36 },
  ];
  let deliveries: IlrDeliverySpec[];
  const endedOn = isoDate(startYear + 1, pick.int(1, 6), pick.int(1, 28));
  switch (kind) {
    case 'new':
      deliveries = programme(stdCode, 1);
      break;
    case 'ended':
      deliveries = programme(endedStdCode, 2, endedOn);
      break;
    case 'withdrawn':
      deliveries = programme(endedStdCode, 3, endedOn);
      break;
    case 'break':
      deliveries = programme(endedStdCode, 6, endedOn);
      break;
    case 'not-apprenticeship':
      deliveries = [{ learnAimRef: '60146580', aimType: 4, start, plannedEnd, compStatus: 1, fundModel: 35 }];
      break;
  }
  const given = pick.pick(GIVEN);
  const family = pick.pick(FAMILY);
  return {
    kind,
    empId: latest,
    spec: {
      ref,
      uln: generateUln(pick.random),
      givenNames: given,
      familyName: family,
      dateOfBirth: isoDate(pick.int(1985, 2006), pick.int(1, 12), pick.int(1, 28)),
      sex: pick.chance(0.5) ? 'F' : 'M',
      niNumber: `JT${String(pick.int(0, 999999)).padStart(6, '0')}${pick.pick(['A', 'B', 'C', 'D'])}`,
      email: `${ref.toLowerCase()}@learners.example.com`,
      telNo: `07700900${String(pick.int(0, 999)).padStart(3, '0')}`,
      addLines: [`${pick.int(1, 200)} ${pick.pick(STREETS)}`, ...(pick.chance(0.3) ? ['Flat 2'] : []), pick.pick(TOWNS)],
      postcode: `M${pick.int(1, 40)} ${pick.int(1, 9)}AB`,
      employments,
      deliveries,
    },
  };
}

export interface CentreOptions {
  learners: number;
  tag?: string;
  seed?: number;
  /** The employers' ERNs to use. */
  employers: readonly string[];
  /** The standard of every new apprenticeship; ended ones are on `endedStdCode`. */
  stdCode?: number;
  endedStdCode?: number;
}

/** A centre's ILR: roughly 40 % new apprenticeships, 35 % ended/withdrawn/on a break, 25 % other aims. */
export function generateCentre(options: CentreOptions): GeneratedLearner[] {
  const pick = picker(seededRandom(options.seed ?? 16));
  const kinds: GeneratedKind[] = ['new', 'new', 'new', 'new', 'ended', 'ended', 'withdrawn', 'break', 'not-apprenticeship', 'not-apprenticeship'];
  return Array.from({ length: options.learners }, (_unused, index) =>
    generatedLearner(pick, options.tag ?? 'ILR', index + 1, kinds[index % kinds.length], options.employers, options.stdCode ?? 6, options.endedStdCode ?? 14),
  );
}

/**
 * Writes a generated centre's ILR to a file in pieces, so a 100 MB file never sits in
 * memory whole. Returns the number of learners written.
 */
export function writeIlrFile(file: string, learners: Iterable<IlrLearnerSpec>, options: IlrFileOptions = {}): number {
  const fd = fs.openSync(file, 'w');
  let count = 0;
  try {
    fs.writeSync(fd, ilrHeader(options));
    let batch = '';
    for (const learner of learners) {
      batch += learnerXml(learner, options);
      count += 1;
      if (batch.length > 1_000_000) {
        fs.writeSync(fd, batch);
        batch = '';
      }
    }
    fs.writeSync(fd, batch + ILR_FOOTER);
  } finally {
    fs.closeSync(fd);
  }
  return count;
}
