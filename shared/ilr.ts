/**
 * The Individualised Learner Record (ILR) in the importer's words.
 *
 * Every apprenticeship provider in England sends the ESFA an ILR each month, and most
 * MIS exports name their columns after its fields (LearnRefNumber, GivenNames,
 * LearnStartDate, StdCode...). Those names are the sector's own: they map at full
 * confidence, like a field's own key, wherever they appear (a CSV export, an XLSX, or
 * the table the ILR XML reader builds, which uses the same names as its headers).
 *
 * Two ILR fields need care beyond a name:
 * - `StdCode` is the ESFA's number for an apprenticeship standard (LARS), not a OneFile
 *   standard ID or title. A bare "6" would be taken for OneFile's standard 6, so a
 *   number in a StdCode column is read as "StdCode 6": it never matches a OneFile ID by
 *   accident, and the user confirms once which OneFile standard it is (a value map,
 *   `{"Standards": {"StdCode 6": "Business Administrator Level 3"}}`).
 * - OneFile keeps an address as one piece of text (`HomeAddress`), while the ILR has
 *   four address lines and a postcode: those columns are parts of the home address and
 *   are joined in column order, never a mapping conflict.
 *
 * Element names from the ESFA's ILR schema (`ESFA/ILR/<year>`, e.g. 2024-25) and its
 * specification; since 2017-18 the address and telephone are `AddLine1-4`, `Postcode`
 * and `TelNo` on the learner (older exports say `PostCode` and `TelNumber`).
 */

import { HOME_ADDRESS_PARTS, type FieldKey } from './fields';
import { LIST_JOINER, normaliseHeader, splitList } from './normalise';

/** ILR field names and the catalogue field each one is. */
export const ILR_FIELD_NAMES: Readonly<Record<string, FieldKey>> = {
  LearnRefNumber: 'MISID',
  ULN: 'ULN',
  GivenNames: 'FirstName',
  FamilyName: 'LastName',
  DateOfBirth: 'DOB',
  NINumber: 'NINO',
  Email: 'Email',
  TelNo: 'Telephone',
  TelNumber: 'Telephone',
  AddLine1: 'HomeAddress',
  AddLine2: 'HomeAddress',
  AddLine3: 'HomeAddress',
  AddLine4: 'HomeAddress',
  Postcode: 'HomeAddress',
  Sex: 'L13',
  LearnStartDate: 'StartOn',
  LearnPlanEndDate: 'PlannedEndDate',
  StdCode: 'Standards',
  EmpId: 'Placement',
};

/** The ILR's address lines and postcode: parts of one home address. */
export const ILR_ADDRESS_PARTS = ['AddLine1', 'AddLine2', 'AddLine3', 'AddLine4', 'Postcode'] as const;

const ADDRESS_PART_KEYS = new Set<string>([...ILR_ADDRESS_PARTS, ...HOME_ADDRESS_PARTS].map(normaliseHeader));
const STANDARD_CODE_KEY = normaliseHeader('StdCode');

/**
 * True for a header that is one part of an address (AddLine1-4, Address Line 1, Town,
 * Postcode): several such columns make one address.
 */
export function isAddressPart(header: string): boolean {
  return ADDRESS_PART_KEYS.has(normaliseHeader(header));
}

/** How a column's standard codes are written after reading: "StdCode 6". */
export function standardCodeValue(code: string): string {
  return `StdCode ${code}`;
}

/**
 * True for an EmpId column: the employer's reference number (ERN), which finds a
 * placement by its MIS ID (or a choice), never by a OneFile ID or a name.
 */
export function isEmployerReferenceHeader(header: string | undefined): boolean {
  return header !== undefined && normaliseHeader(header) === normaliseHeader('EmpId');
}

/** True for a standard code as the importer reads it ("StdCode 6"). */
export function isStandardCodeValue(text: string): boolean {
  return /^StdCode \d+$/.test(text.trim());
}

/**
 * True for an ILR programme aim's learning aim reference ("ZPROG001"): the apprenticeship
 * as a whole, which an MIS report of learning aims lists beside the standards, and which
 * is never a OneFile standard (a person leaves it out; see `LEFT_OUT` in ./profile).
 */
export function isProgrammeAimReference(text: string): boolean {
  return /^ZPROG\d{3}$/i.test(text.trim());
}

/**
 * A Standards cell as the importer reads it: in a StdCode column each number becomes
 * "StdCode N" (see above); any other column or text is left as it is.
 */
export function readIlrCodes(field: FieldKey, header: string | undefined, text: string): string {
  if (field !== 'Standards' || header === undefined || normaliseHeader(header) !== STANDARD_CODE_KEY) return text;
  const items = splitList(text);
  if (!items.some((item) => /^\d+$/.test(item))) return text;
  return items.map((item) => (/^\d+$/.test(item) ? standardCodeValue(String(Number(item))) : item)).join(LIST_JOINER);
}

/** What the ILR reader read and left out, for messages and the Load screen. */
export interface IlrSummary {
  /** The file's namespace, e.g. `ESFA/ILR/2024-25`. */
  namespace: string;
  /** The collection year as written in the namespace, e.g. `2024-25`; null when the namespace carries none. */
  year: string | null;
  /** Learners in the file. */
  learners: number;
  /** Learners read as rows (apprenticeships in learning, plus ended ones when asked). */
  read: number;
  /** Apprenticeships that have ended, been completed or withdrawn, or are on a break in learning. */
  ended: number;
  /** Learners with no apprenticeship-standard programme aim. */
  notApprenticeship: number;
  /** Whether ended apprenticeships were read too. */
  includeEnded: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * "312 learners in the file: 41 new apprenticeships read; 271 left out (250 ended or
 * withdrawn, 21 not on an apprenticeship standard)."
 */
export function describeIlrSummary(summary: IlrSummary): string {
  const read = summary.includeEnded
    ? `${plural(summary.read, 'apprenticeship', 'apprenticeships')} read (ended ones included)`
    : `${plural(summary.read, 'new apprenticeship', 'new apprenticeships')} read`;
  const leftOut = summary.learners - summary.read;
  const reasons = [
    ...(!summary.includeEnded && summary.ended > 0 ? [`${summary.ended.toLocaleString('en-GB')} ended or withdrawn`] : []),
    ...(summary.notApprenticeship > 0 ? [`${summary.notApprenticeship.toLocaleString('en-GB')} not on an apprenticeship standard`] : []),
  ];
  const rest = leftOut > 0 ? `; ${leftOut.toLocaleString('en-GB')} left out (${reasons.join(', ')})` : '';
  return `${plural(summary.learners, 'learner', 'learners')} in the file: ${read}${rest}.`;
}

/** Said wherever an ILR's rows are reported: the file itself is not what gets fixed. */
export const ILR_NOT_EDITABLE =
  'An ILR file cannot be edited and imported again: correct the rows in this errors workbook and import it, or correct the learners in your MIS and import its next ILR.';
