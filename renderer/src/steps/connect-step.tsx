import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ConnectionView, EnvironmentId, EnvironmentOption } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { plural } from '../format';
import { ForgetOrganisationData } from '../components/forget-organisation';
import { CheckOneFile } from '../components/check-onefile';
import { OneFileWorkbooks } from '../components/onefile-workbooks';

function EnvironmentCard({ option, checked }: { option: EnvironmentOption; checked: boolean }) {
  return (
    <Radio.Card value={option.id} radius="md" p="sm" withBorder style={option.live && checked ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={3} color={option.live ? 'red' : undefined} />
        <div>
          <Group gap={6}>
            <Text fw={600}>{option.label}</Text>
            {option.live && (
              <Badge color="red" size="sm" variant="filled">
                Live data
              </Badge>
            )}
            {option.id === 'sandbox' && (
              <Badge color="teal" size="sm" variant="light">
                No token needed
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {option.description}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}

/** The card for the environment chosen: its address (custom), the token and whether to remember it, Connect. */
function ConnectCard({ environment, option }: { environment: EnvironmentId; option: EnvironmentOption | undefined }) {
  const { client } = useBridge();
  const { state, refresh } = useSession();
  const [customBaseUrl, setCustomBaseUrl] = useState(state?.preferredCustomBaseUrl ?? '');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const connect = useAction(async () => {
    await client.connect({
      environment,
      customBaseUrl: environment === 'custom' ? customBaseUrl : undefined,
      customerToken: token.trim() === '' ? undefined : token,
      rememberToken: remember,
    });
    setToken('');
    await refresh();
  });
  const forget = useAction(async (id: EnvironmentId) => {
    await client.forgetToken({ environment: id });
    await refresh();
  });
  if (!state) return null;
  const remembered = state.rememberedTokens.includes(environment);
  const connectedHere = state.connection?.environment === environment;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {option?.id === 'sandbox' ? 'Try the built-in sandbox' : `Connect to ${option?.label ?? ''}`}
        </Title>
        {option?.id === 'sandbox' && (
          <Text size="sm" c="dimmed">
            A OneFile that runs inside this app, with example learners, classes and placements. Everything works as with the real thing,
            nothing leaves your computer.
          </Text>
        )}
        {environment === 'custom' && (
          <TextInput
            label="OneFile API address"
            description="https://…/api/v2.1/ (plain http only for this computer)"
            placeholder="https://wsapi.example.org/api/v2.1/"
            value={customBaseUrl}
            onChange={(e) => setCustomBaseUrl(e.currentTarget.value)}
          />
        )}
        {option?.needsToken && (
          <>
            <PasswordInput
              label="Customer token"
              description={
                remembered
                  ? 'A token is remembered for this environment; leave this empty to use it.'
                  : 'From OneFile: Admin > API. It is kept in the app, never shown again.'
              }
              placeholder={remembered ? 'Remembered' : 'Paste the customer token'}
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              autoComplete="off"
            />
            <Checkbox
              label="Remember the token on this computer"
              description={state.tokenStorage.message}
              checked={remember}
              onChange={(e) => setRemember(e.currentTarget.checked)}
            />
            {remembered && (
              <Anchor component="button" type="button" size="sm" onClick={() => forget.run(environment)}>
                Forget the remembered token
              </Anchor>
            )}
          </>
        )}
        {option?.live && (
          <Alert color="red" variant="light" title="Live: your real learners">
            Imports here change your centre's real OneFile. Try the file in the sandbox or Practice first.
          </Alert>
        )}
        {(connect.error ?? forget.error) && (
          <Alert color="red" title="Could not connect">
            {connect.error ?? forget.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={() => connect.run()} loading={connect.busy} color={option?.live ? 'red' : undefined}>
            {connectedHere ? 'Reconnect' : 'Connect'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The connected customer's organisations: the one to import into, and what can be done about it (check this OneFile, forget its data). */
function OrganisationCard({ connection, onDone }: { connection: ConnectionView; onDone(): void }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  useEffect(() => {
    if (connection.organisation) setOrganisationId(String(connection.organisation.id));
    else if (connection.organisations.length === 1) setOrganisationId(String(connection.organisations[0].id));
  }, [connection]);
  const choose = useAction(async () => {
    if (!organisationId) return;
    await client.chooseOrganisation({ organisationId: Number(organisationId) });
    await refresh();
    onDone();
  });
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {connection.customer.name}
          </Title>
          <Badge color={connection.live ? 'red' : 'teal'} variant={connection.live ? 'filled' : 'light'}>
            Connected · {connection.environmentLabel}
          </Badge>
        </Group>
        {connection.organisations.length === 0 ? (
          <Alert color="yellow" title="No organisations">
            This customer has no organisations the token can see. Check the token with your OneFile administrator.
          </Alert>
        ) : (
          <Radio.Group label="Organisation to import into" value={organisationId} onChange={setOrganisationId}>
            <Stack gap={6} mt={6}>
              {connection.organisations.map((org) => (
                <Radio key={org.id} value={String(org.id)} label={`${org.name} (${org.id})`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {choose.error && (
          <Alert color="red" title="Could not choose the organisation">
            {choose.error}
          </Alert>
        )}
        <Group justify="space-between">
          <Stack gap={4} align="flex-start">
            <CheckOneFile />
            <OneFileWorkbooks organisationId={organisationId ? Number(organisationId) : null} />
            <ForgetOrganisationData organisationId={organisationId ? Number(organisationId) : null} />
          </Stack>
          <Button onClick={() => choose.run()} loading={choose.busy} disabled={!organisationId}>
            Continue
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Step 1: where to import (the sandbox on a first start), the token, then the organisation. */
export function ConnectStep({ onDone }: { onDone(): void }) {
  const { state } = useSession();
  const [environment, setEnvironment] = useState<EnvironmentId | null>(null);
  useEffect(() => {
    if (state && environment === null) setEnvironment(state.connection?.environment ?? state.preferredEnvironment);
  }, [state, environment]);
  if (!state || !environment) return null;
  const option = state.environments.find((e) => e.id === environment);
  // The newest unfinished run is offered above the steps; this says only of others.
  const others = state.unfinishedRuns - (state.unfinishedRun ? 1 : 0);

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="sm">
          <Title order={2} size="h3">
            Where do you want to import?
          </Title>
          {others > 0 && (
            <Alert color="yellow" title="An import did not finish">
              {plural(others, 'import')} stopped before the end. Connect, then open History to resume where it stopped; nothing will be created
              twice.
            </Alert>
          )}
          <Radio.Group value={environment} onChange={(value) => setEnvironment(value as EnvironmentId)} aria-label="OneFile environment">
            <Stack gap="xs">
              {state.environments.map((e) => (
                <EnvironmentCard key={e.id} option={e} checked={environment === e.id} />
              ))}
            </Stack>
          </Radio.Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="md">
          <ConnectCard key={environment} environment={environment} option={option} />
          {state.connection && <OrganisationCard connection={state.connection} onDone={onDone} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
