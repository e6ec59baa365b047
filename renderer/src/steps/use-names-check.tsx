import type { CountsView } from '../../../shared/contract-types';
import { TaskEndAlert, TaskProgressBar } from '../components/task-progress-bar';
import { useStopWhenLeft, useTaskProgress, useTaskStop } from '../components/use-task-progress';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';

/**
 * Review's check of the file's names against OneFile (the organisation's directory read):
 * how far it has read, with Stop; where OneFile stops answering, it waits and tries again
 * by itself, as a plan does, and says so (see OneFileSilent). Asked for again while it
 * reads, the later check is the one shown; left while it waits for a silent OneFile (Back,
 * Continue to plan), it is stopped, rather than left waiting in the background.
 */
export function useNamesCheck(afterCheck: (counts: CountsView) => Promise<void>) {
  const { client } = useBridge();
  const { state } = useSession();
  const stopping = useTaskStop('names');
  const check = useAction(
    async (refresh: boolean) => {
      stopping.begin();
      await afterCheck(await client.checkReferences({ refresh }));
    },
    { latestOnly: true },
  );
  const reading = check.busy || state?.directory.status === 'loading';
  const progress = useTaskProgress('names', reading);
  // Left while it waits for a silent OneFile, stopped: the plan would wait behind it. Left while OneFile answers, it
  // reads on, and the plan takes the directory it read rather than reading it again.
  useStopWhenLeft('names', check.busy && progress?.unanswered !== undefined);
  const shown = (
    <>
      {reading && (
        <TaskProgressBar
          progress={progress}
          label="Reading the organisation from OneFile"
          waiting="Reading the organisation’s classes, placements, staff and programmes from OneFile…"
          testId="names-progress"
          onStop={check.busy ? stopping.stop : undefined}
          stopping={stopping.stopped}
        />
      )}
      {check.error && (
        <TaskEndAlert stopped={stopping.stopped} failedTitle="Names could not be checked against OneFile" testId="names-error">
          {check.error}
        </TaskEndAlert>
      )}
    </>
  );
  return { run: check.run, busy: check.busy, shown };
}
