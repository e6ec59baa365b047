/**
 * One person on several rows. A value that must be unique in the file (MIS ID, ULN, NI
 * number, email) on two rows is either two people given one value by mistake, or one person
 * written once per learning aim, as an MIS's aims report writes them. The rows such
 * values link are one group. When they agree on everything the import sends but the
 * standards, units and dates, the group is one person: its first row imports them with
 * every row's standards and units (and the dates the rows span), and each later row is
 * imported with it (a warning naming that row, never a second user). When they differ,
 * each row is an error naming what differs, as before: which row is right is the
 * user's to say.
 */

import { ukDate } from './dates';
import { duplicateKey, DuplicateIndex } from './duplicate-index';
import { FIELD_KEYS, fieldDefinition, UNIQUE_FIELDS, type FieldKey } from './fields';
import { rowRanges } from './problem-groups';
import { fieldValue, hasFieldValue, mappedFields, valueHashesWhenMapped, type MappedRow } from './mapped-rows';

/** What each row of one person may give differently: all of them are imported. */
export const FIELDS_EACH_ROW_ADDS: readonly FieldKey[] = ['Standards', 'Units'];

/**
 * A field a later row of one person may give its own, for its own standards: an aims
 * report names each aim's assessor (a Functional Skills tutor). The first row's is the
 * learner's assessor; another row's is assigned to that row's learning aims (level 3).
 * Only with standards: an assessor of its own with none to be assigned to is a conflict.
 */
const PER_AIM_FIELDS: readonly FieldKey[] = ['Assessor'];

/**
 * The learner's programme spans their rows: the earliest start date and the latest
 * planned end date (an aims report gives each aim its own; English may start later).
 */
export const SPAN_FIELDS = { StartOn: 'earliest', PlannedEndDate: 'latest' } as const;

/**
 * Fields the rows of one person need not agree on: what each row adds, the dates the
 * rows span, and what is checked but never sent (an aim's status, the whole name its
 * parts come from).
 */
const NOT_COMPARED = new Set<FieldKey>([...FIELDS_EACH_ROW_ADDS, 'StartOn', 'PlannedEndDate', 'Status', 'FullName']);
const COMPARED: readonly FieldKey[] = FIELD_KEYS.filter((field) => !NOT_COMPARED.has(field));
const COMPARED_SET: ReadonlySet<FieldKey> = new Set(COMPARED);

/** A duplicate's message names at most this many of the other rows. */
const OTHER_ROWS_NAMED = 5;

/** Another row holding a row's value: its number as Excel shows it, and the value as it writes it. */
interface OtherRow {
  row: number;
  value: string;
}

/** Rows linked by a value that must be unique, by index in file order. */
export interface PersonRows {
  /** The rows' indices, ascending: the first imports the person. */
  rows: number[];
  /** Fields the rows give differently: none when they are one person. */
  differ: FieldKey[];
}

/** A duplicate's issue, for the validator to place on the row's cell. */
export interface DuplicateFinding {
  field: FieldKey;
  code: 'duplicate' | 'same-person';
  severity: 'error' | 'warning';
  message: string;
  /** For 'same-person': the row (as Excel numbers it) that imports this one's person. */
  sameAs?: number;
  /** For 'same-person': this row is a copy of that row, alike in every column (not a row per standard). */
  exactCopy?: boolean;
}

const comparable = (value: string | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/** The fields these rows (of one person, or not) give differently. */
export function fieldsThatDiffer(rows: readonly MappedRow[], fields: readonly FieldKey[] = fieldsMappedIn(rows)): FieldKey[] {
  const [first, ...others] = rows;
  return fields.filter((field) => {
    const value = fieldValue(first, field);
    return others.some((row) => {
      const other = fieldValue(row, field);
      return other !== value && comparable(other) !== comparable(value);
    });
  });
}

/** The compared fields any of these rows maps (most of the 40 fields are in no column). */
function fieldsMappedIn(rows: readonly MappedRow[]): FieldKey[] {
  const mapped = new Set<FieldKey>();
  for (const row of rows) for (const field of mappedFields(row)) if (COMPARED_SET.has(field)) mapped.add(field);
  return COMPARED.filter((field) => mapped.has(field));
}

/**
 * The start and planned end date of one person on these rows: the earliest start and
 * the latest end any of them gives (ISO dates compare as text). Absent when none gives one.
 */
export function spanOf(rows: readonly MappedRow[]): Partial<Record<keyof typeof SPAN_FIELDS, string>> {
  const span: Partial<Record<keyof typeof SPAN_FIELDS, string>> = {};
  for (const [field, which] of Object.entries(SPAN_FIELDS) as Array<[keyof typeof SPAN_FIELDS, 'earliest' | 'latest']>) {
    for (const row of rows) {
      const value = fieldValue(row, field);
      if (value === undefined) continue;
      const kept = span[field];
      if (kept === undefined || (which === 'earliest' ? value < kept : value > kept)) span[field] = value;
    }
  }
  return span;
}

/** The fields the rows of one person give differently, but an assessor of a row's own for its standards (`PER_AIM_FIELDS`). */
function differingFields(members: readonly MappedRow[]): FieldKey[] {
  const [first] = members;
  return fieldsThatDiffer(members).filter(
    (field) => !PER_AIM_FIELDS.includes(field) || members.some((row) => ownValue(row, first, field) && !hasFieldValue(row, 'Standards')),
  );
}

/** Whether a row gives a field another value than the first row of its person does (case and spacing aside). */
function ownValue(row: MappedRow, first: MappedRow, field: FieldKey): boolean {
  return comparable(fieldValue(row, field)) !== comparable(fieldValue(first, field));
}

/** "2-4, 7, 9-12": row numbers as a person reads them, the first `limit` ranges and "and more". */
export function describeRows(rows: readonly number[], limit = 8): string {
  const ranges = rowRanges(rows);
  return ranges.length > limit ? `${ranges.slice(0, limit).join(', ')} and more` : ranges.join(', ');
}

/**
 * The rows of a file by the values that must be unique in it. `compared` says whether a
 * row's value of a field identifies anyone (a number Excel rounded does not). The rows
 * are the validator's: it replaces an edited row and tells `leave` and `enter`.
 */
/** Fields in which rows sharing only an email differ when they may be two people (siblings under a parent's email). */
const PERSON_FIELDS: ReadonlySet<FieldKey> = new Set<FieldKey>(['MISID', 'ULN', 'NINO', 'FirstName', 'DOB']);

const SHARED_EMAIL =
  ' If they are two people sharing one email (a family\'s, say), give each their own, or leave it empty on one of the rows: a learner found by a MIS ID, ULN or NI number may go without one, where OneFile takes a learner without an email.';

export class PeopleInFile {
  private readonly index = new Map<FieldKey, DuplicateIndex>();
  /** Each grouped row's group, worked out when first asked; forgotten when one of its rows is edited. */
  private readonly groups = new Map<number, PersonRows>();

  constructor(
    private readonly rows: readonly MappedRow[],
    private readonly compared: (rowIndex: number, field: FieldKey) => boolean,
  ) {
    for (const field of UNIQUE_FIELDS) {
      const byValue = new DuplicateIndex((rowIndex) => this.keyOf(field, rowIndex), rows.length);
      this.index.set(field, byValue);
      const hashes = valueHashesWhenMapped(rows, field);
      if (!hashes) for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) this.enter(field, rowIndex);
      else for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) if (hasFieldValue(rows[rowIndex], field)) byValue.addHashed(hashes[rowIndex], rowIndex);
    }
  }

  private keyOf(field: FieldKey, rowIndex: number): string | undefined {
    const value = fieldValue(this.rows[rowIndex], field);
    return value === undefined ? undefined : duplicateKey(field, value);
  }

  enter(field: FieldKey, rowIndex: number): void {
    const key = this.keyOf(field, rowIndex);
    if (key === undefined) return;
    const byValue = this.index.get(field)!;
    byValue.add(key, rowIndex);
    // The rows it now shares a value with are in a group with it: theirs, as worked out, is out of date.
    for (const other of byValue.sharedRowsOf(rowIndex) ?? []) this.forget(other);
  }

  leave(field: FieldKey, rowIndex: number): void {
    // Forgotten whether or not the row had a value: one typed into an empty cell changes whether its group agrees.
    this.forget(rowIndex);
    const key = this.keyOf(field, rowIndex);
    if (key !== undefined) this.index.get(field)!.remove(key, rowIndex);
  }

  /** A row changed in a field that is not unique: whether its group's rows agree may have changed. */
  changed(rowIndex: number): void {
    this.forget(rowIndex);
  }

  /** The row's group, as worked out, forgotten by all its rows (an edit costs its group, not the file's). */
  private forget(rowIndex: number): void {
    for (const member of this.groups.get(rowIndex)?.rows ?? []) this.groups.delete(member);
  }

  /** The rows holding the value (a value as the user typed it, read). */
  rowsHolding(field: FieldKey, value: string): Iterable<number> {
    return this.index.get(field)!.rows(duplicateKey(field, value));
  }

  /** The row's group (rows linked through shared values, however many steps), or null when it has no partner. */
  groupOf(rowIndex: number): PersonRows | null {
    const known = this.groups.get(rowIndex);
    if (known) return known;
    const members = new Set([rowIndex]);
    const waiting = [rowIndex];
    // Each shared value's rows are walked once (the index gives one set of rows per value): 5,000 rows given one
    // placeholder email cost 5,000 steps, not 5,000 squared.
    const walked = new Set<ReadonlySet<number>>();
    while (waiting.length > 0) {
      const member = waiting.pop()!;
      for (const field of UNIQUE_FIELDS) {
        const byValue = this.index.get(field)!;
        if (!byValue.hasDuplicates || !this.compared(member, field)) continue;
        const holding = byValue.sharedRowsOf(member);
        if (holding === undefined || walked.has(holding)) continue;
        walked.add(holding);
        for (const other of holding) {
          if (members.has(other) || !this.compared(other, field)) continue;
          members.add(other);
          waiting.push(other);
        }
      }
    }
    if (members.size === 1) return null;
    const rows = [...members].sort((a, b) => a - b);
    const group: PersonRows = { rows, differ: differingFields(rows.map((i) => this.rows[i])) };
    for (const member of rows) this.groups.set(member, group);
    return group;
  }

  /** Whether the row is an error (its group differs) or a warning (imported with an earlier row), or neither. */
  severityOf(rowIndex: number): 'error' | 'warning' | null {
    const group = this.anyDuplicates() ? this.groupOf(rowIndex) : null;
    if (!group) return null;
    if (group.differ.length > 0) return 'error';
    return group.rows[0] === rowIndex ? null : 'warning';
  }

  private anyDuplicates(): boolean {
    for (const byValue of this.index.values()) if (byValue.hasDuplicates) return true;
    return false;
  }

  /** The row's findings: one error per shared value when its group differs; else, for a later row, that it is imported with the first. */
  findingsOf(rowIndex: number): DuplicateFinding[] {
    const group = this.anyDuplicates() ? this.groupOf(rowIndex) : null;
    if (!group || (group.differ.length === 0 && group.rows[0] === rowIndex)) return [];
    const row = this.rows[rowIndex];
    const shared = UNIQUE_FIELDS.filter((field) => this.compared(rowIndex, field) && this.index.get(field)!.sharedRowsOf(rowIndex) !== undefined);
    if (group.differ.length === 0) {
      const leader = this.rows[group.rows[0]];
      const members = group.rows.map((i) => this.rows[i]);
      const datesDiffer = Object.keys(SPAN_FIELDS).filter((field) => fieldsThatDiffer(members, [field as FieldKey]).length > 0);
      const adds = datesDiffer.length > 0 || FIELDS_EACH_ROW_ADDS.some((field) => comparable(fieldValue(row, field)) !== comparable(fieldValue(leader, field)));
      const by = shared.map((field) => fieldDefinition(field).label).join(' and ');
      const span = spanOf(members);
      const dates = datesDiffer.map((field) =>
        field === 'StartOn' ? `the start date is the earliest of their rows (${ukDate(span.StartOn!)})` : `the planned end date the latest (${ukDate(span.PlannedEndDate!)})`,
      );
      const ownAssessor = ownValue(row, leader, 'Assessor') ? fieldValue(row, 'Assessor') : undefined;
      const alike = ownAssessor === undefined ? 'alike in every other column' : 'alike in every other column but the assessor';
      const exactCopy = !adds && ownAssessor === undefined;
      const message = !exactCopy
        ? `The same person as row ${leader.row} (the same ${by}, and ${alike}): imported once, with row ${leader.row}, with this row's standards and units too` +
          (ownAssessor === undefined ? '' : `, ${ownAssessor} assigned as their assessor for this row's standards (row ${leader.row}'s is the learner's assessor)`) +
          (dates.length > 0 ? `; ${dates.join(', and ')}.` : '.')
        : `A copy of row ${leader.row} (the same ${by}, and alike in every column): imported once, with row ${leader.row}.`;
      return [{ field: shared[0] ?? UNIQUE_FIELDS[0], code: 'same-person', severity: 'warning', message, sameAs: leader.row, ...(exactCopy ? { exactCopy } : {}) }];
    }
    const differ = group.differ.map((field) => fieldDefinition(field).label);
    const what = differ.length === 1 ? differ[0] : `${differ.slice(0, -1).join(', ')} and ${differ[differ.length - 1]}`;
    // Not naming the group's rows: an edit that takes one row out leaves the others' messages as they were.
    const which = group.rows.length === 2 ? 'the two rows' : 'the rows these values link';
    return shared.map((field) => {
      const others = this.othersHolding(field, rowIndex);
      const zeros = field === 'MISID' ? this.zerosDiffer(rowIndex, others.rows, group) : undefined;
      if (zeros) return zeros;
      const where = others.rows.length === 1 ? `row ${others.rows[0].row}` : `rows ${describeRows(others.rows.map((other) => other.row))}${others.more ? ' and others' : ''}`;
      return {
        field,
        code: 'duplicate',
        severity: 'error',
        message:
          `${fieldDefinition(field).label} "${fieldValue(row, field)}" is also on ${where}, but ${which} differ in ${what}: each person must be in the file once ` +
          `(or on a row per standard, alike in every other column), so remove or correct one of them` +
          (group.differ.includes('Assessor') ? ` (a row per standard may name an assessor of its own only with its standards, whom the assessor is for).` : '.') +
          (field === 'Email' && shared.length === 1 && group.differ.some((f) => PERSON_FIELDS.has(f)) ? SHARED_EMAIL : ''),
      };
    });
  }

  /**
   * The row's MIS ID written with the zeros at its front on one row and without on another
   * (0123, 123): one MIS ID (`misidKey`), its zeros dropped by Excel from a cell it took for
   * a number. An error naming the rows and their writings: which is the MIS's is the user's
   * to say (and two learners, one of each, would be one person twice). Undefined when the
   * other rows named write it as this one does.
   */
  private zerosDiffer(rowIndex: number, others: readonly OtherRow[], group: PersonRows): DuplicateFinding | undefined {
    const row = this.rows[rowIndex];
    const misid = fieldValue(row, 'MISID')!;
    const written = others.filter((other) => comparable(other.value) !== comparable(misid));
    if (written.length === 0) return undefined;
    const rows = group.rows.length === 2 ? 'both rows' : 'every row';
    const besides = group.differ.filter((field) => field !== 'MISID').map((field) => fieldDefinition(field).label);
    return {
      field: 'MISID',
      code: 'duplicate',
      severity: 'error',
      message:
        `MIS ID "${misid}" (row ${row.row}) is ${written.map((other) => `"${other.value}" on row ${other.row}`).join(', ')}: one MIS ID, written with and without the zeros at its front ` +
        '(Excel drops them from a cell it takes for a number), so the rows are read as one learner\'s. ' +
        (besides.length === 0
          ? `Write it as the MIS has it on ${rows} (format the column as Text in Excel to keep the zeros): the learner is then imported once.`
          : `The rows also differ in ${besides.join(', ')}: each person must be in the file once (or on a row per standard, alike in every other column), so correct the MIS ID, or remove or correct one of the rows.`),
    };
  }

  /** The first few other rows holding the row's value, and their values as written: a message names a handful, never thousands. */
  private othersHolding(field: FieldKey, rowIndex: number): { rows: OtherRow[]; more: boolean } {
    const picked: OtherRow[] = [];
    for (const other of this.index.get(field)!.rows(this.keyOf(field, rowIndex)!)) {
      if (other === rowIndex) continue;
      if (picked.length === OTHER_ROWS_NAMED) return { rows: picked, more: true };
      picked.push({ row: this.rows[other].row, value: fieldValue(this.rows[other], field)! });
    }
    return { rows: picked, more: false };
  }
}
