import { ROLE_IDS, ROLE_KEYS, ROLE_LABELS, type RoleKey } from '../../../shared/fields';
import type { Directory, DirectoryUser } from '../directory/types';
import { LEARNER_HEADERS as H } from './columns';
import type { RecordLabels } from './labels';
import { excelDate, type CellValue, type ColumnSpec, type SheetSpec } from './sheets';

/**
 * What OneFile holds, as the sheets of one workbook (plain data; ./sheets.ts writes
 * it). The Learners sheet comes first and is shaped to be imported back as it is: its
 * columns are the importer's own field names, its learners are found again by their
 * OneFile ID, and its Assessor, Class and Placement cells name each record the way
 * the importer finds exactly that record (./labels.ts). The other sheets (Staff by
 * role, Classes, Placements, Standards with their units, Framework templates) are
 * there to look things up in.
 */

export interface ExportContent {
  /** Archived learners and staff too (default: only active ones). */
  includeArchived: boolean;
  /** Each learner's learning aims (standard titles), when they were read (`--with-aims`). */
  learningAims?: ReadonlyMap<number, readonly string[]>;
}

const text = (column: string): ColumnSpec => ({ header: column, type: 'text' });
const date = (column: string): ColumnSpec => ({ header: column, type: 'date' });

/** A record field as text ('' when OneFile did not send it). */
function field(user: DirectoryUser, key: string): string {
  const value = user.record[key];
  return value === null || value === undefined ? '' : String(value).trim();
}

/** A reference held by ID on the learner: the label that names it, and the ID. */
function reference(user: DirectoryUser, key: string, labels: Map<string, string>): [string, string] {
  const id = field(user, key);
  if (!id || id === '0') return ['', ''];
  return [labels.get(id) ?? '', id];
}

const byName = (a: DirectoryUser, b: DirectoryUser) => a.lastName.localeCompare(b.lastName, 'en-GB') || a.firstName.localeCompare(b.firstName, 'en-GB') || a.id - b.id;

export function learnersSheet(directory: Directory, labels: RecordLabels, content: ExportContent): SheetSpec {
  const withAims = content.learningAims !== undefined;
  const columns: ColumnSpec[] = [
    text(H.oneFileId),
    text(H.misid),
    text(H.firstName),
    text(H.lastName),
    text(H.email),
    text(H.uln),
    text(H.nino),
    date(H.dob),
    text(H.assessor),
    text(H.assessorId),
    text(H.classroom),
    text(H.classroomId),
    text(H.placement),
    text(H.placementId),
    date(H.startOn),
    date(H.plannedEnd),
    text(H.archived),
    ...(withAims ? [text(H.learningAims)] : []),
  ];
  const learners = directory.learners.filter((u) => content.includeArchived || !u.archived).sort(byName);
  const rows = learners.map((learner): CellValue[] => [
    String(learner.id),
    learner.misid ?? '',
    learner.firstName,
    learner.lastName,
    field(learner, 'Email') || (learner.email ?? ''),
    learner.uln ?? '',
    field(learner, 'NINO'),
    excelDate(learner.record.DOB),
    ...reference(learner, 'DefaultAssessorID', labels.Assessor),
    ...reference(learner, 'ClassroomID', labels.Classroom),
    ...reference(learner, 'PlacementID', labels.Placement),
    excelDate(learner.record.StartOn),
    excelDate(learner.record.PlannedEndDate),
    learner.archived ? 'yes' : 'no',
    ...(withAims ? [(content.learningAims!.get(learner.id) ?? []).join('; ')] : []),
  ]);
  return { name: 'Learners', columns, rows };
}

const ROLE_KEY_BY_ID = new Map<number, RoleKey>(ROLE_KEYS.map((key) => [ROLE_IDS[key], key]));
const ROLE_ORDER: readonly number[] = [ROLE_IDS.assessor, ROLE_IDS['trainee-assessor'], ROLE_IDS.iqa, ROLE_IDS.employer, ROLE_IDS.observer];

export function staffSheet(directory: Directory, content: ExportContent): SheetSpec {
  const staff = directory.staff
    .filter((u) => content.includeArchived || !u.archived)
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || byName(a, b));
  const roleName = (role: number) => {
    const key = ROLE_KEY_BY_ID.get(role);
    return key ? ROLE_LABELS[key].replace(/^\w/, (c) => c.toUpperCase()) : `Role ${role}`;
  };
  return {
    name: 'Staff',
    columns: [text('OneFile ID'), text('Role'), text('First name'), text('Last name'), text('Email'), text('MIS ID'), text('Archived')],
    rows: staff.map((u) => [String(u.id), roleName(u.role), u.firstName, u.lastName, field(u, 'Email') || (u.email ?? ''), u.misid ?? '', u.archived ? 'yes' : 'no']),
  };
}

/** Classes or placements, with how many (active) learners each has. */
export function placesSheet(directory: Directory, kind: 'Classes' | 'Placements'): SheetSpec {
  const places = kind === 'Classes' ? directory.classrooms : directory.placements;
  const key = kind === 'Classes' ? 'ClassroomID' : 'PlacementID';
  const learners = new Map<string, number>();
  for (const learner of directory.learners) {
    if (learner.archived) continue;
    const id = field(learner, key);
    if (id) learners.set(id, (learners.get(id) ?? 0) + 1);
  }
  return {
    name: kind,
    columns: [text('OneFile ID'), text('Name'), text('MIS ID'), { header: 'Learners', type: 'number' }],
    rows: [...places]
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
      .map((p) => [String(p.id), p.name, p.misid ?? '', learners.get(String(p.id)) ?? 0]),
  };
}

/** One row per unit, under its standard; a standard without units has a row of its own. */
export function standardsSheet(directory: Directory): SheetSpec {
  const rows: CellValue[][] = [];
  for (const standard of [...directory.standards].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'))) {
    const units = directory.units.filter((u) => u.standardId === standard.id);
    const head = [String(standard.id), standard.title, standard.reference ?? ''];
    if (units.length === 0) rows.push([...head, '', '']);
    for (const unit of units) rows.push([...head, unit.id, unit.title]);
  }
  return {
    name: 'Standards',
    columns: [text('Standard ID'), text('Standard'), text('Code'), text('Unit ID'), text('Unit')],
    rows,
  };
}

export function templatesSheet(directory: Directory): SheetSpec {
  const titles = new Map(directory.standards.map((s) => [s.id, s.title]));
  return {
    name: 'Framework templates',
    columns: [text('OneFile ID'), text('Name'), text('Standards')],
    rows: [...directory.templates]
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
      .map((t) => [String(t.id), t.name, t.standardIds === null ? '' : t.standardIds.map((id) => titles.get(id) ?? `standard ${id}`).join('; ')]),
  };
}

/** Every sheet of the export, Learners first (the importer reads the first sheet). */
export function exportSheets(directory: Directory, labels: RecordLabels, content: ExportContent): SheetSpec[] {
  return [
    learnersSheet(directory, labels, content),
    staffSheet(directory, content),
    placesSheet(directory, 'Classes'),
    placesSheet(directory, 'Placements'),
    standardsSheet(directory),
    templatesSheet(directory),
  ];
}

