import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import type { ProbeView } from '../../shared/contract-types';
import { createOneFileClient, type ApiKnowledge } from '../onefile';
import { probeCallRecorder, probeOneFile, type ProbeReport } from '../onefile/probe';
import { learnedByImports, learnedNotProbed, saveProbeFindings } from '../import';
import { environmentOption } from './environment-options';
import { engineConnection, networkFor, type ServiceContext } from './service-context';

/**
 * "Check this OneFile" on the Connect screen: the probe (the same as `onefile-import
 * probe`) on a fresh client of the connected environment, so it measures rather than
 * repeats what is known, through the same rate limit. Its findings are saved for the
 * environment and handed to the open connection.
 */

type ProbeHandlers = Pick<ServiceHandlers, 'probeOneFile'>;

export const NOT_CHECKED =
  'Whose ID goes in POST User/{id}/Assign (the guides disagree) cannot be checked without a write: it stays staff-in-path unless you set it for this environment.';

export function probeView(report: ProbeReport, environmentLabel: string, learned: ApiKnowledge = {}): ProbeView {
  return {
    environmentLabel,
    organisation: report.organisation ?? null,
    probedAt: report.probedAt,
    calls: report.calls,
    writes: 0,
    completed: report.completed,
    findings: report.findings.map(({ check, title, found, status, action }) => ({ check, title, found, status, action })),
    notChecked: NOT_CHECKED,
    learned: learnedByImports(learned),
  };
}

export function createProbeHandlers(context: ServiceContext): ProbeHandlers {
  return {
    async probeOneFile() {
      const connection = context.connection;
      if (!connection) throw new AppError('not-connected', 'Connect to OneFile first, then check it.');
      const engine = await engineConnection(context);
      const recorder = probeCallRecorder();
      const client = createOneFileClient({
        network: engine.environment.builtInSandbox ? { env: {} } : await networkFor(context, engine.environment.baseUrl),
        baseUrl: engine.environment.baseUrl,
        customerToken: engine.customerToken,
        budgetPerMinute: context.options.budgetPerMinute,
        windowMs: context.options.windowMs,
        onCall: recorder.onCall,
      });
      let report: ProbeReport;
      try {
        report = await probeOneFile(client, recorder, { organisationId: connection.organisation?.id, now: context.now });
      } finally {
        await client.close();
      }
      let learned: ApiKnowledge = {};
      if (report.completed) {
        const key = engine.environment.builtInSandbox ? 'sandbox' : engine.environment.baseUrl;
        const saved = saveProbeFindings(context.options.dataDir, key, report);
        engine.adoptFindings(saved);
        learned = learnedNotProbed(saved, report);
      }
      return probeView(report, environmentOption(connection.environment).label, learned);
    },
  };
}
