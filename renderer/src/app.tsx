import { useEffect, useRef, useState } from 'react';
import { Alert, AppShell, Badge, Button, Container, Group, Stepper, Text, Title } from '@mantine/core';
import { SessionProvider, useSession } from './session-context';
import { STEPS, STEP_LABELS, furthestReachable, isRunActive, type StepId } from './steps';
import { ConnectStep } from './steps/connect-step';
import { LoadStep } from './steps/load-step';
import { MapStep } from './steps/map-step';
import { ReviewStep } from './steps/review-step';
import { PlanStep } from './steps/plan-step';
import { ImportStep } from './steps/import-step';
import { ResultsStep } from './steps/results-step';
import { ErrorBoundary } from './components/error-boundary';
import { WindowDrop } from './components/file-drop';
import { useBridge } from './use-bridge';
import { errorMessage } from './format';
import { notifications } from '@mantine/notifications';

export function App() {
  return (
    <SessionProvider>
      <Wizard />
    </SessionProvider>
  );
}

function Header({ onHistory }: { onHistory(): void }) {
  const { state } = useSession();
  const connection = state?.connection;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Title order={1} size="h4">
          OneFile Bulk Importer
        </Title>
        {state?.capabilities.face === 'browser' && (
          <Badge variant="light" color="gray" size="sm">
            browser mode
          </Badge>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        {connection && (
          <>
            <Badge
              size="lg"
              variant={connection.live ? 'filled' : 'light'}
              color={connection.live ? 'red' : connection.environment === 'sandbox' ? 'teal' : 'indigo'}
              aria-label={`Environment: ${connection.environmentLabel}${connection.live ? ', live data' : ''}`}
            >
              {connection.live ? 'LIVE' : connection.environmentLabel}
            </Badge>
            <Text size="sm" c="dimmed" visibleFrom="sm" maw={320} truncate>
              {connection.customer.name}
              {connection.organisation ? ` · ${connection.organisation.name}` : ''}
            </Text>
          </>
        )}
        <Button variant="subtle" size="compact-sm" onClick={onHistory}>
          History
        </Button>
      </Group>
    </Group>
  );
}

function Wizard() {
  const { uploadFile } = useBridge();
  const { state, connected, refresh } = useSession();
  const [step, setStep] = useState<StepId>('connect');
  const reachable = furthestReachable(state);
  const fileVersion = state?.file?.version;
  const fileName = state?.file?.name;
  const seenVersion = useRef<number | undefined>(undefined);
  const seenName = useRef<string | undefined>(undefined);

  // A file opened from outside the view (the File menu, a double-clicked .xlsx) goes straight to mapping;
  // the same file read again from the Load screen (another sheet, header row, encoding, ILR learners) stays there.
  useEffect(() => {
    if (fileVersion === undefined) return;
    const previous = seenVersion.current;
    const previousName = seenName.current;
    seenVersion.current = fileVersion;
    seenName.current = fileName;
    const rereadOnLoad = step === 'load' && previousName === fileName;
    if (previous !== undefined && previous !== fileVersion && !rereadOnLoad && (step === 'connect' || step === 'load')) {
      if (state?.connection?.organisation) setStep('map');
    }
  }, [fileVersion, step, state?.connection?.organisation]);

  const go = (next: StepId) => setStep(next);
  const dropAnywhere = async (file: File) => {
    try {
      await uploadFile(file);
      await refresh();
      go('load');
    } catch (error) {
      notifications.show({ color: 'red', title: `${file.name} could not be loaded`, message: errorMessage(error), autoClose: false });
    }
  };
  const index = STEPS.indexOf(step);
  const live = state?.connection?.live === true;

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header style={live ? { borderBottom: '3px solid var(--mantine-color-red-6)' } : undefined}>
        <Header onHistory={() => go('results')} />
      </AppShell.Header>
      <WindowDrop
        active={state?.connection?.organisation != null && !isRunActive(state)}
        onFile={dropAnywhere}
        onReject={(message) => notifications.show({ color: 'red', title: 'The file could not be loaded', message, autoClose: false })}
      />
      <AppShell.Main>
        <Container size="xl" px={0}>
          {!connected && (
            <Alert color="red" title="The importer stopped answering" mb="md">
              The window lost its connection to the importer. If you closed the terminal or the app stopped, start it again
              (<code>npm run browser</code>) and open the new link; an unfinished import can be resumed from History.
            </Alert>
          )}
          <Stepper
            active={index}
            onStepClick={(i) => {
              if (i <= Math.max(reachable, index) || STEPS[i] === 'results') go(STEPS[i]);
            }}
            size="sm"
            mb="lg"
            wrap={false}
          >
            {STEPS.map((id, i) => (
              <Stepper.Step
                key={id}
                label={STEP_LABELS[id].label}
                description={STEP_LABELS[id].description}
                allowStepSelect={i <= Math.max(reachable, index) || id === 'results'}
                aria-label={`Step ${i + 1}: ${STEP_LABELS[id].label}`}
              />
            ))}
          </Stepper>
          <ErrorBoundary key={step}>
            {step === 'connect' && <ConnectStep onDone={() => go('load')} />}
            {step === 'load' && <LoadStep onDone={() => go('map')} onBack={() => go('connect')} />}
            {step === 'map' && <MapStep onDone={() => go('review')} onBack={() => go('load')} />}
            {step === 'review' && <ReviewStep onDone={() => go('plan')} onBack={() => go('map')} />}
            {step === 'plan' && <PlanStep onStarted={() => go('import')} onBack={() => go('review')} />}
            {step === 'import' && <ImportStep onFinished={() => go('results')} />}
            {step === 'results' && (
              <ResultsStep
                onResumed={() => go('import')}
                onNewFile={() => go(state?.connection?.organisation ? 'load' : 'connect')}
                runActive={isRunActive(state)}
                onShowRun={() => go('import')}
              />
            )}
          </ErrorBoundary>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
