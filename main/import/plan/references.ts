import { isEmployerReferenceHeader, isProgrammeAimReference } from '../../../shared/ilr';
import { rawCellOf, type MappedRow } from '../../../shared/mapped-rows';
import { cleanText } from '../../../shared/normalise';
import { splitList } from '../../../shared/normalise';
import { pluralNoun, REFERENCE_NOUNS } from '../../../shared/problem-groups';
import type { Directory, DirectoryTemplate } from '../directory/types';
import { ROLE, type ImportPlan, type RoleId, type RowProblem } from './types';
import { isReferenceField, type Candidate, type ReferenceField, type Resolution, type Resolver } from '../directory/resolve';
import type { Suggestion } from '../directory/suggest';
import { createMissingArgument, isCreatable, isCreatableField, isNumberOnly, isToBeCreated, NUMBER_WORDS, type CreatableField, type CreateMissing } from './create-missing';

/**
 * A row's references (assessor, class, placement, staff, template, standards, units)
 * resolved to OneFile records, and the values that could not be: the planner blocks
 * their rows, and the UI lists each distinct value once so one choice fixes every row
 * that has it.
 */

/** Which reference fields a row of each role uses. */
export function referenceFieldsFor(role: RoleId): ReferenceField[] {
  if (role === ROLE.Learner) return ['Assessor', 'Classroom', 'Placement', 'Employer', 'IQA', 'Observer', 'FrameworkTemplate', 'Standards', 'Units'];
  return ['Placement'];
}

/** What each kind of record is called in a message (one list, shared with the grouped problems). */
const LABEL = REFERENCE_NOUNS as Readonly<Record<ReferenceField, string>>;

export interface ResolvedRecord {
  id: number;
  name: string;
}

export interface RowReferences {
  Assessor?: ResolvedRecord;
  Classroom?: ResolvedRecord;
  Placement?: ResolvedRecord;
  Employer?: ResolvedRecord;
  IQA?: ResolvedRecord;
  Observer?: ResolvedRecord;
  FrameworkTemplate?: DirectoryTemplate;
  Standards: Array<{ id: number; title: string }>;
  Units: Array<{ id: string; title: string; standardIds: number[]; text: string }>;
  /** A class or placement OneFile lacks that this run creates (create-missing.ts): its creation's ID and name. */
  toCreate?: Partial<Record<'Classroom' | 'Placement', { id: string; name: string }>>;
  /** A later row of this person that names an assessor of its own (joined-rows.ts): assigned for that row's standards. */
  aimAssessors?: Array<{ staff: ResolvedRecord; standardIds: number[] }>;
}

/** A value that did not resolve to exactly one record. */
export interface ReferenceIssue {
  field: ReferenceField;
  value: string;
  resolution: Exclude<Resolution, { status: 'matched' }>;
  /** An ILR's employer reference number, looked for among MIS IDs only: a number, never a name to create a placement by. */
  byMisIdOnly?: true;
}

export interface RowResolution {
  refs: RowReferences;
  issues: ReferenceIssue[];
  /** Reference fields with a value that this row's role does not use. */
  ignored: ReferenceField[];
}

const SINGLE_FIELDS = ['Assessor', 'Classroom', 'Placement', 'Employer', 'IQA', 'Observer'] as const;

/** Resolves every reference a row of this role uses. Units are looked for first under the row's standards. */
export function resolveRowReferences(row: MappedRow, role: RoleId, resolver: Resolver, directory: Directory): RowResolution {
  const used = new Set(referenceFieldsFor(role));
  const refs: RowReferences = { Standards: [], Units: [] };
  const issues: ReferenceIssue[] = [];
  const ignored: ReferenceField[] = [];
  const value = (field: ReferenceField) => row.values[field];

  for (const field of [...SINGLE_FIELDS, 'FrameworkTemplate', 'Standards', 'Units'] as const) {
    if (value(field) !== undefined && !used.has(field)) ignored.push(field);
  }

  for (const field of SINGLE_FIELDS) {
    const text = value(field);
    if (text === undefined || !used.has(field)) continue;
    // An ILR's EmpId finds a placement by its MIS ID only (see shared/ilr), unless a
    // value map already turned it into the OneFile record a person chose.
    const cell = field === 'Placement' ? rawCellOf(row, 'Placement') : undefined;
    const employerReference = cell !== undefined && isEmployerReferenceHeader(cell.header) && cleanText(cell.value) === text;
    const scope = employerReference ? { misIdOnly: true } : undefined;
    const resolution = resolver.resolveReference(field, text, scope);
    if (resolution.status === 'matched') refs[field] = { id: Number(resolution.id), name: resolution.name };
    else issues.push({ field, value: text, resolution, ...(employerReference ? { byMisIdOnly: true as const } : {}) });
  }

  const templateText = value('FrameworkTemplate');
  if (templateText !== undefined && used.has('FrameworkTemplate')) {
    const resolution = resolver.resolveReference('FrameworkTemplate', templateText);
    if (resolution.status === 'matched') refs.FrameworkTemplate = directory.templates.find((t) => t.id === Number(resolution.id));
    else issues.push({ field: 'FrameworkTemplate', value: templateText, resolution });
  }

  const standardsText = value('Standards');
  if (standardsText !== undefined && used.has('Standards')) {
    for (const item of splitList(standardsText)) {
      const resolution = resolver.resolveReference('Standards', item);
      if (resolution.status !== 'matched') issues.push({ field: 'Standards', value: item, resolution });
      else if (!refs.Standards.some((s) => s.id === Number(resolution.id))) refs.Standards.push({ id: Number(resolution.id), title: resolution.name });
    }
  }

  const unitsText = value('Units');
  if (unitsText !== undefined && used.has('Units')) {
    const scope = [...refs.Standards.map((s) => s.id), ...(refs.FrameworkTemplate?.standardIds ?? [])];
    for (const item of splitList(unitsText)) {
      const resolution = resolver.resolveReference('Units', item, { standardIds: scope });
      if (resolution.status !== 'matched') {
        issues.push({ field: 'Units', value: item, resolution });
        continue;
      }
      const id = String(resolution.id);
      if (refs.Units.some((u) => u.id === id)) continue;
      const standardIds = directory.units.filter((u) => u.id === id).map((u) => u.standardId);
      refs.Units.push({ id, title: resolution.name, standardIds, text: item });
    }
  }
  return { refs, issues, ignored };
}

/** The candidates as a message names them; with their OneFile IDs when that is what the message asks to write. */
function describeCandidates(candidates: Candidate[], withId = false): string {
  const shown = candidates.slice(0, 4).map((c) => (c.detail ? `${c.name} (${c.detail}${withId ? `, OneFile ID ${c.id}` : ''})` : `${c.name} (ID ${c.id})`));
  return candidates.length > 4 ? `${shown.join(', ')} and ${candidates.length - 4} more` : shown.join(', ');
}

/**
 * What else a person can do with a value that fits several records: write what tells them
 * apart. Records whose MIS IDs are one (0042 and 42 as `misidKey` compares them) are told
 * apart by the OneFile ID, or a class's or placement's name; an ILR's EmpId is looked for
 * among MIS IDs only, so there the choice is the way.
 */
function whatToWrite(issue: ReferenceIssue): string {
  if (issue.resolution.status !== 'ambiguous' || !issue.resolution.byMisid) return ', or write its MIS ID or OneFile ID in the file.';
  const zeros = /^\d+$/.test(issue.value.trim()) ? ', the zeros at the front aside (Excel drops them from a number)' : '';
  if (issue.byMisIdOnly) return `: an EmpId is looked for among MIS IDs only, and theirs are one${zeros}.`;
  const place = issue.field === 'Classroom' || issue.field === 'Placement';
  return `, or write its OneFile ID${place ? ' or its name' : ''} in the file: their MIS IDs are one${zeros}.`;
}

/**
 * The row problem for a value that did not resolve: what was wrong and what to do. A class
 * or placement asked to be created (`creating`: ticked in Review) is no error but a note
 * worth a look: the import creates it first and the row goes ahead.
 */
export function referenceProblem(issue: ReferenceIssue, row: MappedRow, creating?: CreateMissing): RowProblem {
  const cell = row.raw[issue.field];
  const label = LABEL[issue.field];
  const where = { ...(cell ? { column: cell.column, header: cell.header } : {}), field: issue.field, value: issue.value };
  const { resolution } = issue;
  if (isToBeCreated(issue, creating)) {
    return {
      ...where,
      code: 'reference-created',
      severity: 'warning',
      message: `No ${label} in OneFile is called "${issue.value}": the import creates it first, as asked, and gives it to this row.`,
    };
  }
  if (resolution.status === 'ambiguous') {
    return {
      ...where,
      code: 'reference-ambiguous',
      severity: 'error',
      message:
        `"${issue.value}" fits ${resolution.candidates.length} ${pluralNoun(label)} in OneFile: ${describeCandidates(resolution.candidates, resolution.byMisid && !issue.byMisIdOnly)}. ` +
        `The importer will not guess: choose one (the choice is remembered for next time)${whatToWrite(issue)}`,
      suggestions: resolution.candidates.map((c) => ({ id: c.id, name: c.detail ? `${c.name} (${c.detail})` : c.name, score: 1 })),
    };
  }
  // An ILR programme aim is no standard at all: nothing to spell better or create.
  if (issue.field === 'Standards' && isProgrammeAimReference(issue.value)) {
    return {
      ...where,
      code: 'reference-unmatched',
      severity: 'error',
      message:
        `"${issue.value}" is the ILR's programme aim (the apprenticeship as a whole), not a standard. Leave it out (remembered for next time: ` +
        `Review's "leave it out", or resolve --leave-out "${cell?.header ?? 'Standards'}:${issue.value}"), or choose the standard it stands for.`,
      suggestions: resolution.suggestions,
    };
  }
  // Every record offered with no likeness (an ILR's StdCode or EmpId): a choice, not a guess.
  const choose = resolution.suggestions.length > 0 && resolution.suggestions.every((s) => s.score === 0);
  const top = choose ? undefined : resolution.suggestions[0];
  const numberOnly = isCreatableField(issue.field) && !issue.byMisIdOnly && isNumberOnly(issue.value);
  const stale = resolution.staleValueMap ? ` The saved choice for it ("${resolution.staleValueMap}") is no longer in OneFile.` : '';
  if (resolution.notHere?.length) {
    const who = resolution.notHere.map((user) => `${user.name} (OneFile ID ${user.id}) is ${user.why}`).join('; ');
    return {
      ...where,
      code: 'reference-unmatched',
      severity: 'error',
      message:
        `No ${label} of this organisation matches "${issue.value}": OneFile's search gave users of every organisation and role, and read one by one, ${who}. ` +
        `Correct the file, or choose the ${label} it means (remembered for next time).`,
      suggestions: resolution.suggestions,
    };
  }
  return {
    ...where,
    code: 'reference-unmatched',
    severity: 'error',
    message:
      `No ${label} in OneFile matches "${issue.value}".${stale}` +
      (choose
        ? ` Choose which ${label} it is (remembered for next time).`
        : numberOnly
          ? ` It is not created for you: ${NUMBER_WORDS[issue.field as CreatableField]}`
          : top
            ? ` Did you mean "${top.name}"? Choose it (remembered for next time) or correct the file.`
            : ` Check the spelling, or create the ${label} in OneFile first.`) +
      (isCreatable(issue) ? ` The importer can create it for you: tick it in Review, or add --create-missing "${createMissingArgument(issue.field, issue.value)}".` : ''),
    suggestions: resolution.suggestions,
  };
}

/** One distinct value that needs a person's choice, with every row it occurs in. */
export interface UnresolvedValue {
  field: ReferenceField;
  value: string;
  status: 'ambiguous' | 'unmatched';
  rows: number[];
  candidates: Candidate[];
  suggestions: Suggestion[];
  /** A class or placement OneFile lacks, with nothing close to it: the importer can create it if a person asks (create-missing.ts). */
  creatable?: boolean;
}

/**
 * Every distinct unresolved or ambiguous value, once per field and value, with the
 * rows it occurs in: the UI resolves each in one click for all its rows (and saves the
 * choice with `rememberResolution`).
 */
export function listUnresolvedValues(rows: readonly MappedRow[], resolver: Resolver, directory: Directory, roleOf: (row: MappedRow) => RoleId): UnresolvedValue[] {
  const byKey = new Map<string, UnresolvedValue>();
  for (const row of rows) {
    for (const issue of resolveRowReferences(row, roleOf(row), resolver, directory).issues) {
      const key = `${issue.field}\u0000${issue.value.toLowerCase()}`;
      const entry = byKey.get(key);
      if (entry) {
        // Rows come in order: a row's second issue with the value is its last one listed (no search of thousands).
        if (entry.rows[entry.rows.length - 1] !== row.row) entry.rows.push(row.row);
        continue;
      }
      const { resolution } = issue;
      byKey.set(key, {
        field: issue.field,
        value: issue.value,
        status: resolution.status,
        rows: [row.row],
        candidates: resolution.status === 'ambiguous' ? resolution.candidates : [],
        suggestions: resolution.status === 'unmatched' ? resolution.suggestions : [],
        creatable: isCreatable(issue),
      });
    }
  }
  return [...byKey.values()].sort((a, b) => b.rows.length - a.rows.length || a.field.localeCompare(b.field) || a.value.localeCompare(b.value));
}

/**
 * The names the plan could not resolve, for a person to choose: planning may resolve
 * fewer or more than the directory alone did (a member of staff read by ID shows a
 * namesake of another organisation is not the one meant, or that the only one of the
 * name is another organisation's: plan/confirm-staff.ts), so what is offered follows the
 * plan. `values` are the directory's (with their candidates and suggestions); a name only
 * the plan found unresolved is added from its problems.
 */
export function stillUnresolved(values: UnresolvedValue[], plan: ImportPlan): UnresolvedValue[] {
  const key = (field: string, value: string) => `${field}\u0000${value.toLowerCase()}`;
  const open = new Map<string, UnresolvedValue>();
  for (const row of plan.rows) {
    for (const problem of row.problems) {
      const status = problem.code === 'reference-ambiguous' ? 'ambiguous' : problem.code === 'reference-unmatched' ? 'unmatched' : undefined;
      if (!status || !problem.field || problem.value === undefined || !isReferenceField(problem.field)) continue;
      const entry = open.get(key(problem.field, problem.value));
      if (entry) entry.rows.push(row.row);
      else {
        const suggestions = (problem.suggestions ?? []).map((s) => ({ id: s.id, name: s.name, score: s.score }));
        const candidates = status === 'ambiguous' ? suggestions.map((s) => ({ id: s.id, name: s.name })) : [];
        open.set(key(problem.field, problem.value), { field: problem.field, value: problem.value, status, rows: [row.row], candidates, suggestions: status === 'unmatched' ? suggestions : [] });
      }
    }
  }
  const kept = values.filter((value) => open.delete(key(value.field, value.value)));
  return [...kept, ...open.values()];
}
