import { Badge, Button, Group, Text, Title } from '@mantine/core';
import type { AppStateView } from '../../../shared/contract-types';
import { useSession } from '../session-context';

/**
 * Where the import goes, always in sight: the environment and the organisation of the
 * connection, or of the run when the app is following one without a connection (a
 * run resumed after a restart), and Live unmistakable (a red filled badge and a red
 * line under the header).
 */

interface Where {
  environment: string;
  organisation: string | null;
  live: boolean;
  sandbox: boolean;
}

export function whereTo(state: AppStateView | null): Where | null {
  const connection = state?.connection;
  if (connection) {
    return { environment: connection.environmentLabel, organisation: connection.organisation?.name ?? null, live: connection.live, sandbox: connection.environment === 'sandbox' };
  }
  const run = state?.run;
  if (run) {
    const label = state?.environments.find((e) => e.id === run.environment)?.label ?? run.environment;
    return { environment: label, organisation: run.organisation.name, live: run.live, sandbox: run.environment === 'sandbox' };
  }
  return null;
}

export function AppHeader({ onHistory }: { onHistory(): void }) {
  const { state } = useSession();
  const where = whereTo(state);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
          OneFile Bulk Importer
        </Title>
        {state?.capabilities.face === 'browser' && (
          <Badge variant="light" color="gray" size="sm" visibleFrom="md">
            browser mode
          </Badge>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }} data-testid="where-to">
        {where ? (
          <>
            <Badge
              size="lg"
              variant={where.live ? 'filled' : 'light'}
              color={where.live ? 'red' : where.sandbox ? 'teal' : 'indigo'}
              aria-label={`Environment: ${where.environment}${where.live ? ', live data: your real learners' : ''}`}
              style={{ flexShrink: 0 }}
            >
              {where.live ? 'LIVE · real learners' : where.environment}
            </Badge>
            <Text size="sm" fw={where.live ? 700 : 500} c={where.live ? 'red' : undefined} truncate maw={300} aria-label="Organisation">
              {where.organisation ?? 'No organisation chosen'}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Not connected
          </Text>
        )}
        <Button variant="subtle" size="compact-sm" onClick={onHistory}>
          History
        </Button>
      </Group>
    </Group>
  );
}
