import { Fragment, useEffect } from 'react';
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReportFormat, ReportKind, RunHistoryView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { downloadHandedOver } from '../format';

/**
 * A run's reports, had from the app: saved where the user chooses in the desktop app,
 * downloaded in browser mode. Results and errors for every run; for an undo, also its
 * undo report (what it put back, archived and left, and what the centre must remove in
 * OneFile), a workbook only.
 */
export function useExportReport() {
  const { client } = useBridge();
  return useAction(async (runId: string, kind: ReportKind, format: ReportFormat) => {
    const report = await client.exportReport({ runId, kind, format });
    downloadHandedOver(report);
    return report;
  });
}

/** The reports every run has, each as Excel and CSV; the errors can be opened in Excel too. */
const EVERY_RUN_REPORTS: ReadonlyArray<{ kind: 'results' | 'errors'; title: string; name: string; openLabel?: string }> = [
  { kind: 'results', title: 'Results (every row)', name: 'Results' },
  { kind: 'errors', title: 'Errors (rows to fix)', name: 'Errors', openLabel: 'Open errors in Excel' },
];

/** History's "Reports" menu for one run. */
export function ReportsMenu({ run }: { run: RunHistoryView }) {
  const exporter = useExportReport();
  const { client } = useBridge();
  const { state } = useSession();
  const open = useAction(async (kind: ReportKind) => client.openReport({ runId: run.runId, kind, format: 'xlsx' }));
  const openInApp = state?.capabilities.openInApp === true;
  // The menu closes on a click, so what went wrong is told beside the page, and stays until read.
  const failure = exporter.error ?? open.error;
  const failed = exporter.error !== null ? 'exported' : 'opened';
  const { clearError: clearExportError } = exporter;
  const { clearError: clearOpenError } = open;
  useEffect(() => {
    if (failure === null) return;
    notifications.show({ color: 'red', title: `The report of ${run.fileName} could not be ${failed}`, message: failure, autoClose: false });
    clearExportError();
    clearOpenError();
  }, [failure, failed, run.fileName, clearExportError, clearOpenError]);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-sm" variant="default" loading={exporter.busy}>
          Reports
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {run.kind === 'undo' && (
          <>
            <Menu.Label>Undo report (put back, archived, left, to remove in OneFile)</Menu.Label>
            <Menu.Item disabled={!run.reports.undo} onClick={() => exporter.run(run.runId, 'undo', 'xlsx')}>
              Undo report (.xlsx)
            </Menu.Item>
            {openInApp && (
              <Menu.Item disabled={!run.reports.undo} onClick={() => open.run('undo')}>
                Open undo report in Excel
              </Menu.Item>
            )}
          </>
        )}
        {EVERY_RUN_REPORTS.map(({ kind, title, name, openLabel }) => (
          <Fragment key={kind}>
            <Menu.Label>{title}</Menu.Label>
            <Menu.Item disabled={!run.reports[kind]} onClick={() => exporter.run(run.runId, kind, 'xlsx')}>
              {name} as Excel (.xlsx)
            </Menu.Item>
            <Menu.Item disabled={!run.reports[kind]} onClick={() => exporter.run(run.runId, kind, 'csv')}>
              {name} as CSV
            </Menu.Item>
            {openInApp && openLabel && (
              <Menu.Item disabled={!run.reports[kind]} onClick={() => open.run(kind)}>
                {openLabel}
              </Menu.Item>
            )}
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
