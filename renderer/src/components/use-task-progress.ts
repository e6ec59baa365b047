import { useEffect, useState } from 'react';
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
