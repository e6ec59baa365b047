import * as path from 'node:path';
import { environmentLabel } from './run-output';
import { reportFolderProblem, writePlanReport, type PlanReportFiles, type PreparedImport } from '../import';

/**
 * A dry run's plan, every row, as a workbook (and a CSV) a person opens in Excel or
 * sends to whoever signs the import off: written to `--report-dir` when given, else
 * to the data folder's `plans` folder (private: it names learners).
 */
export async function writeDryRunPlan(
  session: Pick<PreparedImport, 'plan' | 'table' | 'mapping' | 'file' | 'environment' | 'organisation' | 'directory'>,
  where: { dataDir: string; reportDir?: string; now: Date },
): Promise<{ files?: PlanReportFiles; problem?: string }> {
  const dir = where.reportDir ?? path.join(where.dataDir, 'plans');
  const stem = path.parse(session.file.name).name.replace(/[^\w.-]+/g, '_');
  const stamp = where.now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  try {
    const files = await writePlanReport(
      dir,
      `${stem}-${stamp}`,
      {
        plan: session.plan,
        table: session.table,
        mapping: session.mapping,
        directory: session.directory,
        about: { file: session.file.name, environment: environmentLabel(session.environment), organisation: session.organisation, plannedAt: where.now },
      },
      where.reportDir !== undefined,
    );
    return { files };
  } catch (error) {
    return { problem: `The plan's workbook could not be written to ${dir}: ${reportFolderProblem(dir, error)}` };
  }
}
