import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskProgressEvent } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';

/**
 * The latest progress of one task (an export, a template) while `active`: progress is
 * state, so the dialog that asked for the task keeps only the newest event and shows it.
 * Cleared when the task is not active.
 */
export function useTaskProgress(task: TaskProgressEvent['task'], active: boolean): TaskProgressEvent | null {
  const { client } = useBridge();
  const [latest, setLatest] = useState<TaskProgressEvent | null>(null);
  useEffect(() => {
    if (!active) {
      setLatest(null);
      return;
    }
    return client.on('progress', (event) => {
      if (event.kind === 'task' && event.task === task) setLatest(event);
    });
  }, [client, task, active]);
  return latest;
}

/**
 * Stop for a task that waits for a silent OneFile: `stop` asks the service to stop it, and
 * `stopped` says Stop was pressed, so the task's end reads as a stop, not a failure, until
 * the task is asked for again (`begin`).
 */
export function useTaskStop(task: TaskProgressEvent['task']) {
  const { client } = useBridge();
  const [stopped, setStopped] = useState(false);
  const stop = useCallback(() => {
    setStopped(true);
    void client.stopTask({ task });
  }, [client, task]);
  const begin = useCallback(() => setStopped(false), []);
  return { stopped, stop, begin };
}

/**
 * A task asked for by a screen, left while it is under way (Back, History, the next step): of no more use, it is
 * stopped, rather than left reading (or waiting for a silent OneFile, up to 30 minutes) in the background.
 */
export function useStopWhenLeft(task: TaskProgressEvent['task'], busy: boolean): void {
  const { client } = useBridge();
  const busyNow = useRef(false);
  busyNow.current = busy;
  useEffect(
    () => () => {
      if (busyNow.current) void client.stopTask({ task });
    },
    [client, task],
  );
}
