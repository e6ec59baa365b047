/**
 * Row validation: every problem with a mapped row as an Issue that names the row and
 * column as Excel shows them and says what to do. Pure: the desktop UI re-runs it on
 * an edited cell for instant feedback, through `createValidationState`, which
 * re-checks only that row and the rows it shares an MISID, ULN or email with.
 */

import { ageOn, detectDateOrder, ukDate } from './dates';
import {
  fieldDefinition,
  FIELDS,
  requiredFieldsFor,
  ROLE_IDS,
  ROLE_KEYS,
  ROLE_LABELS,
  UNIQUE_FIELDS,
  type FieldKey,
  type RoleKey,
} from './fields';
import { describeRows, PeopleInFile } from './people-in-file';
import { FINDING_FIELDS, mayFindExistingUser, missingColumnIssues } from './missing-columns';
import { dateOrderWhenMapped, fieldsMappedIn, fieldValue, hasAllFieldValues, hasFieldValue, isWholeNamePart, mappedFields, problemsFoundWhenMapped, rawCellOf, rawTextsOf, readMappedValue, wholeNamePartsOf, type MappedRow, type ReadContext } from './mapped-rows';
import type { IssueCode, Severity } from './validators';

export type { IssueCode, Severity } from './validators';
export { FINDING_FIELDS } from './missing-columns';
export { describeRows } from './people-in-file';

export interface Issue {
  /** The row's number as Excel shows it. */
  row: number;
  /** Column letter ('F'), or '' when no column is mapped to the field. */
  column: string;
  header: string;
  field: FieldKey | null;
  /** The cell's text as in the file. */
  value: string;
  code: IssueCode;
  message: string;
  severity: Severity;
  /** A row imported with an earlier row about the same person ('same-person'): that row, as Excel numbers it. */
  sameAs?: number;
  /** 'same-person': the row is a copy of that row, alike in every column. */
  exactCopy?: boolean;
}

export type FileIssueCode =
  | 'us-dates'
  | 'mixed-date-order'
  | 'missing-column'
  /** Columns only a new user needs are not mapped; rows that find a user already in OneFile go ahead (see `findFileIssues`). */
  | 'create-columns-missing'
  | 'no-rows'
  /** Two columns matched one field; one was left out (see `conflictIssues` in ./mapping). */
  | 'mapping-conflict'
  /** This OneFile refused a learner without an email before: a new one without is blocked (see ./learner-email). */
  | 'learner-email-required'
  /** Something the file reader noticed that did not stop the read. */
  | 'read-warning';

/** A problem with the file as a whole rather than one cell. */
export interface FileIssue {
  code: FileIssueCode;
  severity: Severity;
  message: string;
  field?: FieldKey;
  /** Rows it concerns, as Excel numbers them. */
  rows?: number[];
}

export interface ValidationContext extends ReadContext {
  /** The role of a row without a Role value. Default learner. */
  defaultRole?: RoleKey;
}

const NOTHING_UNREADABLE: ReadonlySet<FieldKey> = new Set();

/** Apprentices are at least this old when they start. */
export const YOUNGEST_LEARNER_AGE = 14;

const ROLE_BY_ID = new Map<string, RoleKey>(
  (Object.entries(ROLE_IDS) as Array<[RoleKey, number]>).map(([key, id]) => [String(id), key]),
);

/** What each role requires, worked out once: every row asks. */
const REQUIRED_BY_ROLE = new Map<RoleKey, readonly FieldKey[]>(ROLE_KEYS.map((role) => [role, requiredFieldsFor(role)]));
const REQUIRED_OF_EVERYONE: readonly FieldKey[] = FIELDS.filter((f) => f.requiredFor.length === ROLE_KEYS.length).map((f) => f.key);

/** The row's role: its Role value, else the default; null when the Role value is not a role. */
export function rowRole(row: MappedRow, context: ValidationContext): RoleKey | null {
  const value = fieldValue(row, 'Role');
  if (value === undefined) return context.defaultRole ?? 'learner';
  return ROLE_BY_ID.get(value) ?? null;
}

function issueAt(row: MappedRow, field: FieldKey, code: IssueCode, severity: Severity, message: string): Issue {
  const cell = rawCellOf(row, field);
  return {
    row: row.row,
    column: cell?.column ?? '',
    header: cell?.header ?? '',
    field,
    value: cell?.value ?? '',
    code,
    message,
    severity,
  };
}

/**
 * Every problem in one row on its own: each cell's value, required fields for the
 * row's role, and the checks across cells (end after start, a learner's age at start).
 * Duplicates across rows are not here: see `createValidationState`.
 */
export function validateRow(row: MappedRow, context: ValidationContext): Issue[] {
  const issues: Issue[] = [];
  let unreadableFound: Set<FieldKey> | undefined;
  const found = problemsFoundWhenMapped(row, context);
  const problems = found ?? mappedFields(row).flatMap((field) => {
    const cell = row.raw[field];
    return readMappedValue(field, cell?.value ?? '', context, cell?.header).problems.map((problem) => ({ field, problem }));
  });
  for (let i = 0; i < problems.length; i++) {
    const { field, problem } = problems[i];
    issues.push(issueAt(row, field, problem.code, problem.severity, problem.message));
    if (problem.severity === 'error') (unreadableFound ??= new Set()).add(field);
  }
  const unreadable: ReadonlySet<FieldKey> = unreadableFound ?? NOTHING_UNREADABLE;

  const role = rowRole(row, context);
  const required = role ? REQUIRED_BY_ROLE.get(role)! : REQUIRED_OF_EVERYONE;
  let mayExist: boolean | undefined;
  // Most rows have a value for every required field: nothing to check field by field.
  if (!hasAllFieldValues(row, required)) for (const field of required) {
    // A cell that cannot be read has said so (an Excel error reads as no value, a whole name of one word has no
    // last name): "fill in the cell" would say it again.
    if (hasFieldValue(row, field) || unreadable.has(field) || (unreadable.has('FullName') && isWholeNamePart(row, field))) continue;
    // No column for it, and the row may be about a user OneFile has: the plan blocks it only if it creates.
    if ((mayExist ??= mayFindExistingUser(row)) && !rawCellOf(row, field)) continue;
    const label = fieldDefinition(field).label;
    const who = role ? `a ${ROLE_LABELS[role]}` : 'every user';
    const message = rawCellOf(row, field)
      ? `${label} is required for ${who}: fill in the cell.`
      : `${label} is required for ${who}, and no column is mapped to it: map a column to ${label}.`;
    issues.push(issueAt(row, field, 'required', 'error', message));
  }

  if (role === 'learner' && !hasFieldValue(row, 'Email') && !unreadable.has('Email')) issues.push(...learnerWithoutEmail(row, unreadable));

  // A date that could not be read is not compared with another.
  const start = unreadable.has('StartOn') ? undefined : fieldValue(row, 'StartOn');
  const end = unreadable.has('PlannedEndDate') ? undefined : fieldValue(row, 'PlannedEndDate');
  if (start && end && end <= start) {
    issues.push(
      issueAt(row, 'PlannedEndDate', 'end-before-start', 'error', `The planned end date ${ukDate(end)} is not after the start date ${ukDate(start)}: check both dates.`),
    );
  }
  const dob = unreadable.has('DOB') ? undefined : fieldValue(row, 'DOB');
  if (dob && role === 'learner') {
    const on = start ?? context.today;
    const age = ageOn(dob, on);
    if (age < YOUNGEST_LEARNER_AGE) {
      const when = start ? `at the start date ${ukDate(start)}` : 'today';
      issues.push(
        issueAt(row, 'DOB', 'dob-implausible', 'error', `Date of birth ${ukDate(dob)} makes the learner ${Math.max(age, 0)} ${when}; learners are at least ${YOUNGEST_LEARNER_AGE}: check the year.`),
      );
    }
  }
  return issues;
}

/** What a later import finds a learner by when they have no email: the planner's other match keys, and their OneFile ID. */
const KEYS_BESIDES_EMAIL: readonly FieldKey[] = [...FINDING_FIELDS.filter((field) => field !== 'Email'), 'OneFileID'];

/** Said of a learner without an email (here of a blank cell, by the plan of a row that creates with no Email column). */
export const LEARNER_WITHOUT_EMAIL =
  "No email: a learner new to OneFile is created without one, so OneFile cannot send them their login details until one is added. If this OneFile needs an email, the row is refused with OneFile's message, nothing is made, and the import holds back the other learners without one.";

/**
 * A learner row with no email. OneFile's guide to creating users does not require one for a
 * learner (onefile-api.md's table says every user needs one): the learner is created without,
 * and where this OneFile refuses that, the import learns it and holds such rows back
 * (main/import/run/learner-email.ts). Without an email the row must carry a key a second
 * import finds the learner by (a MIS ID, ULN or NI number, or their OneFile ID), or that
 * import would create them again.
 */
function learnerWithoutEmail(row: MappedRow, unreadable: ReadonlySet<FieldKey>): Issue[] {
  // No Email column (an assignment file about learners OneFile has): the plan says it of a row that creates.
  const noColumn = !rawCellOf(row, 'Email');
  if (!KEYS_BESIDES_EMAIL.some((field) => hasFieldValue(row, field) && !unreadable.has(field))) {
    return [
      issueAt(
        row,
        'Email',
        'no-finding-key',
        'error',
        'This learner has no email, MIS ID, ULN or NI number: OneFile could be given them, but the next import of this file could not tell they are already there and would create them again. Fill in their email or MIS ID.',
      ),
    ];
  }
  if (noColumn) return [];
  return [
    issueAt(
      row,
      'Email',
      'email-missing',
      'warning',
      LEARNER_WITHOUT_EMAIL,
    ),
  ];
}

/** Problems with the file as a whole: US-style dates, columns nobody mapped, no rows. */
export function findFileIssues(rows: readonly MappedRow[], context: ValidationContext): FileIssue[] {
  if (rows.length === 0) {
    return [{ code: 'no-rows', severity: 'warning', message: 'There are no rows under the header row: check the sheet and the header row.' }];
  }
  const issues: FileIssue[] = [];
  const mapped = fieldsMappedIn(rows);

  if (!context.dateOrder) issues.push(...dateOrderIssues(rows, mapped));

  issues.push(...missingColumnIssues(rows, mapped, (row) => rowRole(row, context), describeRows));
  return issues;
}

function dateOrderIssues(rows: readonly MappedRow[], mapped: Set<FieldKey>): FileIssue[] {
  let dayFirst: { row: MappedRow; field: FieldKey } | undefined;
  const monthFirst: Array<{ row: MappedRow; field: FieldKey }> = [];
  const dateFields = FIELDS.filter((f) => f.type === 'date' && mapped.has(f.key)).map((f) => f.key);
  const noted = dateFields.map((field) => dateOrderWhenMapped(rows, field));
  const texts: string[][] = dateFields.map(() => []);
  if (noted.some((evidence) => evidence === undefined)) {
    for (const row of rows) rawTextsOf(row, dateFields).forEach((text, i) => texts[i].push(text ?? ''));
  }
  for (const [i, field] of dateFields.entries()) {
    const evidence = noted[i] ?? detectDateOrder(texts[i]);
    if (!dayFirst && evidence.dayFirst.length > 0) dayFirst = { row: rows[evidence.dayFirst[0]], field };
    for (const index of evidence.monthFirst) monthFirst.push({ row: rows[index], field });
  }
  if (monthFirst.length === 0) return [];
  const example = (at: { row: MappedRow; field: FieldKey }) => {
    const cell = rawCellOf(at.row, at.field);
    return `row ${at.row.row}, column ${cell?.column} (${cell?.header}): "${cell?.value}"`;
  };
  const rowsOf = (list: typeof monthFirst) => [...new Set(list.map((at) => at.row.row))];
  if (!dayFirst) {
    return [{
      code: 'us-dates',
      severity: 'error',
      rows: rowsOf(monthFirst),
      message: `Dates in this file are written month first (US style), e.g. ${example(monthFirst[0])}. The importer reads dates day first, so 03/04/2001 would become 3 April: save the file with UK dates (dd/mm/yyyy), or say that this file's dates are month first.`,
    }];
  }
  return [{
    code: 'mixed-date-order',
    severity: 'warning',
    rows: rowsOf(monthFirst),
    message: `Some dates are written day first (${example(dayFirst)}) and some month first (${example(monthFirst[0])}): write them all as dd/mm/yyyy.`,
  }];
}

/** Left to right as the columns appear (A, B ... Z, AA), issues without a column last. */
function inColumnOrder(issues: Issue[]): Issue[] {
  const rank = (column: string) => (column === '' ? '\uffff' : column.padStart(3, ' '));
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => (rank(a.issue.column) < rank(b.issue.column) ? -1 : rank(a.issue.column) > rank(b.issue.column) ? 1 : a.order - b.order))
    .map(({ issue }) => issue);
}

/** One row's issues, by its index in the rows validated and its Excel number. */
export interface RowIssues {
  index: number;
  row: number;
  issues: Issue[];
}

export interface ValidationState {
  readonly rows: readonly MappedRow[];
  /** The row's issues, duplicates included. */
  issuesFor(index: number): Issue[];
  /** Whether the row has any issue, without building its issues. */
  hasIssues(index: number): boolean;
  /** Whether the row has an error and whether it has a warning, without building its issues (for counts and filters). */
  severitiesOf(index: number): { error: boolean; warning: boolean };
  fileIssues(): FileIssue[];
  /**
   * Sets one cell (as the user typed it) and re-checks that row and the rows whose
   * duplicate status it changes. Returns the issues of every row that was re-checked.
   */
  updateCell(index: number, field: FieldKey, value: string): RowIssues[];
}

/** A row with no issues of its own shares this (never changed: issuesFor builds new arrays). */
const NO_ISSUES: readonly Issue[] = Object.freeze([]);

/**
 * Validation that can be updated cell by cell. Keeps each row's own issues and an index
 * of MISID, ULN and email values, so an edit costs one row plus its duplicate partners.
 * The rows given are never changed: an edited row is replaced by a changed copy.
 */
export function createValidationState(input: readonly MappedRow[], context: ValidationContext): ValidationState {
  return validationOf([...input], context);
}

/** `createValidationState` on rows it may change (`updateCell` replaces an edited row in them). */
function validationOf(rows: MappedRow[], context: ValidationContext): ValidationState {
  /** Each row's own issues, already in column order (issuesFor is asked of every row, page after page). */
  const ownIssues = (row: MappedRow): readonly Issue[] => {
    const issues = validateRow(row, context);
    return issues.length === 0 ? NO_ISSUES : issues.length === 1 ? issues : inColumnOrder(issues);
  };
  const own: (readonly Issue[])[] = rows.map(ownIssues);
  let fileIssues: FileIssue[] | null = null;

  /** A value Excel rounded ("4.82173E+09") is not the person's: two rows holding it are not the same person. */
  const compared = (rowIndex: number, field: FieldKey): boolean => !own[rowIndex].some((issue) => issue.field === field && issue.code === 'excel-rounded');
  const people = new PeopleInFile(rows, compared);
  const duplicateIssues = (rowIndex: number): Issue[] =>
    people.findingsOf(rowIndex).map((finding) => {
      const issue = issueAt(rows[rowIndex], finding.field, finding.code, finding.severity, finding.message);
      if (finding.sameAs === undefined) return issue;
      return { ...issue, sameAs: finding.sameAs, ...(finding.exactCopy ? { exactCopy: true } : {}) };
    });
  const issuesFor = (rowIndex: number): Issue[] => {
    const duplicates = duplicateIssues(rowIndex);
    if (duplicates.length === 0) return [...own[rowIndex]];
    return inColumnOrder([...own[rowIndex], ...duplicates]);
  };
  const severitiesOf = (rowIndex: number) => {
    const issues = own[rowIndex];
    const duplicate = people.severityOf(rowIndex);
    return {
      error: duplicate === 'error' || issues.some((issue) => issue.severity === 'error'),
      warning: duplicate === 'warning' || issues.some((issue) => issue.severity === 'warning'),
    };
  };

  return {
    rows,
    issuesFor,
    hasIssues: (rowIndex) => own[rowIndex].length > 0 || people.severityOf(rowIndex) !== null,
    severitiesOf,
    fileIssues: () => (fileIssues ??= findFileIssues(rows, context)),
    updateCell(rowIndex, field, value) {
      const cell = rawCellOf(rows[rowIndex], field) ?? { value: '', column: '', header: '' };
      const reading = readMappedValue(field, value, context, cell.header || undefined);
      const unique = UNIQUE_FIELDS.includes(field);
      // The rows of this row's person, and those sharing the old or the new value: their duplicate issues may change.
      const partners = new Set<number>(people.groupOf(rowIndex)?.rows);
      if (unique) {
        const oldValue = fieldValue(rows[rowIndex], field);
        if (oldValue !== undefined) for (const other of people.rowsHolding(field, oldValue)) partners.add(other);
        if (reading.value !== '') for (const other of people.rowsHolding(field, reading.value)) partners.add(other);
      }
      partners.delete(rowIndex);
      const before = new Map([...partners].map((other) => [other, JSON.stringify(issuesFor(other))]));

      if (unique) people.leave(field, rowIndex);
      const old = rows[rowIndex];
      const row: MappedRow = { row: old.row, values: { ...old.values }, raw: { ...old.raw, [field]: { ...cell, value } } };
      // The first and last name read from a whole name follow it.
      const parts = field === 'FullName' ? wholeNamePartsOf(old, value, context) : [];
      for (const read of [{ field, cell: row.raw[field]!, value: reading.value }, ...parts]) {
        row.raw[read.field] = read.cell;
        if (read.value === '') delete row.values[read.field];
        else row.values[read.field] = read.value;
      }
      rows[rowIndex] = row;
      own[rowIndex] = ownIssues(row);
      if (unique) people.enter(field, rowIndex);
      else people.changed(rowIndex);
      for (const other of people.groupOf(rowIndex)?.rows ?? []) if (other !== rowIndex) partners.add(other);
      if (field === 'Role' || fieldDefinition(field).type === 'date') fileIssues = null;

      const changed = [rowIndex, ...[...partners].filter((other) => JSON.stringify(issuesFor(other)) !== before.get(other))];
      return changed.sort((a, b) => a - b).map((i) => ({ index: i, row: rows[i].row, issues: issuesFor(i) }));
    },
  };
}

/**
 * Validates all rows at once: each row's issues (parallel to `rows`; the rows with none
 * share one empty list, not 100,000 of their own) and the file's.
 */
export function validateRows(rows: readonly MappedRow[], context: ValidationContext): { rows: (readonly Issue[])[]; fileIssues: FileIssue[] } {
  // No cell is updated here, so the rows need no copy of their own.
  const state = validationOf(rows as MappedRow[], context);
  return { rows: rows.map((_row, i) => (state.hasIssues(i) ? state.issuesFor(i) : NO_ISSUES)), fileIssues: state.fileIssues() };
}
