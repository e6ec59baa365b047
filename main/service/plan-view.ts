import type { EnvironmentId, PlannedUpdateView, PlanView } from '../../shared/contract-types';
import { FIELD_KEYS, fieldDefinition, type FieldKey } from '../../shared/fields';
import type { ImportSettingsView } from '../../shared/import-settings';
import { planWarningGroups, type ImportPlan, type UpdateUserOperation, type ReferenceField } from '../import';
import { problemGroupParts } from '../../shared/problem-groups';
import { readableDate } from './cell-notes';

/** The engine's plan shaped for the Plan screen: the counts, calls that add up, the settings, and each update's changes. */

const BLOCKED_ROWS_SHOWN = 50;
const UPDATES_SHOWN = 100;

/** OneFile's ID fields an update may change, and the reference field whose names they are. */
const ID_FIELDS: Record<string, { label: string; field: ReferenceField }> = {
  DefaultAssessorID: { label: 'Assessor', field: 'Assessor' },
  ClassroomID: { label: 'Class', field: 'Classroom' },
  PlacementID: { label: 'Placement', field: 'Placement' },
  DefaultEmployerID: { label: 'Employer', field: 'Employer' },
};

export interface PlanViewContext {
  organisation: { id: number; name: string };
  environment: EnvironmentId;
  live: boolean;
  skipInvalid: boolean;
  settings: ImportSettingsView;
  /** The directory's name for a record (a class's ID → its name). */
  nameOf?: (field: ReferenceField, id: string) => string | undefined;
  /** The run's time, when the app can estimate it better than the plan (from its limiter). */
  etaMs?: number;
}

function shown(field: string, value: string | number | boolean | null | undefined, context: PlanViewContext): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  const text = String(value);
  const id = ID_FIELDS[field];
  if (id) return context.nameOf?.(id.field, text) ?? `#${text}`;
  return readableDate(text) ?? text;
}

function labelOf(field: string): string {
  if (ID_FIELDS[field]) return ID_FIELDS[field].label;
  return (FIELD_KEYS as readonly string[]).includes(field) ? fieldDefinition(field as FieldKey).label : field;
}

/** Each updated learner's changes, old → new, in row order. */
export function plannedUpdates(plan: ImportPlan, context: PlanViewContext): PlannedUpdateView[] {
  const updates: PlannedUpdateView[] = [];
  for (const row of plan.rows) {
    if (updates.length >= UPDATES_SHOWN) break;
    const update = row.operations.find((op): op is UpdateUserOperation => op.kind === 'update-user');
    if (!update) continue;
    updates.push({
      row: row.row,
      name: row.name,
      changes: Object.entries(update.changes).map(([field, to]) => ({
        field,
        label: labelOf(field),
        from: shown(field, update.before[field], context),
        to: shown(field, to, context),
      })),
    });
  }
  return updates;
}

/** Warning groups the plan screen lists before "and N more". */
const WARNINGS_SHOWN = 20;

function warningsView(plan: ImportPlan): Pick<PlanView, 'warnings' | 'moreWarnings'> {
  const groups = planWarningGroups(plan);
  return { warnings: groups.slice(0, WARNINGS_SHOWN).map(problemGroupParts), moreWarnings: Math.max(0, groups.length - WARNINGS_SHOWN) };
}

export function planView(plan: ImportPlan, context: PlanViewContext): PlanView {
  const { summary } = plan;
  const notImported = plan.rows.filter((row) => row.action === 'blocked' || row.action === 'skipped');
  const planning = summary.calls.planning ?? 0;
  return {
    organisation: context.organisation,
    environment: context.environment,
    live: context.live,
    skipInvalid: context.skipInvalid,
    rows: summary.rows,
    create: summary.create,
    update: summary.update,
    ...(summary.link ? { link: summary.link } : {}),
    ...(summary.creations?.length ? { creations: summary.creations } : {}),
    unchanged: summary.unchanged,
    ...(summary.joined ? { joined: summary.joined } : {}),
    blocked: summary.blocked,
    skipped: summary.skipped,
    assignments: summary.assignments,
    calls: {
      directory: summary.calls.directory,
      planning,
      reads: summary.calls.reads,
      writes: summary.calls.writes,
      total: summary.calls.directory + planning + summary.calls.reads + summary.calls.writes,
    },
    etaMs: context.etaMs ?? summary.etaMs,
    // What the run will send: fewer than the setting where OneFile was seen to admit fewer (the plan note says why).
    budgetPerMinute: summary.budgetPerMinute,
    blockedRows: notImported.slice(0, BLOCKED_ROWS_SHOWN).map((row) => ({
      row: row.row,
      name: row.name,
      reason: row.problems.find((p) => p.severity === 'error')?.message ?? 'The row has an error.',
    })),
    ...warningsView(plan),
    needsSkipInvalid: summary.blocked > 0,
    notes: summary.notes ?? [],
    settings: context.settings,
    updates: plannedUpdates(plan, context),
  };
}
