/**
 * One cell at a time: each field's value cleaned into the form OneFile is sent, and
 * what is wrong with it, in words that say what to do. Checks that need two cells
 * (start before end, age at start) or the whole file (duplicates) live in `./validate`.
 */

import { fieldDefinition, ROLE_IDS, type FieldKey } from './fields';
import { ageOn, readDate, ukDate, type DateOrder } from './dates';
import {
  cleanMultiline,
  cleanText,
  LIST_JOINER,
  normaliseEmail,
  normaliseNino,
  normalisePhone,
  normaliseUln,
  parseRole,
  readList,
  titleCase,
} from './normalise';
import { nameOrderOfHeader, splitWholeName, type NameOrder } from './whole-name';
import { readStatus } from './learner-status';
import { readSex } from './learner-sex';
import { isDigit, isIssuedNinoPrefix, isPlainNino, PLAIN_READERS, type PlainKind } from './plain-cells';

export type { IssueCode, Severity } from './issue-codes';
import type { IssueCode, Severity } from './issue-codes';

export interface ValueProblem {
  code: IssueCode;
  severity: Severity;
  /** Human: what is wrong and what to do about it. */
  message: string;
  /**
   * The value is of the field's own kind with a mistake in it (a ULN failing its check
   * digit, 31/02/2005, an NI number with a prefix never issued, an email with no domain,
   * two emails in one cell):
   * the cell is wrong, not the column it is in. Mapping's look at a column's values
   * (`valueFit`) does not count these against the field the column is mapped to.
   */
  ofFieldKind?: true;
}

export interface ValueReading {
  /**
   * The cleaned value ('' when the cell is empty); the text as typed when it cannot be
   * read; '' for Excel's sign of a failed formula ("#N/A"), which holds no value to
   * read or look up.
   */
  value: string;
  problems: ValueProblem[];
}

export interface ReadOptions {
  /** Calendar date of the check, `YYYY-MM-DD` (a clock reading, passed in). */
  today: string;
  dateOrder?: DateOrder;
  /** Rewrite names in Title Case (for files that shout: "SMITH"). Off by default. */
  titleCaseNames?: boolean;
}

const error = (code: IssueCode, message: string): ValueProblem => ({ code, severity: 'error', message });
const warning = (code: IssueCode, message: string): ValueProblem => ({ code, severity: 'warning', message });
/** An error in a value of the field's own kind (see `ValueProblem.ofFieldKind`). */
const mistake = (code: IssueCode, message: string): ValueProblem => ({ code, severity: 'error', message, ofFieldKind: true });

/**
 * The ULN check digit for its first nine digits, or null when none exists. Published by
 * the Learning Records Service: weights 10, 9 ... 2, remainder of the sum by 11,
 * check digit = 10 - remainder; a remainder of 0 would need "10", so no valid ULN
 * starts with those nine digits.
 */
export function ulnCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNine[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder === 0 ? null : 10 - remainder;
}

export function isValidUln(uln: string): boolean {
  if (!/^[1-9]\d{9}$/.test(uln)) return false;
  return ulnCheckDigit(uln.slice(0, 9)) === Number(uln[9]);
}

/** Two letters, six digits and a letter: a National Insurance number's form, real or not. */
const NINO_FORM = /^[A-Z]{2}\d{6}[A-Z]$/;

/** Why a (normalised) NINO cannot be real, or null when it can. */
export function ninoProblem(nino: string): string | null {
  // The form checked by a loop (NINO_FORM's own test, at a fraction of its cost): every NINO of a file is asked.
  if (!isPlainNino(nino)) {
    return 'a National Insurance number is two letters, six digits and a letter A-D, e.g. AB 12 34 56 C';
  }
  if (!isIssuedNinoPrefix(nino[0], nino[1])) return `no National Insurance number starts with ${nino.slice(0, 2)}`;
  const last = nino.charCodeAt(8);
  if (last < 0x41 || last > 0x44) return 'the last letter of a National Insurance number is A, B, C or D';
  return null;
}

const EMAIL_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** A practical check of an address that mail can be sent to (after `normaliseEmail`). */
export function isValidEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return false;
  return EMAIL_LOCAL.test(email.slice(0, at)) && EMAIL_DOMAIN.test(email.slice(at + 1));
}

function readEmail(raw: string): ValueReading {
  const value = normaliseEmail(raw);
  if (isValidEmail(value)) return { value, problems: [] };
  const hint = /[;,\s]/.test(value) && value.split('@').length > 2
    ? 'put one email address in the cell'
    : 'check it is written like name@example.com';
  // Text with an @ is an address mistyped, or two in one cell; text without one is not an address at all.
  return { value, problems: [(value.includes('@') ? mistake : error)('email-invalid', `"${value}" is not an email address: ${hint}.`)] };
}

/** What the ILR writes for a learner's ULN while they have none (its "ULN not known"). */
const ULN_NOT_KNOWN = '9999999999';

function readUln(raw: string): ValueReading {
  const value = normaliseUln(raw);
  if (isValidUln(value)) return { value, problems: [] };
  if (isRoundedByExcel(value)) {
    return { value, problems: [mistake('excel-rounded', `Excel rounded this ULN into scientific notation, so its last digits are lost: take the 10 digits again from your MIS or the Learning Records Service. ${EXCEL_ROUNDING}`)] };
  }
  if (!/^\d{10}$/.test(value)) {
    return { value, problems: [error('uln-invalid', `"${value}" is not a ULN: a ULN is 10 digits. Check it in the Learning Records Service.`)] };
  }
  // The ILR's ULN for a learner who has none yet: no ULN, as an empty cell is.
  if (value === ULN_NOT_KNOWN) return { value: '', problems: [warning('uln-not-known', `${ULN_NOT_KNOWN} stands for "ULN not known": read as an empty cell.`)] };
  return { value, problems: [mistake('uln-invalid', `ULN ${value} fails its check digit, so a digit is mistyped: check it in the Learning Records Service.`)] };
}

function readNino(raw: string): ValueReading {
  const value = isPlainNino(raw) ? raw : normaliseNino(raw);
  const problem = ninoProblem(value);
  return {
    value,
    problems: problem ? [(NINO_FORM.test(value) ? mistake : error)('nino-invalid', `"${cleanText(raw)}" is not a National Insurance number: ${problem}.`)] : [],
  };
}

/** People more than this many years old are taken to be a mistyped date of birth. */
export const OLDEST_AGE = 100;
/** Start and end dates this many years away from today are taken to be mistyped. */
const EVENT_YEARS_RANGE = 50;

function readDateField(key: FieldKey, raw: string, options: ReadOptions): ValueReading {
  const birth = key === 'DOB';
  const reading = readDate(raw, { today: options.today, order: options.dateOrder, kind: birth ? 'birth' : 'event' });
  if (!reading.ok) return { value: cleanText(raw), problems: [(reading.problem === 'impossible' ? mistake : error)('date-invalid', `${reading.message}.`)] };
  const value = reading.iso;
  const problems: ValueProblem[] = [];
  if (birth && value > options.today) {
    problems.push(mistake('date-in-future', `Date of birth ${ukDate(value)} is in the future: check the year.`));
  } else if (birth && ageOn(value, options.today) > OLDEST_AGE) {
    problems.push(mistake('dob-implausible', `Date of birth ${ukDate(value)} makes the person over ${OLDEST_AGE}: check the year.`));
  } else if (!birth && Math.abs(Number(value.slice(0, 4)) - Number(options.today.slice(0, 4))) > EVENT_YEARS_RANGE) {
    problems.push(mistake('date-implausible', `${ukDate(value)} is more than ${EVENT_YEARS_RANGE} years from today: check the year.`));
  }
  return { value, problems };
}

function readName(raw: string, options: ReadOptions): ValueReading {
  const text = cleanText(raw);
  const value = options.titleCaseNames ? titleCase(text) : text;
  const problems = /[@\d]/.test(value)
    ? [warning('name-suspicious', `"${value}" does not look like a name: check the columns are not swapped.`)]
    : [];
  return { value, problems };
}

/**
 * A whole name in one cell (see ./whole-name): its value is the name as written, and its
 * problems say where the split into first and last name is a guess or impossible.
 * `order` is what the column's header says of the order (see `nameOrderOfHeader`).
 */
function readWholeName(raw: string, order?: NameOrder): ValueReading {
  const split = splitWholeName(raw, order);
  const value = cleanText(raw);
  if (split.way === 'one-name') {
    return { value, problems: [error('name-incomplete', `"${value}" is one name: OneFile needs a first and a last name, so write the cell as "Last, First".`)] };
  }
  if (split.way === 'guessed') {
    return {
      value,
      problems: [warning('name-split', `"${value}" is read as first name "${split.first}" and last name "${split.last}": where a name in this column is split wrongly, write it as "Last, First".`)],
    };
  }
  return { value, problems: [] };
}

/**
 * A long number as Excel shows it in a narrow cell and writes it into a CSV it saves:
 * "4.82173E+09". The digits past the fifth or so are gone from the file itself, so the
 * text is not the person's number ('excel-rounded': not compared with other rows', and
 * said once for the column, whose whole export needs saving again).
 */
function isRoundedByExcel(text: string): boolean {
  return /^\d(?:\.\d+)?E\+\d+$/i.test(text);
}

const EXCEL_ROUNDING = 'A CSV opened in Excel and saved again does this to long numbers: save the export from your MIS straight to the file you import, or format the column as Text before saving.';

function readPhone(raw: string): ValueReading {
  if (isRoundedByExcel(cleanText(raw))) {
    return { value: cleanText(raw), problems: [warning('excel-rounded', `Excel rounded this phone number into scientific notation, so digits are lost: take it again from your MIS. ${EXCEL_ROUNDING}`)] };
  }
  const value = normalisePhone(raw);
  const digits = value.replace(/^\+/, '');
  const plausible = /^\d+$/.test(digits) && (value.startsWith('+') ? digits.length >= 8 && digits.length <= 15 : digits.length >= 10 && digits.length <= 11);
  return {
    value,
    problems: plausible ? [] : [warning('phone-invalid', `"${value}" does not look like a phone number: check it.`)],
  };
}

function readRole(raw: string): ValueReading {
  const role = parseRole(raw);
  const text = cleanText(raw);
  if (role === 'ambiguous') {
    return {
      value: text,
      problems: [error('role-ambiguous', `"${text}" could be a workplace line manager or a centre manager: write Employer for a line manager (centre managers cannot be created by import).`)],
    };
  }
  if (role === null) {
    return {
      value: text,
      problems: [error('role-unknown', `"${text}" is not a OneFile role: use Learner, Trainee Assessor, Assessor, IQA, Employer or Observer.`)],
    };
  }
  return { value: String(ROLE_IDS[role]), problems: [] };
}

/**
 * A Standards or Units cell as items joined by "; ". Commas inside a title are kept
 * (see `readList`); a title list written with commas then fails to resolve, and the
 * resolver's message says to separate with ;.
 */
function readReferenceList(raw: string): ValueReading {
  return { value: readList(raw).items.join(LIST_JOINER), problems: [] };
}

/**
 * Reads one cell for one field (`header`: its column's): the value to send (cleaned, in
 * OneFile's form: ISO dates, lower-case email, role number) and any problems with the
 * value itself. An empty cell reads as '' with no problem: whether it is required
 * depends on the row.
 */
export function readFieldValue(key: FieldKey, raw: string, options: ReadOptions, header?: string): ValueReading {
  return valueReaderFor(key, options, header)(raw);
}

/**
 * `readFieldValue` for one field, with the field's kind looked up once: a pass over a
 * column of 100,000 cells asks the same question of every cell.
 */
export function valueReaderFor(key: FieldKey, options: ReadOptions, header?: string): (raw: string) => ValueReading {
  const read = typedReader(key, options, header);
  const saysNoValue = NO_VALUE_TYPES.has(fieldDefinition(key).type);
  const general = (raw: string): ValueReading => {
    const text = cleanText(raw);
    if (text === '') return { value: '', problems: [] };
    if (text.charCodeAt(0) === 0x23 && EXCEL_ERRORS.has(text.toUpperCase())) return excelError(text);
    // No such word starts with a digit, as nearly every date does: most cells are not lowered to be looked up.
    if (saysNoValue && text.length <= LONGEST_NO_VALUE_WORD && !isDigit(text.charCodeAt(0)) && NO_VALUE_WORDS.has(text.toLowerCase())) return noValueWord();
    // Excel's mark for "keep this as text" ('0123...), typed into a file Excel does not write it to: not part of a date, ULN, NI number, email or phone number.
    if (saysNoValue && text.charCodeAt(0) === 0x27 && text.length > 1) return general(text.slice(1));
    return read(raw);
  };
  // A cell in the shape most files hold it is its own value (see ./plain-cells); any other goes the general
  // way, whose readers do not look for the plain form again.
  const kind = plainKindOf(key);
  if (!kind) return general;
  const plain = PLAIN_READERS[kind];
  return (raw) => {
    const value = plain(raw);
    return value === undefined ? general(raw) : { value, problems: [] };
  };
}

/** The plain form a field's cells may take (see ./plain-cells), for the fields that have one. */
export function plainKindOf(key: FieldKey): PlainKind | undefined {
  const { type } = fieldDefinition(key);
  if (type === 'email' || type === 'uln' || type === 'nino' || type === 'phone') return type;
  return key === 'MISID' || key === 'OneFileID' ? 'reference' : undefined;
}

/**
 * What Excel shows in a cell whose formula failed, and writes into a CSV it saves: the
 * value the formula was meant to give is not in the file.
 */
const EXCEL_ERRORS = new Set(['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NULL!', '#NUM!', '#SPILL!', '#CALC!', '#GETTING_DATA']);

/**
 * What MIS exports and hand-kept spreadsheets write in a cell that has no value ("N/A",
 * "Not known", "-", "TBC", "NULL" from a database): in a field whose values have a form
 * of their own (a date, a ULN, an NI number, an email, a phone number) none of them can
 * be a value, so they are read as an empty cell, and said. Names, free text and names of
 * OneFile records are read as written (a centre may have a class called "TBC").
 */
const NO_VALUE_WORDS = new Set(['n/a', 'na', 'n.a.', 'n/k', 'nk', 'not known', 'unknown', 'not applicable', 'none', 'null', 'nil', '-', '--', '---', '–', '—', 'tbc', 'tba', '?']);
const LONGEST_NO_VALUE_WORD = Math.max(...[...NO_VALUE_WORDS].map((word) => word.length));
const NO_VALUE_TYPES = new Set(['date', 'uln', 'nino', 'email', 'phone']);

/** Said alike of every such word, so a column's "N/A" and "-" are one problem. */
function noValueWord(): ValueReading {
  return { value: '', problems: [warning('no-value-word', 'Written for no value, so read as an empty cell.')] };
}

function excelError(text: string): ValueReading {
  const lookup = text.toUpperCase() === '#N/A' ? ' (#N/A: a lookup such as VLOOKUP found nothing)' : '';
  return {
    value: '',
    problems: [error('excel-error', `"${text}" is Excel's sign of a formula that failed${lookup}: correct the formula or what it looks up in the spreadsheet, then save or export the file again.`)],
  };
}

/** `header`: the column's, which may say the order of the whole names under it (see ./whole-name) or that its statuses are the ILR's codes. */
function typedReader(key: FieldKey, options: ReadOptions, header: string | undefined): (raw: string) => ValueReading {
  switch (fieldDefinition(key).type) {
    case 'email':
      return readEmail;
    case 'uln':
      return readUln;
    case 'nino':
      return readNino;
    case 'date':
      return (raw) => readDateField(key, raw, options);
    case 'name':
      return (raw) => readName(raw, options);
    case 'whole-name': {
      const order = nameOrderOfHeader(header);
      return (raw) => readWholeName(raw, order);
    }
    case 'phone':
      return readPhone;
    case 'role':
      return readRole;
    case 'status':
      return (raw) => readStatus(raw, header);
    case 'reference-list':
      return readReferenceList;
    case 'address':
      return (raw) => ({ value: cleanMultiline(raw).split('\n').join(', '), problems: [] });
    case 'code':
      if (key === 'L13') return readSex;
      return key === 'MISID' || key === 'OneFileID' ? readReference : readPlainText;
    default:
      return readPlainText;
  }
}

/**
 * An MIS ID or OneFile ID as the file writes it, except a number a tool wrote with a
 * decimal point ("12345.0", as a CSV made from a spreadsheet's numbers may hold): the ID
 * is 12345, and read as "12345.0" it would find no one in OneFile (or give them that MIS ID).
 */
function readReference(raw: string): ValueReading {
  const value = cleanText(raw);
  const whole = value.includes('.') ? /^(\d+)\.0+$/.exec(value) : null;
  return { value: whole ? whole[1] : value, problems: [] };
}

function readPlainText(raw: string): ValueReading {
  return { value: cleanText(raw), problems: [] };
}
