import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';

/**
 * Before anything is written to OneFile Live (an import, an undo): the organisation
 * named, what will be done, and a red button that says where.
 */
export function LiveConfirmation({
  title,
  organisation,
  confirmLabel,
  opened,
  onClose,
  onConfirm,
  busy,
  children,
}: {
  title: string;
  organisation: { id: number; name: string };
  confirmLabel: string;
  opened: boolean;
  onClose(): void;
  onConfirm(): void;
  busy: boolean;
  /** What it will do, in a sentence or two. */
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="sm">
        <Alert color="red" variant="light">
          This changes real learners in <b>{organisation.name}</b> (organisation {organisation.id}) on OneFile Live.
        </Alert>
        <Text size="sm">{children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
