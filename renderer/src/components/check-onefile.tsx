import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { ProbeFindingView, ProbeView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';

const STATUS: Record<ProbeFindingView['status'], { label: string; color: string }> = {
  'as-expected': { label: 'As the guides say', color: 'teal' },
  differs: { label: 'Differs', color: 'orange' },
  unknown: { label: 'Not known', color: 'gray' },
  failed: { label: 'Failed', color: 'red' },
};

/**
 * "Check this OneFile": runs the probe on the connected environment (read-only, at
 * most 30 calls) and shows, per check, what OneFile did and what the importer will do
 * about it. The same table as `onefile-import probe`.
 */
export function CheckOneFile() {
  const { client } = useBridge();
  const [report, setReport] = useState<ProbeView | null>(null);
  const probe = useAction(async () => setReport(await client.probeOneFile({})));

  return (
    <>
      <Anchor component="button" type="button" size="sm" onClick={() => probe.run()} disabled={probe.busy}>
        {probe.busy ? 'Checking this OneFile…' : 'Check this OneFile'}
      </Anchor>
      {probe.error && (
        <Alert color="red" title="Could not check this OneFile" withCloseButton onClose={probe.clearError}>
          {probe.error}
        </Alert>
      )}
      <Modal opened={report !== null} onClose={() => setReport(null)} title="What this OneFile does" size="xl">
        {report && (
          <Stack gap="sm">
            <Text size="sm">
              {report.environmentLabel}
              {report.organisation ? `, organisation ${report.organisation.name} (${report.organisation.id})` : ''}: {report.calls} calls, no
              changes made. {report.completed ? 'The findings are saved and imports here use them.' : 'The check could not finish.'}
            </Text>
            <Table striped withTableBorder verticalSpacing="xs" aria-label="Findings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Check</Table.Th>
                  <Table.Th>What OneFile did</Table.Th>
                  <Table.Th>What the importer does</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.findings.map((finding) => (
                  <Table.Tr key={finding.check}>
                    <Table.Td>
                      <Stack gap={4}>
                        <Text size="sm" fw={600}>
                          {finding.title}
                        </Text>
                        <Badge size="xs" variant="light" color={STATUS[finding.status].color}>
                          {STATUS[finding.status].label}
                        </Badge>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{finding.found}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{finding.action}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" c="dimmed">
              {report.notChecked}
            </Text>
            <Text size="sm" c="dimmed">
              {report.learned}
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => setReport(null)}>Close</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
