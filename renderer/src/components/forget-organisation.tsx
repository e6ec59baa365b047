import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OrganisationDataView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';

/**
 * "Forget this organisation's data": asks the app what this computer keeps about the
 * organisation (cached directory, runs, uploaded files), shows it, and deletes it only
 * once the user confirms. OneFile itself is not changed.
 */
export function ForgetOrganisationData({ organisationId }: { organisationId: number | null }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const [preview, setPreview] = useState<OrganisationDataView | null>(null);
  const look = useAction(async () => {
    if (organisationId === null) return;
    setPreview(await client.forgetOrganisationData({ organisationId, confirm: false }));
  });
  const forget = useAction(async (id: number) => {
    const done = await client.forgetOrganisationData({ organisationId: id, confirm: true });
    setPreview(null);
    notifications.show({
      color: 'teal',
      title: `${done.organisation.name}: its data is forgotten`,
      message: `Deleted from this computer: ${done.description}.`,
    });
    await refresh();
  });
  const close = () => {
    setPreview(null);
    forget.clearError();
  };
  const nothing = preview !== null && preview.runs + preview.cachedFiles + preview.uploads === 0;

  return (
    <>
      <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => look.run()} disabled={organisationId === null || look.busy}>
        Forget this organisation's data…
      </Anchor>
      {look.error && (
        <Alert color="red" title="Could not look up the organisation's data">
          {look.error}
        </Alert>
      )}
      <Modal opened={preview !== null} onClose={close} title="Forget this organisation's data?" centered>
        {preview && (
          <Stack gap="sm">
            <Text size="sm">
              {nothing
                ? `This computer keeps nothing about ${preview.organisation.name} (${preview.organisation.id}) in ${preview.environmentLabel}.`
                : `This computer keeps, about ${preview.organisation.name} (${preview.organisation.id}) in ${preview.environmentLabel}: ${preview.description}.`}
            </Text>
            {!nothing && (
              <Text size="sm" c="dimmed">
                They hold learners' names, emails and ULNs. Deleting them cannot be undone: History no longer lists those runs and they
                cannot be resumed. OneFile itself is not changed; the learners imported stay there.
              </Text>
            )}
            {forget.error && (
              <Alert color="red" title="Nothing was deleted">
                {forget.error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {nothing ? 'Close' : 'Keep them'}
              </Button>
              {!nothing && (
                <Button color="red" onClick={() => forget.run(preview.organisation.id)} loading={forget.busy}>
                  Forget the data
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
