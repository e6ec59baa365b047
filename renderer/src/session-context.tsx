import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { notifications } from '@mantine/notifications';
import type { AppStateView, ProgressEvent, RunRowView, RunStateEvent } from '../../shared/contract-types';
import { useBridge } from './use-bridge';

/**
 * What every screen shares: the session's state (as main last described it), the
 * latest progress of each kind (progress is state: the view keeps only the newest),
 * and the recently changed rows of the run for the live list.
 */
export interface SessionValue {
  state: AppStateView | null;
  refresh(): Promise<AppStateView>;
  setState(state: AppStateView): void;
  runProgress: Extract<ProgressEvent, { kind: 'run' }> | null;
  /** Newest first, at most `RECENT_ROWS` (the view never holds the whole file). */
  recentRows: RunRowView[];
  lastRunState: RunStateEvent | null;
  /** Browser mode: false while the event stream to the app is down. */
  connected: boolean;
}

const RECENT_ROWS = 200;

const SessionContext = createContext<SessionValue | null>(null);

function mergeRows(previous: RunRowView[], changed: RunRowView[]): RunRowView[] {
  if (changed.length === 0) return previous;
  const seen = new Set(changed.map((row) => row.row));
  return [...[...changed].reverse(), ...previous.filter((row) => !seen.has(row.row))].slice(0, RECENT_ROWS);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { client, onConnectionChange } = useBridge();
  const [state, setLatestState] = useState<AppStateView | null>(null);
  // An older state arriving after a newer one (an event overtaken by an answer) is dropped.
  const setState = useCallback((next: AppStateView) => {
    setLatestState((current) => (current && current.instance === next.instance && current.revision > next.revision ? current : next));
  }, []);
  const [runProgress, setRunProgress] = useState<SessionValue['runProgress']>(null);
  const [recentRows, setRecentRows] = useState<RunRowView[]>([]);
  const [lastRunState, setLastRunState] = useState<RunStateEvent | null>(null);
  const [connected, setConnected] = useState(true);

  const refresh = useCallback(async () => {
    const next = await client.getState();
    setState(next);
    return next;
  }, [client, setState]);

  useEffect(() => {
    const stops = [
      client.on('state', setState),
      client.on('progress', (event) => {
        // A task reading OneFile (a workbook, an undo plan, a plan, Review's check of names): the screen that asked for it shows it (use-task-progress.ts).
        if (event.kind === 'task') return;
        setRunProgress((previous) => {
          if (previous && previous.runId !== event.runId) setRecentRows([]);
          return event;
        });
        setRecentRows((previous) => mergeRows(previous, event.rows));
      }),
      client.on('run-state', (event) => {
        setLastRunState(event);
        void refresh();
      }),
      client.on('notification', (event) => {
        notifications.show({
          title: event.title,
          message: event.message,
          color: { info: 'blue', success: 'teal', warning: 'yellow', error: 'red' }[event.level],
          autoClose: event.level === 'error' ? false : 6000,
        });
      }),
      onConnectionChange((isConnected) => {
        setConnected(isConnected);
        if (isConnected) void refresh();
      }),
    ];
    void refresh();
    return () => stops.forEach((stop) => stop());
  }, [client, onConnectionChange, refresh, setState]);

  const value = useMemo<SessionValue>(
    () => ({ state, refresh, setState, runProgress, recentRows, lastRunState, connected }),
    [state, refresh, setState, runProgress, recentRows, lastRunState, connected],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>.');
  return value;
}
