/**
 * Problems grouped by what fixes them. A spreadsheet that says "Business Administrator"
 * on 150 rows has one problem, not 150: one value in one column that OneFile does not
 * know. Grouping by (column, value, problem) gives one line a person can act on, with
 * the rows it touches written as ranges ("rows 2-151"), and the app, the command line
 * and a script's `--json` all list the same groups.
 *
 * Pure: the validator's issues and the planner's row problems both fit `GroupableProblem`.
 */

import { fieldDefinition, FIELD_KEYS, type FieldKey } from './fields';
import { isProgrammeAimReference } from './ilr';

/** One problem on one row, as the validator (`Issue`) or the planner (`RowProblem`) reports it. */
export interface GroupableProblem {
  /** The row as Excel numbers it. */
  row: number;
  /** Column letter; empty or absent when no column is mapped to the field. */
  column?: string;
  header?: string;
  field?: string | null;
  /** The cell's text. */
  value?: string;
  code: string;
  /** What is wrong and what to do, as the row's own problem says it. */
  message: string;
  severity: 'error' | 'warning';
  suggestions?: ReadonlyArray<{ id: number | string; name: string; score: number }>;
  /** A warning about this value alone (a person OneFile may have twice): its own line, not grouped with the column's other values. */
  ownLine?: boolean;
  /** 'same-person': the earlier row this one is imported with (the group names those rows). */
  sameAs?: number;
  /** 'same-person': the row is a copy of that row, alike in every column (else a row per standard). */
  exactCopy?: boolean;
}

export interface ProblemGroup {
  column: string;
  header: string;
  field: string | null;
  value: string;
  code: string;
  severity: 'error' | 'warning';
  /** How many distinct values the group covers: 1, or more for a warning said once per column. */
  values: number;
  /** The problem in a few words: "no such standard", or the row's own message. */
  problem: string;
  /** The first row's full message (what to do). */
  message: string;
  /** Every row it is on, as ranges: ["2-151", "160"]. */
  rowRanges: string[];
  rowCount: number;
  firstRow: number;
  /** Ranked OneFile records it may mean (unmatched or ambiguous references). */
  suggestions: Array<{ id: number | string; name: string; score: number }>;
}

/** What a reference field's records are called in a sentence: "no such class". */
export const REFERENCE_NOUNS: Readonly<Record<string, string>> = {
  Assessor: 'assessor',
  Classroom: 'class',
  Placement: 'placement',
  Employer: 'employer user',
  IQA: 'IQA',
  Observer: 'observer',
  FrameworkTemplate: 'framework template',
  Standards: 'standard',
  Units: 'unit',
  Organisation: 'organisation',
};

/** The plural of a reference noun ("classes", "standards"). */
export function pluralNoun(noun: string): string {
  return /(s|ss|sh|ch|x)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** Consecutive row numbers as ranges: [2,3,4,7] -> ["2-4", "7"]. */
export function rowRanges(rows: readonly number[]): string[] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j += 1;
    ranges.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return ranges;
}

function isField(field: string | null | undefined): field is FieldKey {
  return typeof field === 'string' && (FIELD_KEYS as readonly string[]).includes(field);
}

function shortProblem(problem: GroupableProblem): string {
  const noun = REFERENCE_NOUNS[problem.field ?? ''] ?? 'record';
  if (problem.code === 'reference-unmatched' && problem.field === 'Standards' && isProgrammeAimReference(problem.value ?? '')) {
    return "the ILR's programme aim, not a standard: leave it out, or choose the standard it stands for";
  }
  if (problem.code === 'reference-unmatched') return `no such ${noun}`;
  if (problem.code === 'reference-created') return `new ${noun}: the import creates it first`;
  if (problem.code === 'reference-ambiguous') {
    const count = problem.suggestions?.length ?? 0;
    return count > 1 ? `fits ${count} ${pluralNoun(noun)}, the importer will not guess` : `fits more than one ${noun}, the importer will not guess`;
  }
  return problem.message.replace(/\.\s*$/, '');
}

/** A row about a person an earlier row imports: a copy of that row, or a row per standard. */
function sameAsKind(problem: { exactCopy?: boolean }): 'copy' | 'joined' {
  return problem.exactCopy ? 'copy' : 'joined';
}

/**
 * Said once for every later row about a person an earlier row imports, naming those
 * earlier rows: an exact copy is said as one ("a copy of row 2"), not as a row per
 * standard, which a file with no standards column cannot have.
 */
function sameAsProblem(kind: 'copy' | 'joined', earlier: readonly number[]): string {
  const one = earlier.length === 1;
  const rows = one ? `row ${earlier[0]}` : `rows ${rangesShown(rowRanges(earlier))}`;
  if (kind === 'copy') {
    return one ? `a copy of ${rows}, alike in every column: imported once, with ${rows}` : `copies of ${rows}, alike in every column: each person imported once, with the row copied`;
  }
  return (
    `the same person as ${rows} (a row per standard, alike in every other column, or in all but the assessor): imported once, with ${one ? rows : 'their first row'}, ` +
    "this row's standards and units too, and a row's own assessor for its standards"
  );
}

export interface GroupOptions {
  /** Fields whose missing column the file-level problems already say: their per-row "required" problems are not repeated. */
  saidForFile?: ReadonlySet<string>;
}

/**
 * Groups row problems by (column, value, problem code), errors first, most rows first.
 * A warning (the row is imported anyway) is grouped by (column, problem) whatever the
 * value, unless it is about that value alone (`ownLine`, and a standard left out by a
 * choice, 'left-out'), so 150 names that "do not look
 * like a name" are one line, not 150; so are numbers Excel rounded ('excel-rounded'),
 * which one new export of the file mends. A missing
 * column's per-row "required" problem is left out when the file's own problems say it
 * (`saidForFile`), so one thing is never said twice.
 */
export function groupProblems(problems: Iterable<GroupableProblem>, options: GroupOptions = {}): ProblemGroup[] {
  const grouper = new ProblemGrouper(options);
  for (const problem of problems) grouper.add(problem);
  return grouper.groups();
}

/**
 * `groupProblems` a problem at a time, for a caller that goes through a large file in
 * slices (and lets other work in between) rather than in one go.
 */
export class ProblemGrouper {
  private readonly byKey = new Map<string, { group: ProblemGroup; rows: number[]; values: Set<string>; earlier: Set<number>; kind: 'copy' | 'joined' | undefined }>();

  constructor(private readonly options: GroupOptions = {}) {}

  add(problem: GroupableProblem): void {
    const column = problem.column ?? '';
    if (!column && problem.code === 'required' && problem.field && this.options.saidForFile?.has(problem.field)) return;
    const value = problem.value ?? '';
    const valueText = value.trim().toLowerCase();
    // A standard left out by a person's choice is said of that value, as a namesake is (`ownLine`).
    const ownLine = problem.ownLine === true || problem.code === 'left-out';
    // Numbers Excel rounded are one fix for the column (export it again), whatever their values.
    // Copies of rows and rows per standard are two things to check, each said once for the file.
    const kind = problem.code === 'same-person' ? sameAsKind(problem) : undefined;
    const valueKey = kind ?? ((problem.severity === 'warning' && !ownLine) || problem.code === 'excel-rounded' ? '' : valueText);
    const key = `${column || `field:${problem.field ?? ''}`}\u0000${valueKey}\u0000${problem.code}\u0000${problem.severity}`;
    const found = this.byKey.get(key);
    if (found) {
      found.rows.push(problem.row);
      found.values.add(valueText);
      if (problem.sameAs !== undefined) found.earlier.add(problem.sameAs);
      return;
    }
    this.byKey.set(key, {
      rows: [problem.row],
      values: new Set([valueText]),
      earlier: new Set(problem.sameAs !== undefined ? [problem.sameAs] : []),
      kind,
      group: {
        column,
        header: problem.header ?? '',
        field: problem.field ?? null,
        value,
        code: problem.code,
        severity: problem.severity,
        values: 1,
        problem: shortProblem(problem),
        message: problem.message,
        rowRanges: [],
        rowCount: 0,
        firstRow: problem.row,
        suggestions: [...(problem.suggestions ?? [])],
      },
    });
  }

  groups(): ProblemGroup[] {
    const out = [...this.byKey.values()].map(({ group, rows, values, earlier, kind }) => {
      const distinct = [...new Set(rows)];
      const problem = kind && earlier.size > 0 ? sameAsProblem(kind, [...earlier].sort((a, b) => a - b)) : group.problem;
      return { ...group, problem, values: values.size, rowRanges: rowRanges(distinct), rowCount: distinct.length, firstRow: distinct.reduce((first, row) => Math.min(first, row)) };
    });
    return out.sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || b.rowCount - a.rowCount || a.firstRow - b.firstRow || a.column.localeCompare(b.column),
    );
  }
}

/** How many ranges a line names before it says "and more" (the JSON has them all). */
const RANGES_SHOWN = 6;

function whereText(group: ProblemGroup): string {
  const name = group.header || (isField(group.field) ? fieldDefinition(group.field).label : group.field ?? 'File');
  const value = group.value.trim() === '' ? (group.column ? ' (empty)' : '') : ` "${group.value}"`;
  const others = group.values - 1;
  return `${name}${value}${others > 0 ? ` and ${others} other value${others === 1 ? '' : 's'}` : ''}`;
}

/** The first ranges a line names, then "and more" where there are others: "2-4, 7 and more". */
function rangesShown(ranges: readonly string[]): string {
  return `${ranges.slice(0, RANGES_SHOWN).join(', ')}${ranges.length > RANGES_SHOWN ? ' and more' : ''}`;
}

function rowsText(group: ProblemGroup): string {
  if (group.rowCount === 1) return `row ${group.rowRanges[0]}`;
  return `rows ${rangesShown(group.rowRanges)} (${group.rowCount} rows)`;
}

function hintText(group: ProblemGroup): string {
  // A programme aim is no standard: a standard's name that looks like it would be no hint.
  if (group.field === 'Standards' && isProgrammeAimReference(group.value)) return '';
  // Every record offered, none alike (an ILR's StdCode or EmpId): nothing to guess at.
  if (group.code === 'reference-unmatched' && group.suggestions.length > 0 && group.suggestions.every((s) => s.score === 0)) {
    return `; choose which of OneFile's ${group.suggestions.length} it is, once`;
  }
  if (group.code === 'reference-unmatched' && group.suggestions.length > 0) {
    const top = group.suggestions[0];
    return `; did you mean "${top.name}" (${Math.round(top.score * 100)} %)?`;
  }
  if (group.code === 'reference-ambiguous' && group.suggestions.length > 0) {
    const names = group.suggestions.slice(0, 3).map((s) => `"${s.name}"`);
    const more = group.suggestions.length > 3 ? ` and ${group.suggestions.length - 3} more` : '';
    return `; choose one of ${names.join(', ')}${more}`;
  }
  return '';
}

/** A group's parts as a screen lists them: what it is about, the problem and what to do, and its rows. */
export function problemGroupParts(group: ProblemGroup): { where: string; problem: string; rows: string } {
  return { where: whereText(group), problem: `${group.problem}${hintText(group)}`, rows: rowsText(group) };
}

/** One group as a line: `Programme "Business Administrator": no such standard, rows 2-151 (150 rows); did you mean ...?` */
export function problemGroupLine(group: ProblemGroup): string {
  const warning = group.severity === 'warning' ? ' (warning)' : '';
  return `${whereText(group)}: ${group.problem}, ${rowsText(group)}${hintText(group)}${warning}`;
}

/** The first `limit` groups as lines, then how many more there are. */
export function problemGroupLines(groups: readonly ProblemGroup[], limit: number): string[] {
  const lines = groups.slice(0, limit).map(problemGroupLine);
  const hidden = groups.length - limit;
  if (hidden > 0) lines.push(`... and ${hidden} more problem${hidden === 1 ? '' : 's'} (--json lists them all)`);
  return lines;
}
