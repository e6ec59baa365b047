import { AppError } from '../../shared/app-error';
import { detectDateOrder } from '../../shared/dates';
import { fieldDefinition, type FieldKey } from '../../shared/fields';
import { rawCellOf } from '../../shared/mapped-rows';
import {
  type DateOrderChoice,
  type DateOrderEvidenceName,
  type DateOrderProofCell,
  type EnvironmentImportSettings,
  type ImportSettingsView,
} from '../../shared/import-settings';
import type { ParsedInput } from '../../shared/contract';
import { saveAssignPath } from '../import';
import { writeSettings } from './app-settings';
import { environmentSettings, findingsKey, settingsKey } from './environment-settings';
import type { ServiceContext } from './service-context';
import { setReadingChoices, type Workbook } from './workbook';

/**
 * The import settings the app offers (what `onefile-import import` takes as options):
 * the date order and the role of rows without one belong to the open file; matching,
 * staff assignments, the budget, rows in flight and the Assign path reading belong to
 * the environment and are remembered for it in app-settings.json (the Assign path with
 * the environment's findings, where the CLI keeps it too).
 */

/** The connected environment's settings; the defaults when not connected. */
export function connectedSettings(context: ServiceContext): EnvironmentImportSettings {
  const ref = context.connection ?? { environment: 'sandbox' as const, baseUrl: '', engineEnvironment: 'sandbox' };
  return environmentSettings(context.settings, context.options, context.options.dataDir, ref);
}

interface DetectedDateOrder {
  name: DateOrderEvidenceName;
  /** The first cell proving each order, column by column in file order. */
  proof: ImportSettingsView['dateOrderProof'];
}

/** What the open file's dates prove about their order, over every date column, and the first cell proving each. */
function detectedDateOrder(workbook: Workbook | null): DetectedDateOrder {
  const proof: DetectedDateOrder['proof'] = { dayFirst: null, monthFirst: null };
  if (!workbook) return { name: 'unknown', proof };
  const rows = workbook.validation.rows;
  const cellAt = (field: FieldKey, index: number): DateOrderProofCell => {
    const cell = rawCellOf(rows[index], field);
    return { text: cell?.value ?? '', row: rows[index].row, header: cell?.header ?? fieldDefinition(field).label };
  };
  for (const column of workbook.mapping.columns) {
    if (column.field === null || fieldDefinition(column.field).type !== 'date') continue;
    const field = column.field as FieldKey;
    const evidence = detectDateOrder(rows.map((row) => rawCellOf(row, field)?.value ?? ''));
    if (!proof.dayFirst && evidence.dayFirst.length > 0) proof.dayFirst = cellAt(field, evidence.dayFirst[0]);
    if (!proof.monthFirst && evidence.monthFirst.length > 0) proof.monthFirst = cellAt(field, evidence.monthFirst[0]);
  }
  const name = proof.dayFirst && proof.monthFirst ? 'mixed' : proof.monthFirst ? 'mdy' : proof.dayFirst ? 'dmy' : 'unknown';
  return { name, proof };
}

/** The order the file is read in: the user's choice, else month first only where the file proves it. */
function orderInUse(context: ServiceContext, detected: DateOrderEvidenceName): DateOrderChoice | undefined {
  return context.fileChoices.dateOrder ?? (detected === 'mdy' ? 'mdy' : undefined);
}

/**
 * Reads the open file with the date order and role in force. Called when a file is
 * opened or its mapping changes (a date column mapped may settle the order) and when
 * the user changes either.
 */
export function applyFileChoices(context: ServiceContext): void {
  const workbook = context.workbook;
  if (!workbook) return;
  setReadingChoices(workbook, { dateOrder: orderInUse(context, detectedDateOrder(workbook).name), defaultRole: context.fileChoices.defaultRole });
}

export function importSettingsView(context: ServiceContext): ImportSettingsView {
  const detected = detectedDateOrder(context.workbook);
  return {
    dateOrder: orderInUse(context, detected.name) ?? 'dmy',
    dateOrderDetected: detected.name,
    dateOrderProof: detected.proof,
    dateOrderChosen: context.fileChoices.dateOrder !== null,
    defaultRole: context.fileChoices.defaultRole,
    ...connectedSettings(context),
  };
}

type SettingsInput = ParsedInput<'setImportSettings'>;

/** Applies the environment's part to the open connection at once: the limiter's budget, the built-in sandbox's allowance, the Assign reading. */
function applyToConnection(context: ServiceContext, input: SettingsInput): void {
  const connection = context.connection!;
  const engine = connection.engine;
  if (input.budgetPerMinute !== undefined && engine) {
    engine.client.limiter.configure({ budget: input.budgetPerMinute });
    // The built-in sandbox plays a OneFile that allows what the user says theirs does (unless started to admit fewer).
    if (engine.sandbox && context.options.sandboxSwitches?.rateLimit === undefined) engine.sandbox.switches.rateLimit = input.budgetPerMinute;
  }
  if (input.assignPath !== undefined) {
    const findings = saveAssignPath(context.options.dataDir, findingsKey(connection), input.assignPath);
    engine?.adoptFindings(findings);
  }
}

/** Changes the settings; the caller marks the data changed (the plan is stale) and checks the names again after a role change. */
export async function changeImportSettings(context: ServiceContext, input: SettingsInput): Promise<ImportSettingsView> {
  if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Change how imports are made when it has finished.');
  const fileChange = input.dateOrder !== undefined || input.defaultRole !== undefined;
  if (input.dateOrder !== undefined) context.fileChoices.dateOrder = input.dateOrder === 'auto' ? null : input.dateOrder;
  if (input.defaultRole !== undefined) context.fileChoices.defaultRole = input.defaultRole;
  if (fileChange) {
    applyFileChoices(context);
    context.grid?.invalidate();
  }
  const { dateOrder: _order, defaultRole: _role, assignPath: _assign, ...remembered } = input;
  if (Object.keys(remembered).length > 0 || input.assignPath !== undefined) {
    const connection = context.connection;
    if (!connection) throw new AppError('not-connected', 'Connect to OneFile first: these settings are remembered for the environment you import into.');
    applyToConnection(context, input);
    if (Object.keys(remembered).length > 0) {
      const key = settingsKey(connection);
      const all = { ...context.settings.importSettings };
      all[key] = { ...all[key], ...remembered };
      context.settings = { ...context.settings, importSettings: all };
      await writeSettings(context.options.dataDir, context.settings);
    }
  }
  return importSettingsView(context);
}
