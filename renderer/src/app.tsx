import { useEffect, useRef } from 'react';
import { Alert, AppShell, Container, Stepper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { SessionProvider, useSession } from './session-context';
import { STEPS, furthestReachable, stepDone, stepLabel, type StepId } from './steps';
import { ConnectStep } from './steps/connect-step';
import { LoadStep } from './steps/load-step';
import { MapStep } from './steps/map-step';
import { ReviewStep } from './steps/review-step';
import { PlanStep } from './steps/plan-step';
import { ImportStep } from './steps/import-step';
import { ResultsStep } from './steps/results-step';
import { ErrorBoundary } from './components/error-boundary';
import { WindowDrop } from './components/file-drop';
import { AppHeader } from './components/app-header';
import { UnfinishedRun } from './components/unfinished-run';
import { useBridge } from './use-bridge';
import { useEditHistory } from './components/use-edit-history';
import { useReviewListing } from './components/listed-rows';
import { useLeaveGuard, useStepNavigation } from './use-step-navigation';
import { errorMessage } from './format';

export function App() {
  return (
    <SessionProvider>
      <Wizard />
    </SessionProvider>
  );
}

/**
 * The run is the app's state, not the page's: when the window opens (or is reloaded)
 * while a run is active it goes to the run's progress; a step the session cannot show
 * yet (the address names Review but no file is open) becomes the furthest it can.
 */
function useStartingStep(go: (next: StepId, options?: { replace?: boolean }) => void, step: StepId) {
  const { state } = useSession();
  const settled = useRef(false);
  useEffect(() => {
    if (!state || settled.current) return;
    settled.current = true;
    if (state.run?.active) go('import', { replace: true });
    else if (STEPS.indexOf(step) > furthestReachable(state) && step !== 'results') go(STEPS[furthestReachable(state)], { replace: true });
  }, [state, step, go]);
}

/**
 * A file opened from outside the view (the File menu, a double-clicked .xlsx) while the
 * user is still on Connect goes straight to mapping. On Load the user stays, whether
 * the file was read again (another sheet, header row, encoding, ILR learners) or
 * another was dropped: that screen is where a file is checked.
 */
function useFileOpenedElsewhere(step: StepId, go: (next: StepId) => void) {
  const { state } = useSession();
  const fileVersion = state?.file?.version;
  const seenVersion = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (fileVersion === undefined) return;
    const previous = seenVersion.current;
    seenVersion.current = fileVersion;
    if (previous !== undefined && previous !== fileVersion && step === 'connect' && state?.connection?.organisation) go('map');
  }, [fileVersion, step, state?.connection?.organisation, go]);
}

function Wizard() {
  const { uploadFile, face, client } = useBridge();
  const { state, connected, refresh } = useSession();
  // Review's changes to the cells, to take back after a look at another step.
  const editHistory = useEditHistory(client, state?.file?.version);
  // Review's filters and sort, kept over a look at another step.
  const reviewListing = useReviewListing(state?.file?.version);
  const { step, go } = useStepNavigation();
  const reachable = furthestReachable(state);
  // Running, stopping or paused: main says so by shared/run-states.ts's rule.
  const runActive = state?.run?.active === true;
  useStartingStep(go, step);
  useFileOpenedElsewhere(step, go);
  useLeaveGuard(runActive && face === 'browser');

  const dropAnywhere = async (file: File) => {
    try {
      await uploadFile(file);
      await refresh();
      go('load');
    } catch (error) {
      notifications.show({ color: 'red', title: `${file.name} could not be loaded`, message: errorMessage(error), autoClose: false });
    }
  };
  // "Import another file" on Results: the file the run imported is put away, so Load starts empty and Map, Review
  // and Plan are not its any more. A file opened since (not this run's: still being reviewed) is kept as it is.
  const importAnotherFile = async () => {
    const file = state?.file;
    try {
      if (file && state?.run && state.run.fileVersion === file.version) await client.closeFile();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The file imported could not be put away', message: errorMessage(error), autoClose: false });
    }
    await refresh();
    go(state?.connection?.organisation ? 'load' : 'connect');
  };
  const index = STEPS.indexOf(step);
  const live = state?.connection?.live === true || (state?.run?.live === true && runActive);
  // Map, Review and Plan are a file's: with none open (after "Import another file") they wait for the next one.
  const needsFile = (i: number) => !state?.file && ['map', 'review', 'plan'].includes(STEPS[i]);
  const selectable = (i: number) => (i <= Math.max(reachable, index) || STEPS[i] === 'results') && !needsFile(i);

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header style={live ? { borderBottom: '4px solid var(--mantine-color-red-6)' } : undefined}>
        <AppHeader onHistory={() => go('results')} />
      </AppShell.Header>
      <WindowDrop
        active={state?.connection?.organisation != null && !runActive}
        onFile={dropAnywhere}
        onReject={(message) => notifications.show({ color: 'red', title: 'The file could not be loaded', message, autoClose: false })}
      />
      <AppShell.Main>
        {/* Review's grid takes the whole window's width: a wide screen shows more of the file's columns. */}
        <Container size="xl" fluid={step === 'review'} px={0}>
          {!connected && (
            <Alert color="red" title="The importer stopped answering" mb="md">
              The window lost its connection to the importer. If you closed the terminal or the app stopped, start it again
              (<code>npm run browser</code>) and open the new link; an unfinished import can be resumed from History.
            </Alert>
          )}
          {step !== 'import' && <UnfinishedRun onResumed={() => go('import')} />}
          <Stepper active={index} onStepClick={(i) => selectable(i) && go(STEPS[i])} size="sm" mb="lg" wrap={false}>
            {STEPS.map((id, i) => {
              const { label, description } = stepLabel(id, state?.run?.kind);
              // A step passed without what it makes (History opened from Review) keeps its number, in grey, not a tick.
              const notDone = i < index && !stepDone(id, state) ? { completedIcon: <span className="step-not-done">{i + 1}</span>, color: 'gray.2' } : {};
              return <Stepper.Step key={id} label={label} description={description} allowStepSelect={selectable(i)} aria-label={`Step ${i + 1}: ${label}`} {...notDone} />;
            })}
          </Stepper>
          <ErrorBoundary key={step}>
            {step === 'connect' && <ConnectStep onDone={() => go('load')} />}
            {step === 'load' && <LoadStep onDone={() => go('map')} onBack={() => go('connect')} onShowImport={() => go('import')} />}
            {step === 'map' && <MapStep onDone={() => go('review')} onBack={() => go('load')} onShowImport={() => go('import')} />}
            {step === 'review' && <ReviewStep onDone={() => go('plan')} onBack={() => go('map')} onShowImport={() => go('import')} history={editHistory} listing={reviewListing} />}
            {step === 'plan' && <PlanStep onStarted={() => go('import')} onBack={() => go('review')} />}
            {step === 'import' && <ImportStep onFinished={() => go('results')} />}
            {step === 'results' && (
              <ResultsStep
                onResumed={() => go('import')}
                onNewFile={() => void importAnotherFile()}
                runActive={runActive}
                onShowRun={() => go('import')}
              />
            )}
          </ErrorBoundary>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
