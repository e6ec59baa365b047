import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { ENCODING_CHOICES, type EncodingChoice, type FileView, type GridRowView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { formatCount, formatDateTime } from '../format';
import { DIMMED, DropArea } from '../components/file-drop';
import { IlrOptions } from '../components/ilr-options';
import { ImportUnderWay } from '../components/import-under-way';

const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8 (Unicode)',
  'utf-16le': 'UTF-16 LE (Excel "Unicode Text")',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Western European)',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
};

/** The top of the file as it will be read: the header row's texts over the first rows. */
function Preview({ file }: { file: FileView }) {
  const { client } = useBridge();
  const [headers, setHeaders] = useState<string[]>([]);
  const [rows, setRows] = useState<GridRowView[]>([]);
  useEffect(() => {
    let cancelled = false;
    void Promise.all([client.getMapping(), client.getRows({ offset: 0, limit: 6 })]).then(([mapping, page]) => {
      if (cancelled) return;
      setHeaders(mapping.columns.map((c) => c.header || `(column ${c.letter})`));
      setRows(page.rows);
    });
    return () => {
      cancelled = true;
    };
  }, [client, file.version]);
  if (headers.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={600} maxHeight={260}>
      <Table striped withTableBorder withColumnBorders fz="xs" stickyHeader aria-label="Preview of the first rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            {headers.map((header, i) => (
              <Table.Th key={i}>{header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.index}>
              <Table.Td c="dimmed">{row.row}</Table.Td>
              {row.cells.map((cell, i) => (
                <Table.Td key={i} style={{ whiteSpace: 'nowrap' }}>
                  {cell}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Sheet, header row, encoding and hidden rows: each reads the file again. Shown, not offered, while an import holds the app (`readOnly`). */
function ReadOptions({ file, readOnly }: { file: FileView; readOnly: boolean }) {
  const { client } = useBridge();
  const { refresh } = useSession();
  const [otherRow, setOtherRow] = useState<number | string>('');
  const reread = useAction(async (options: { sheet?: string; headerRow?: number; encoding?: EncodingChoice; includeHiddenRows?: boolean }) => {
    await client.setReadOptions(options);
    await refresh();
  });
  const candidateRows = file.headerCandidates.some((c) => c.row === file.headerRow)
    ? file.headerCandidates
    : [{ row: file.headerRow, cells: [] as string[] }, ...file.headerCandidates];
  return (
    <Stack gap="sm">
      {file.headerRowUncertain && (
        <Alert color="yellow" title="Check the header row">
          The importer guessed row {file.headerRow} holds the column names, but another row looks similar. Check the preview below;
          if the columns look wrong, pick another row.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: file.format === 'xlsx' ? 3 : 3 }}>
        {file.format === 'xlsx' && (
          <Select
            label="Sheet"
            data={file.sheets}
            value={file.sheet}
            onChange={(sheet) => sheet && reread.run({ sheet })}
            allowDeselect={false}
            disabled={reread.busy || readOnly}
          />
        )}
        <Select
          label="Header row"
          description="The row with the column names"
          data={candidateRows.map((c) => ({
            value: String(c.row),
            label: c.cells.length > 0 ? `Row ${c.row}: ${c.cells.filter(Boolean).slice(0, 3).join(', ')}` : `Row ${c.row}`,
          }))}
          value={String(file.headerRow)}
          onChange={(row) => row && reread.run({ headerRow: Number(row) })}
          allowDeselect={false}
          disabled={reread.busy || readOnly}
        />
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <NumberInput label="Or another row" min={1} value={otherRow} onChange={setOtherRow} w={130} disabled={readOnly} />
          <Button variant="default" disabled={!otherRow || reread.busy || readOnly} onClick={() => reread.run({ headerRow: Number(otherRow) })}>
            Use
          </Button>
        </Group>
        {file.format === 'csv' && (
          <Select
            label="Text encoding"
            description={file.delimiter ? `Columns separated by ${delimiterName(file.delimiter)}` : undefined}
            data={ENCODING_CHOICES.map((value) => ({ value, label: ENCODING_LABELS[value] ?? value }))}
            value={file.encoding}
            onChange={(encoding) => encoding && reread.run({ encoding: encoding as EncodingChoice })}
            allowDeselect={false}
            disabled={reread.busy || readOnly}
          />
        )}
      </SimpleGrid>
      {file.hiddenRows && (
        <Switch
          label={`Read the ${file.hiddenRows.count === 1 ? 'row' : `${file.hiddenRows.count} rows`} Excel hides too (filtered out, or hidden by hand)`}
          description="Left out by default, as Excel does not show them."
          checked={file.hiddenRows.read}
          onChange={(event) => reread.run({ includeHiddenRows: event.currentTarget.checked })}
          disabled={reread.busy || readOnly}
        />
      )}
      {reread.error && (
        <Alert color="red" title="Could not read it that way">
          {reread.error}
        </Alert>
      )}
    </Stack>
  );
}

function delimiterName(delimiter: string): string {
  return { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'bars' }[delimiter] ?? `"${delimiter}"`;
}

/**
 * Step 2: the spreadsheet, by drop, browse or the recent list; sheet, header row and encoding checked.
 * While an import holds the app no other file is opened, nor this one read another way, nor is it taken on to Map
 * as if for the next import (as Review's "Continue to plan"): the way on is the import's (`onShowImport` leads to it).
 */
export function LoadStep({ onDone, onBack, onShowImport }: { onDone(): void; onBack(): void; onShowImport(): void }) {
  const { client, uploadFile } = useBridge();
  const { state, refresh } = useSession();
  const importUnderWay = state?.run?.active === true;
  const held = !importUnderWay ? undefined : state?.run?.state === 'paused' ? 'paused' : 'running';
  const [rejected, setRejected] = useState<string | null>(null);
  const upload = useAction(async (file: File) => {
    setRejected(null);
    await uploadFile(file);
    await refresh();
  });
  const browse = useAction(async () => {
    await client.chooseFile();
    await refresh();
  });
  const recent = useAction(async (id: string) => {
    await client.openRecentFile({ id });
    await refresh();
  });
  if (!state) return null;
  const file = state.file;
  const error = upload.error ?? browse.error ?? recent.error ?? rejected;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {file ? 'Check how the file is read' : 'Load your spreadsheet'}
        </Title>
        {state.capabilities.nativeDialogs && (
          <Button variant="default" onClick={() => browse.run()} loading={browse.busy} disabled={importUnderWay}>
            Browse…
          </Button>
        )}
      </Group>
      {importUnderWay && <ImportUnderWay held="file" paused={held === 'paused'} onShowImport={onShowImport} testId="load-read-only" />}
      {error && (
        <Alert color="red" title="The file could not be loaded" withCloseButton onClose={() => { upload.clearError(); setRejected(null); }}>
          {error}
        </Alert>
      )}
      {file && (
        <Card withBorder padding="lg">
          <Stack gap="md">
            <Group justify="space-between" align="flex-start">
              <div>
                <Text fw={650} size="lg">
                  {file.name}
                </Text>
                <Text size="sm" c="dimmed">
                  {formatCount(file.rows)} rows · {formatCount(file.columns)} columns
                  {file.sheet ? ` · sheet "${file.sheet}"` : ''}
                  {file.format === 'ilr' ? ' · ILR learners' : ` · header row ${file.headerRow}`}
                  {file.encoding ? ` · ${file.encoding}` : ''}
                </Text>
              </div>
              <Badge variant="light" size="lg">
                {file.format.toUpperCase()}
              </Badge>
            </Group>
            {file.warnings.length > 0 && (
              <Alert color="yellow" title="Worth knowing">
                <List size="sm">
                  {file.warnings.map((warning, i) => (
                    <List.Item key={i}>{warning}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {file.format === 'ilr' ? <IlrOptions file={file} readOnly={importUnderWay} /> : <ReadOptions file={file} readOnly={importUnderWay} />}
            <Preview file={file} />
            <Group justify="space-between">
              <Button variant="default" onClick={onBack}>
                Back
              </Button>
              <Button onClick={onDone} disabled={file.rows === 0 || importUnderWay}>
                Continue to mapping
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <DropArea onFile={(f) => upload.run(f)} onReject={setRejected} loading={upload.busy} compact={file !== null} held={held} />
      {state.recentFiles.length > 0 && (
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Recent files
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
            {state.recentFiles.map((f) => (
              <UnstyledButton
                key={f.id}
                onClick={() => recent.run(f.id)}
                disabled={importUnderWay}
                p="sm"
                style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)', ...(importUnderWay ? DIMMED : {}) }}
              >
                <Text size="sm" fw={600} truncate>
                  {f.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {f.folder} · {formatDateTime(f.openedAt)}
                </Text>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
