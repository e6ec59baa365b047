import '@mantine/core/styles.css';
import '@mantine/dropzone/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Alert, Center, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { getBridge, type Bridge } from './bridge';
import { BridgeProvider } from './use-bridge';
import { App } from './app';
import { theme } from './theme';

/** Connects to the session (IPC or loopback HTTP) before showing anything that needs it. */
function Root() {
  const [bridge, setBridge] = useState<Bridge | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    getBridge().then(setBridge, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, []);
  if (failure) {
    return (
      <Center h="100vh" p="xl">
        <Alert color="red" title="The window cannot reach the importer" maw={560}>
          <Stack gap="xs">
            <Text size="sm">{failure}</Text>
            <Text size="sm" c="dimmed">
              In a terminal, run <code>npm run browser</code> (or <code>onefile-import ui</code>) and open the link it prints.
            </Text>
          </Stack>
        </Alert>
      </Center>
    );
  }
  if (!bridge) {
    return (
      <Center h="100vh">
        <Loader aria-label="Connecting to the importer" />
      </Center>
    );
  }
  return (
    <BridgeProvider bridge={bridge}>
      <App />
    </BridgeProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      {/* Bottom right: never over the header's History link, the stepper or a screen's heading and buttons. */}
      <Notifications position="bottom-right" limit={4} />
      <Root />
    </MantineProvider>
  </StrictMode>,
);
