import * as path from 'node:path';
import { roleLabelOf } from '../../../shared/fields';
import type { Table } from '../../../shared/table';
import type { Directory } from '../directory/types';
import { describeRecordsGiven } from '../plan/describe';
import { KEY_LABEL } from '../plan/match-learner';
import { type ImportPlan, type RowPlan, type RowProblem } from '../plan/types';
import { ensurePrivateFolder } from '../../private-files';
import { writeReportCsv } from './csv';
import { identityColumns, ONEFILE_ID_COLUMN, type ReportMapping, type ReportRow, type ReportSheet } from './report';
import { writeReportXlsx } from './xlsx';

/**
 * The plan as a workbook: every row of the file with what the import will do to it,
 * before anything is sent. A person looks it over, or sends it to whoever signs an
 * import off, in Excel: the dry run's answer to "what will this do to OneFile?", row by
 * row, where the screen and the terminal show only the first rows.
 */

/** What the plan will do with a row, in the words of the results report where they are the same thing to come. */
const PLANNED_ACTION: Record<RowPlan['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  joined: 'with an earlier row',
  blocked: 'not imported: an error',
  skipped: 'skipped: an error',
};

export const PLAN_HEADERS = ['Row', 'Name', 'Role', 'Action', ONEFILE_ID_COLUMN, 'Found in OneFile by', 'What the import does', 'Problems'] as const;

/** Where the plan goes and when it was made, for the sheet that says what the rows are. */
export interface PlanAbout {
  /** The file planned, as the user named it. */
  file: string;
  /** The OneFile as the face names it ("sandbox", "Sandbox", a custom address's host). */
  environment: string;
  organisation: { id: number; name: string };
  plannedAt: Date;
}

export interface PlanSheetSource {
  plan: ImportPlan;
  table: Table;
  mapping?: ReportMapping;
  about: PlanAbout;
  /** The directory the plan was made on: names the assessor, class and placement a new user is given. */
  directory?: Directory;
}

function actionOf(row: RowPlan): string {
  if (row.action === 'update' && row.link) return 'link (MIS ID set)';
  if (row.action === 'joined' && row.joinedTo !== undefined) return `with row ${row.joinedTo}`;
  return PLANNED_ACTION[row.action];
}

function whatItDoes(row: RowPlan, source: PlanSheetSource, placeNames: Record<string, string>): string {
  if (row.action === 'blocked' || row.action === 'skipped') return 'nothing: see Problems';
  if (row.action === 'unchanged') return 'nothing: OneFile has it as the file says';
  if (row.action === 'joined') return `nothing of its own: row ${row.joinedTo ?? '?'} imports this person with this row's standards and units`;
  return row.operations
    .map((operation) => {
      if (operation.kind !== 'create-user' || !source.directory) return operation.description;
      const given = describeRecordsGiven(operation.fields, source.directory, operation.placesToCreate, placeNames);
      return given ? `${operation.description} (${given})` : operation.description;
    })
    .join('; ');
}

function problemText(problem: RowProblem): string {
  const where = problem.header ? `${problem.header}${problem.value ? ` "${problem.value}"` : ''}: ` : '';
  return `${problem.severity === 'error' ? 'Error' : 'Warning'}: ${where}${problem.message}`;
}

/** Errors first, then warnings, one a line. */
function problemsOf(row: RowPlan): string {
  const ordered = [...row.problems.filter((p) => p.severity === 'error'), ...row.problems.filter((p) => p.severity !== 'error')];
  return ordered.map(problemText).join('\n');
}

function aboutText(source: PlanSheetSource): string {
  const { plan, about } = source;
  const s = plan.summary;
  const counts = [
    `create ${s.create}`,
    `update ${s.update}`,
    ...(s.link ? [`link ${s.link}`] : []),
    `unchanged ${s.unchanged}`,
    ...(s.joined ? [`with an earlier row ${s.joined}`] : []),
    `not imported ${s.blocked}`,
    `skipped ${s.skipped}`,
  ];
  const a = s.assignments;
  return [
    `The plan of an import of ${about.file} into OneFile ${about.environment}, organisation ${about.organisation.id} "${about.organisation.name}", made ${about.plannedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    'Nothing had been sent to OneFile when it was made: it is what an import would do with OneFile as it was then read.',
    `${s.rows} rows: ${counts.join(', ')}.`,
    `Assignments: ${a.templates} framework templates, ${a.standards} standards, ${a.units} units, ${a.staff} staff assignments.`,
    `OneFile calls to import: ${s.calls.reads + s.calls.writes} (${s.calls.writes} writes), at ${s.budgetPerMinute} a minute.`,
  ].join(' ');
}

/** Every row of the plan, in the file's order, with the MIS ID, ULN and email the file gave it. */
export function buildPlanSheet(source: PlanSheetSource): ReportSheet {
  const { plan, table } = source;
  const identity = identityColumns(source.mapping);
  const headers = [PLAN_HEADERS[0], PLAN_HEADERS[1], ...identity.map((i) => i.header), ...PLAN_HEADERS.slice(2)];
  const problemsColumn = headers.length - 1;
  const placeNames = Object.fromEntries((plan.creations ?? []).map((creation) => [creation.id, creation.name]));
  const rows: ReportRow[] = [...plan.rows]
    .sort((a, b) => a.index - b.index)
    .map((row) => {
      const tableRow = table.rows[row.index];
      return {
        cells: [
          String(row.row),
          row.name,
          ...identity.map((i) => tableRow?.cells[i.column] ?? ''),
          roleLabelOf(row.role) ?? String(row.role),
          actionOf(row),
          row.matched ? String(row.matched.userId) : '',
          row.matched ? (row.matched.by === 'OneFileID' ? 'OneFile ID' : KEY_LABEL[row.matched.by]) : '',
          whatItDoes(row, source, placeNames),
          problemsOf(row),
        ],
        highlight: row.action === 'blocked' || row.action === 'skipped' ? [problemsColumn] : undefined,
      };
    });
  return { name: 'Plan', headers, rows, numberColumns: [0], note: aboutText(source) };
}

export interface PlanReportFiles {
  xlsx: string;
  csv: string;
}

/**
 * Writes `<baseName>-plan.xlsx` and `.csv` into `dir`: the importer's own folder is made
 * private (the plan names learners); a folder the user chose (`chosen`) is created
 * private when missing and otherwise left as it is.
 */
export async function writePlanReport(dir: string, baseName: string, source: PlanSheetSource, chosen = false): Promise<PlanReportFiles> {
  ensurePrivateFolder(dir, { tighten: !chosen });
  const sheet = buildPlanSheet(source);
  const files = { xlsx: path.join(dir, `${baseName}-plan.xlsx`), csv: path.join(dir, `${baseName}-plan.csv`) };
  await writeReportXlsx(files.xlsx, sheet);
  writeReportCsv(files.csv, sheet);
  return files;
}
