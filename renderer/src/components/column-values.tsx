import { useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { ActionIcon, Button, Group, Loader, Popover, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { ColumnValuesView } from '../../../shared/contract-review-types';
import type { RowFilter } from '../../../shared/contract-types';
import { valueFilterKey } from '../../../shared/value-filter';
import { plural } from '../format';
import { useBridge } from '../use-bridge';

const stop = (event: SyntheticEvent) => event.stopPropagation();

/** The value a column's rows are narrowed to now, if it is this column's. */
function isChosen(chosen: string | null, value: string): boolean {
  return chosen !== null && valueFilterKey(chosen) === valueFilterKey(value);
}

/**
 * A column's values, as Excel's filter drop-down on a header lists them: each with how
 * many rows hold it (over the rows the Errors, Warnings... filter lists), A to Z with the
 * empty cell last, a box to search them; choosing one shows only the rows holding it
 * (Review's value filter, as the cell's menu sets it). Opened by the header's ▾ or, from
 * the grid, Alt+Down on a cell of the column, as in Excel; Escape closes it.
 */
export function ColumnValues({
  column,
  header,
  filter,
  chosen,
  opened,
  onOpen,
  onClose,
  onChoose,
}: {
  column: number;
  header: string;
  filter: RowFilter;
  /** The value the rows are narrowed to in this column now; null when they are not. */
  chosen: string | null;
  opened: boolean;
  onOpen(): void;
  onClose(): void;
  /** A value chosen (null: every row again). */
  onChoose(value: string | null): void;
}) {
  const { client } = useBridge();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ColumnValuesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Opened from the keyboard on a column whose header is partly scrolled out of the grid: its ▾ is brought into
  // view first, or the list, hung from it, would not show.
  useEffect(() => {
    if (opened) button.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [opened]);

  useEffect(() => {
    if (!opened) return;
    let current = true;
    client
      .columnValues({ filter, column, search })
      .then((values) => current && (setFound(values), setError(null)))
      .catch((caught: unknown) => current && setError(caught instanceof Error ? caught.message : String(caught)));
    return () => {
      current = false;
    };
  }, [client, opened, filter, column, search]);

  useEffect(() => {
    if (!opened) {
      setSearch('');
      setFound(null);
    }
  }, [opened]);

  const name = header || 'the column';
  // Enter in the search box chooses the first value listed, as Excel's OK takes what the search found.
  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && found && found.values.length > 0) {
      event.preventDefault();
      onChoose(found.values[0].value);
    }
  }

  return (
    // The search box takes the keyboard as the list is drawn (autoFocus), not on a timer after it as a focus trap does: a
    // key pressed at once (Escape) would close the list first, and the trap's late focus would then drop the keyboard.
    <Popover opened={opened} onChange={(open) => !open && onClose()} position="bottom-end" shadow="md" width={300} returnFocus={false} withinPortal>
      <Popover.Target>
        <ActionIcon
          ref={button}
          className="grid-values"
          size="xs"
          variant={chosen !== null ? 'filled' : 'subtle'}
          color={chosen !== null ? 'indigo' : 'gray'}
          aria-label={`Values in ${name}`}
          title={`Values in ${name}: show only the rows with one of them`}
          onClick={(event) => {
            // Not the header's own click, which selects the column.
            event.stopPropagation();
            if (opened) onClose();
            else onOpen();
          }}
          // Enter or Space on it opens the list: not the grid's keys (Enter would move down a row).
          onKeyDown={stop}
        >
          ▾
        </ActionIcon>
      </Popover.Target>
      {/* Drawn in a portal, but React hands its events to the header and the grid around the ▾: the grid's keys
          (typing edits a cell), paste and copy, and the header's click (it selects the column) are kept from them. */}
      <Popover.Dropdown
        data-testid="column-values"
        onClick={stop}
        onKeyDown={stop}
        onPaste={stop}
        onCopy={stop}
        onCut={stop}
        onContextMenu={stop}
        onMouseDown={stop}
      >
        <Stack gap={6}>
          <TextInput size="xs" placeholder={`Search ${name}`} aria-label={`Search the values in ${name}`} value={search} onChange={(event) => setSearch(event.currentTarget.value)} onKeyDown={onSearchKey} autoFocus />
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
          {!found && !error && <Loader size="xs" aria-label="Counting the values" />}
          {found && found.values.length === 0 && (
            <Text size="xs" c="dimmed">
              {search.trim() === '' ? 'No rows to list.' : `No value holds “${search.trim()}”.`}
            </Text>
          )}
          {found && found.values.length > 0 && (
            <Stack gap={0} role="list" aria-label={`Values in ${name}`} className="column-values-list">
              {found.values.map(({ value, rows }) => (
                <UnstyledButton
                  key={value}
                  role="listitem"
                  className="column-value"
                  w="100%"
                  data-chosen={isChosen(chosen, value) || undefined}
                  onClick={() => onChoose(value)}
                  aria-label={`${value === '' ? '(empty)' : value}: ${plural(rows, 'row')}`}
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" truncate="end" fs={value === '' ? 'italic' : undefined} c={value === '' ? 'dimmed' : undefined} style={{ flex: 1, minWidth: 0 }} title={value}>
                      {value === '' ? '(empty)' : value}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {rows.toLocaleString('en-GB')}
                    </Text>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          )}
          {found && found.distinct > found.values.length && (
            <Text size="xs" c="dimmed">
              {found.values.length.toLocaleString('en-GB')} of {plural(found.distinct, 'value')} listed: search to find the others.
            </Text>
          )}
          {chosen !== null && (
            <Button size="compact-xs" variant="light" onClick={() => onChoose(null)}>
              Show every row
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
