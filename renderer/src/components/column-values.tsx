import { useEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ActionIcon, Button, Checkbox, Group, Loader, Popover, Stack, Text, TextInput } from '@mantine/core';
import type { ColumnValuesView } from '../../../shared/contract-review-types';
import type { ColumnFilter, RowFilter, ValueFilter } from '../../../shared/contract-types';
import { columnFilterWords, draftOf, everyValue, filterOfDraft, isTicked, tickAll, tickedOfAll, toggleValue, type FilterDraft } from '../../../shared/value-filter';
import { plural } from '../format';
import { useBridge } from '../use-bridge';

const stop = (event: SyntheticEvent) => event.stopPropagation();

/** Values a Page Down or Page Up moves over in the list. */
const VALUES_A_PAGE = 10;

/**
 * A column's values, as Excel's filter drop-down on a header lists them: each with a box
 * ticked when its rows are shown and how many rows hold it (over the rows the Errors,
 * Warnings... filter and the other columns' filters list), A to Z with the empty cell
 * last, "(Select all)" above them, and a box to search them (a search ticks what it
 * finds, and OK then keeps those, however many). OK (or Enter) shows the ticked values'
 * rows, with the other columns' filters; Cancel or Escape leaves things as they were.
 * Above them, as in Excel, Sort A to Z and Sort Z to A put the rows in the column's order.
 * Opened by the header's ▾ or, from the grid, Alt+Down on a cell of the column, as in Excel.
 * As in Excel's, the arrow keys go from the search box down "(Select all)" and the values
 * (Home, End, Page Up and Page Down too, each value drawn as it is reached), Space ticks
 * and Enter is OK.
 */
export function ColumnValues({
  column,
  header,
  filter,
  where,
  sorted,
  onSort,
  opened,
  onOpen,
  onClose,
  onApply,
}: {
  column: number;
  header: string;
  filter: RowFilter;
  /** Every column's value filter as the grid has it now (this column's included). */
  where: ValueFilter;
  /** The rows are sorted by this column, and which way; null when they are not. */
  sorted: 'ascending' | 'descending' | null;
  /** Sort A to Z (or Z to A, `descending`) chosen. */
  onSort(descending: boolean): void;
  opened: boolean;
  onOpen(): void;
  onClose(): void;
  /** OK: the column's filter (null: every value ticked, no filter on it). */
  onApply(filter: ColumnFilter | null): void;
}) {
  const { client } = useBridge();
  const own = where.find((each) => each.column === column) ?? null;
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState<FilterDraft>(everyValue());
  const [found, setFound] = useState<ColumnValuesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // The values as a list that draws only those scrolled into view: a column may have thousands (Excel lists 10,000).
  const list = useRef<HTMLDivElement>(null);
  const listed = found?.values ?? [];
  const virtualizer = useVirtualizer({ count: listed.length, getScrollElement: () => list.current, estimateSize: () => 30, overscan: 10 });
  const searchBox = useRef<HTMLInputElement>(null);
  const selectAll = useRef<HTMLInputElement>(null);
  /** A value the keyboard went to, focused once the list has drawn it. */
  const [focusValue, setFocusValue] = useState<number | null>(null);
  const drawn = virtualizer.getVirtualItems();
  const [firstDrawn, lastDrawn] = [drawn[0]?.index, drawn[drawn.length - 1]?.index];
  // The value gone to is drawn once the list has scrolled to it.
  useEffect(() => {
    if (focusValue === null) return;
    const box = list.current?.querySelector<HTMLInputElement>(`[data-index="${focusValue}"] input`);
    if (box) {
      box.focus();
      setFocusValue(null);
    }
  }, [focusValue, firstDrawn, lastDrawn]);

  function goToValue(index: number) {
    virtualizer.scrollToIndex(index, { align: 'auto' });
    setFocusValue(index);
  }

  // Opened from the keyboard on a column whose header is partly scrolled out of the grid: its ▾ is brought into
  // view first, or the list, hung from it, would not show.
  useEffect(() => {
    if (opened) button.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [opened]);

  // The ticks as the column's filter has them, each time the list opens.
  useEffect(() => {
    if (!opened) return;
    const start = draftOf(own);
    setDraft(start.draft);
    setSearch(start.search);
    // Only on opening: the filter does not change while its own list is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  useEffect(() => {
    if (!opened) return;
    let current = true;
    client
      .columnValues({ filter, column, search, where })
      .then((values) => current && (setFound(values), setError(null)))
      .catch((caught: unknown) => current && setError(caught instanceof Error ? caught.message : String(caught)));
    return () => {
      current = false;
    };
  }, [client, opened, filter, column, search, where]);

  useEffect(() => {
    if (!opened) {
      setSearch('');
      setFound(null);
    }
  }, [opened]);

  const name = header || 'the column';
  const searching = search.trim() !== '';
  const ticked = tickedOfAll(draft);
  // Nothing ticked, or a search that found nothing: OK would show no row (Excel greys it out too).
  const canApply = ticked !== 'none' && !(searching && found !== null && found.distinct === 0);

  /** A search typed: every value it finds ticked, as in Excel (cleared: the ticks the filter had). */
  function searchFor(text: string) {
    setSearch(text);
    setDraft(text.trim() === '' ? draftOf(own?.without && own.holding ? null : own).draft : everyValue(text));
  }

  function apply() {
    if (!canApply) return;
    onApply(filterOfDraft(column, draft));
  }

  // Enter in the search box is OK, as in Excel: the values the search found (or the ticks) kept; Down goes to the list.
  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'ArrowDown' && selectAll.current) {
      event.preventDefault();
      selectAll.current.focus();
    }
  }

  // On "(Select all)": Up to the search box, Down to the first value, Enter is OK.
  function onSelectAllKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowUp') searchBox.current?.focus();
    else if (event.key === 'ArrowDown' || event.key === 'Home') goToValue(0);
    else if (event.key === 'End') goToValue(listed.length - 1);
    else if (event.key === 'Enter') apply();
    else return;
    event.preventDefault();
  }

  // On a value: Up and Down, Home and End, Page Up and Page Down go through the list (Up from the first to "(Select all)"); Enter is OK.
  function onValueKey(event: KeyboardEvent<HTMLDivElement>) {
    const place = (event.target as HTMLElement).closest('[data-index]');
    if (!place) return;
    const at = Number(place.getAttribute('data-index'));
    const last = listed.length - 1;
    const to: Partial<Record<string, number>> = {
      ArrowDown: Math.min(last, at + 1),
      ArrowUp: at - 1,
      Home: 0,
      End: last,
      PageDown: Math.min(last, at + VALUES_A_PAGE),
      PageUp: Math.max(0, at - VALUES_A_PAGE),
    };
    const target = to[event.key];
    if (event.key === 'Enter') apply();
    else if (target === undefined) return;
    else if (target < 0) selectAll.current?.focus();
    else goToValue(target);
    event.preventDefault();
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
          variant={own !== null ? 'filled' : 'subtle'}
          color={own !== null ? 'indigo' : 'gray'}
          aria-label={`Values in ${name}`}
          data-sorted={sorted ?? undefined}
          title={`Values in ${name}${own !== null ? `: filtered, ${name} ${columnFilterWords(own)}` : ': show only the rows with some of them'}${sorted ? `; rows sorted by it, ${sorted === 'ascending' ? 'A to Z' : 'Z to A'}` : ''}`}
          onClick={(event) => {
            // Not the header's own click, which selects the column.
            event.stopPropagation();
            if (opened) onClose();
            else onOpen();
          }}
          // Enter or Space on it opens the list: not the grid's keys (Enter would move down a row).
          onKeyDown={stop}
        >
          {sorted === 'ascending' ? '↑' : sorted === 'descending' ? '↓' : '▾'}
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
          <Group gap={6} grow>
            <Button size="compact-xs" variant={sorted === 'ascending' ? 'light' : 'default'} onClick={() => onSort(false)}>
              Sort A to Z
            </Button>
            <Button size="compact-xs" variant={sorted === 'descending' ? 'light' : 'default'} onClick={() => onSort(true)}>
              Sort Z to A
            </Button>
          </Group>
          <TextInput
            size="xs"
            placeholder={`Search ${name}`}
            aria-label={`Search the values in ${name}`}
            value={search}
            onChange={(event) => searchFor(event.currentTarget.value)}
            onKeyDown={onSearchKey}
            ref={searchBox}
            autoFocus
          />
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
          {!found && !error && <Loader size="xs" aria-label="Counting the values" />}
          {found && found.values.length === 0 && (
            <Text size="xs" c="dimmed">
              {searching ? `No value holds “${search.trim()}”.` : 'No rows to list.'}
            </Text>
          )}
          {found && found.values.length > 0 && (
            <>
              <Checkbox
                size="xs"
                className="column-value"
                label={searching ? '(Select all search results)' : '(Select all)'}
                checked={ticked === 'all'}
                indeterminate={ticked === 'some'}
                onChange={() => setDraft(tickAll(draft, ticked !== 'all'))}
                onKeyDown={onSelectAllKey}
                ref={selectAll}
              />
              <div ref={list} role="group" aria-label={`Values in ${name}`} data-values={listed.length} className="column-values-list" onKeyDown={onValueKey}>
                <div className="column-values-drawn" style={{ height: virtualizer.getTotalSize() }}>
                  {drawn.map((item) => {
                    const { value, rows } = listed[item.index];
                    return (
                      <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="column-value-place" style={{ transform: `translateY(${item.start}px)` }}>
                        <Checkbox
                          size="xs"
                          className="column-value"
                          checked={isTicked(draft, value)}
                          onChange={() => setDraft(toggleValue(draft, value))}
                          aria-label={`${value === '' ? '(empty)' : value}: ${plural(rows, 'row')}`}
                          styles={{ body: { width: '100%' }, labelWrapper: { flex: 1, minWidth: 0 } }}
                          label={
                            <Group justify="space-between" wrap="nowrap" gap="xs">
                              <Text size="sm" truncate="end" fs={value === '' ? 'italic' : undefined} c={value === '' ? 'dimmed' : undefined} style={{ flex: 1, minWidth: 0 }} title={value}>
                                {value === '' ? '(empty)' : value}
                              </Text>
                              <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                                {rows.toLocaleString('en-GB')}
                              </Text>
                            </Group>
                          }
                        />
                      </div>
                    );
                  })}
                </div>
              </div>
            </>
          )}
          {found && found.distinct > found.values.length && (
            <Text size="xs" c="dimmed">
              {found.values.length.toLocaleString('en-GB')} of {plural(found.distinct, 'value')} listed: search to find the others
              {searching && draft.without ? ' (OK keeps every value found, listed or not, but those unticked).' : '.'}
            </Text>
          )}
          <Group justify="space-between" gap="xs" wrap="nowrap">
            {own !== null ? (
              <Button size="compact-xs" variant="subtle" onClick={() => onApply(null)}>
                Clear filter from {name}
              </Button>
            ) : (
              <span />
            )}
            <Group gap={6} wrap="nowrap">
              <Button size="compact-xs" onClick={apply} disabled={!canApply}>
                OK
              </Button>
              <Button size="compact-xs" variant="default" onClick={onClose}>
                Cancel
              </Button>
            </Group>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
