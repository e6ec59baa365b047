import { addSheet, newWorkbook, saveWorkbook, type CellValue, type SheetSpec } from '../export/sheets';
import type { FieldValue, UndoPlan } from './undo-plan';

/**
 * The undo report (`undo.xlsx` in the undo run's reports): what the undo puts back,
 * archives, leaves as it is (and why), and what the centre must remove in OneFile
 * itself, with the IDs to find it by. The run's own results and errors reports say,
 * row by row, which of its writes OneFile took.
 */

const text = (header: string) => ({ header, type: 'text' as const });
const value = (v: FieldValue): CellValue => (v === null ? '' : String(v));

export function undoReportSheets(plan: UndoPlan): SheetSpec[] {
  return [
    {
      name: 'Put back',
      columns: ['OneFile ID', 'Name', 'Row', 'Field', 'Put back to', 'The run had set'].map(text),
      rows: plan.restore.flatMap((user) => user.fields.map((f) => [String(user.userId), user.name, String(user.row), f.label, value(f.before), value(f.runSet)])),
    },
    {
      name: 'Archived',
      columns: ['OneFile ID', 'Name', 'Row'].map(text),
      rows: plan.archive.map((user) => [String(user.userId), user.name, String(user.row)]),
    },
    {
      name: 'Left as they are',
      columns: ['OneFile ID', 'Name', 'Row', 'Field', 'Before the run', 'The run set', 'Now in OneFile', 'Why'].map(text),
      rows: plan.left.map((entry) => [
        entry.userId ? String(entry.userId) : '',
        entry.name,
        String(entry.row),
        entry.field?.label ?? '',
        entry.field ? value(entry.field.before) : '',
        entry.field ? value(entry.field.runSet) : '',
        entry.field ? value(entry.field.now) : '',
        entry.reason,
      ]),
    },
    {
      name: 'Remove in OneFile',
      columns: ['Learner OneFile ID', 'Learner', 'Row', 'What', 'OneFile IDs', 'Learner archived by the undo'].map(text),
      rows: plan.remove.map((entry) => [
        entry.learnerId === null ? '' : String(entry.learnerId),
        entry.learnerName,
        entry.row ? String(entry.row) : '',
        entry.what,
        entry.ids,
        entry.learnerArchived ? 'yes' : 'no',
      ]),
    },
  ];
}

export async function writeUndoReport(file: string, plan: UndoPlan): Promise<void> {
  const workbook = newWorkbook();
  for (const sheet of undoReportSheets(plan)) addSheet(workbook, sheet);
  await saveWorkbook(workbook, file);
}
