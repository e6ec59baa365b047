import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Grid, Group, Loader, ScrollArea, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { AlikeCellsView, ProblemGroupView } from '../../../shared/contract-review-types';
import type { CountsView, RowFilter, RowsPage } from '../../../shared/contract-types';
import type { REFERENCE_FIELD_KEYS } from '../../../shared/fields';
import { useBridge } from '../use-bridge';
import { useSession } from '../session-context';
import { useAction } from '../use-action';
import { formatCount } from '../format';
import { ReviewGrid, type ActiveCellView, type GridColumn, type JumpTarget, type ShownColumnFilter, type ShownSort } from '../components/review-grid';
import { asAsked, isFiltered, isListedAsChosen, sortAsked, sortedAgain, type ReviewListing } from '../components/listed-rows';
import { ValueFilterChip } from '../components/value-filter-chip';
import { ChosenNames, UnresolvedPanel } from '../components/unresolved-panel';
import { ProblemsList } from '../components/problems-list';
import { CellReason } from '../components/cell-reason';
import { FixAll } from '../components/fix-all';
import type { EditHistory } from '../components/use-edit-history';
import { ReviewFooter, UndoEdit } from '../components/review-bars';
import { FileAsAWhole, fileIssuesShown } from '../components/review-notices';
import { ImportUnderWay } from '../components/import-under-way';
import { FindInFile } from '../components/find-in-file';
import { GoToCell } from '../components/go-to-cell';
import { ReadNotices } from '../components/read-notices';
import { reviewOpening } from '../review-prefetch';
import { useNamesCheck } from './use-names-check';
import { useReviewState } from './use-review-state';

type ReferenceField = (typeof REFERENCE_FIELD_KEYS)[number];

/** The grid and the side panel share the window's height: both scroll within it, neither falls below the other. */
const PANEL_HEIGHT = 'max(260px, calc(100vh - 370px))';

/** The first cell with an error, in the file's order: where Review opens. */
function firstBadCell(problems: ProblemGroupView[]): ProblemGroupView | undefined {
  return problems.filter((p) => p.severity === 'error' && p.column !== null).sort((a, b) => a.first.index - b.first.index)[0];
}

/**
 * Which rows the grid shows, each choice with its count. Errors and Ready make every row;
 * each is followed by its part: Unresolved among Errors, Ready with warnings among Ready.
 */
function RowFilterControl({ counts, filter, onChange }: { counts: CountsView; filter: RowFilter; onChange(filter: RowFilter): void }) {
  const filterData = [
    { value: 'all', label: `All rows ${formatCount(counts.rows)}` },
    { value: 'errors', label: `Errors ${formatCount(counts.withErrors)}` },
    // Not counted before the names are checked against OneFile: 0 would say every name was found.
    { value: 'unresolved', label: `Unresolved ${counts.referencesChecked ? formatCount(counts.unresolvedRows) : '–'}` },
    { value: 'valid', label: `Ready ${formatCount(counts.valid)}` },
    { value: 'warnings', label: `Ready with warnings ${formatCount(counts.readyWithWarnings)}` },
  ];
  return (
    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
      <SegmentedControl
        value={filter}
        onChange={(value) => onChange(value as RowFilter)}
        data={filterData}
        aria-label="Which rows to show"
        size="xs"
        style={{ alignSelf: 'flex-start' }}
      />
      {!counts.referencesChecked && (
        <Text size="xs" c="dimmed" data-testid="names-not-checked" title="A row naming someone or something OneFile does not have moves from Ready to Unresolved once the names are checked.">
          Names not checked against OneFile yet
        </Text>
      )}
    </Group>
  );
}

/** Names to resolve, names chosen, and every problem, beside the grid. */
function ReviewSidePanel({
  review,
  onResolved,
  onUndo,
  onJump,
}: {
  review: ReturnType<typeof useReviewState>;
  onResolved(): void;
  onUndo(field: string, value: string): void;
  onJump(problem: ProblemGroupView | undefined): void;
}) {
  const errorProblems = review.problems.filter((p) => p.severity === 'error').length;
  return (
    <ScrollArea h={PANEL_HEIGHT} type="auto" offsetScrollbars data-testid="review-panel">
      <Stack gap="md">
        <UnresolvedPanel items={review.unresolved} onResolved={onResolved} />
        <ChosenNames choices={review.choices} onUndo={(choice) => onUndo(choice.field, choice.value)} />
        <Stack gap={6}>
          <Title order={3} size="h5">
            {errorProblems > 0 ? `Problems (${formatCount(review.problems.length)})` : 'Problems'}
          </Title>
          <ProblemsList problems={review.problems} namesChecked={review.counts?.referencesChecked ?? false} fileIssues={fileIssuesShown(review.counts?.fileIssues ?? []).length} onJump={onJump} />
        </Stack>
      </Stack>
    </ScrollArea>
  );
}

/**
 * Step 4: every row, problems listed first and jumped to, cells editable (not while an import
 * holds the app: `onShowImport` leads to it), unknown names resolved once per value.
 */
export function ReviewStep({ onDone, onBack, onShowImport, history, listing }: { onDone(): void; onBack(): void; onShowImport(): void; history: EditHistory; listing: ReviewListing }) {
  const { client } = useBridge();
  const { state } = useSession();
  const importUnderWay = state?.run?.active === true;
  const review = useReviewState();
  const [columns, setColumns] = useState<GridColumn[] | null>(null);
  // Kept by the window: back from Map or Plan, the rows are listed as they were left.
  const { filter, setFilter, where, setWhere, sort, setSort } = listing;
  const [listed, setListed] = useState<number | null>(null);
  /** Review's opening jump to the first problem is made (or not wanted: the rows are listed as the person chose). */
  const jumped = useRef(isListedAsChosen(listing));
  /** Every row, the sort kept (as Excel's Clear Filter), for a jump to a row the filters leave out. */
  const showEveryRow = useCallback(() => {
    setFilter('all');
    // The same list when there was none: a new one would have the grid load its rows afresh (and lose the keyboard meanwhile).
    setWhere((current) => (current.length === 0 ? current : []));
  }, [setFilter, setWhere]);
  /**
   * Other rows listed (a filter, or a value filter, chosen or cleared): the grid goes to the
   * first of them, in the column it was in. A jump made before is not made again when the
   * rows are counted afresh (it named a row of the whole file).
   */
  const listRows = (next: { filter?: RowFilter; where?: readonly ShownColumnFilter[]; sort?: ShownSort | null }) => {
    // Nothing changed (OK on a list left as it was): the grid stays where it is.
    if ((next.filter ?? filter) === filter && (next.where ?? where) === where && (next.sort === undefined || next.sort === sort)) return;
    // The person chose what to see: Review's opening jump, not yet made, is not made over it.
    jumped.current = true;
    if (next.filter !== undefined) setFilter(next.filter);
    if (next.where !== undefined) setWhere(next.where);
    if (next.sort !== undefined) setSort(next.sort);
    setJumpTo({ index: 0, column: activeCell?.column ?? 0, nonce: Date.now(), downOnly: true });
  };
  const [reloadKey, setReloadKey] = useState(0);
  const [jumpTo, setJumpTo] = useState<JumpTarget | null>(null);
  const [activeCell, setActiveCell] = useState<ActiveCellView | null>(null);
  const [alike, setAlike] = useState<AlikeCellsView | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const findBox = useRef<HTMLInputElement>(null);
  const goToBox = useRef<HTMLInputElement>(null);
  /** The grid's first rows, asked for with the mapping rather than after it (a large file's rows then show at once). */
  const firstPage = useRef<Promise<RowsPage> | null>(null);

  /**
   * A jump to a row of the file (by its index): to its place among the rows the grid lists,
   * the filters and the sort kept, where they list it; else to it with every row shown, still sorted.
   */
  const jumpToRow = useCallback(
    async (index: number, target: Omit<JumpTarget, 'index' | 'nonce'>) => {
      let position: number | null = index;
      const placeOf = (filters: { filter: RowFilter; where: readonly ShownColumnFilter[] }) =>
        client.rowPosition({ ...filters, where: asAsked(filters.where), sort: sortAsked(sort), index }).then((found) => found.position, () => null);
      if (isListedAsChosen({ filter, where, sort })) {
        position = await placeOf({ filter, where });
        if (position === null && isFiltered({ filter, where })) {
          showEveryRow();
          position = sort === null ? index : await placeOf({ filter: 'all', where: [] });
        }
      }
      setJumpTo({ ...target, index: position ?? index, nonce: Date.now() });
    },
    [client, filter, where, sort, showEveryRow],
  );
  const jump = useCallback((problem: ProblemGroupView | undefined, opening = false) => {
    if (!problem || problem.column === null) return;
    // Review opening: nothing is filtered or sorted yet (and the jump is not made once something is).
    if (opening) setJumpTo({ index: problem.first.index, column: problem.column, nonce: Date.now(), downOnly: true, opening: true });
    else void jumpToRow(problem.first.index, { column: problem.column });
  }, [jumpToRow]);
  /** Everything again after a change that may touch many rows (a name resolved or taken back, a fix applied). */
  const { refresh: refreshReview } = review;
  const afterChange = useCallback(async () => {
    await refreshReview();
    setReloadKey((k) => k + 1);
  }, [refreshReview]);

  const check = useNamesCheck(async (counts) => {
    review.setCounts(counts);
    const problems = await review.refresh();
    setReloadKey((k) => k + 1);
    if (!jumped.current) {
      jumped.current = true;
      jump(firstBadCell(problems), true);
    }
  });
  const undo = useAction(async (field: string, value: string) => {
    await client.undoChoice({ field: field as ReferenceField, value });
    await afterChange();
  });
  const undoEdit = useAction(async (way: 'undo' | 'redo') => {
    const result = await (way === 'undo' ? history.undo() : history.redo());
    if (!result) return;
    setUndone(`${way === 'undo' ? 'Put back' : 'Made again'}: ${result.words}`);
    setAlike(null);
    review.setCounts(result.counts);
    await afterChange();
  });

  useEffect(() => {
    let left = false;
    const opening = reviewOpening(client);
    firstPage.current = opening.firstPage; // the grid reports a failure when it reads the page
    void opening.mapping.then(async (mapping) => {
      if (left) return;
      const labels = new Map(mapping.fields.map((f) => [f.key, f.label]));
      setColumns(mapping.columns.map((c) => ({ header: c.header, fieldLabel: c.field ? (labels.get(c.field) ?? c.field) : null, field: c.field })));
      const problems = await review.refresh();
      // The file's own problems go first; checking names against OneFile (a download and a pass over every row) follows.
      const bad = firstBadCell(problems);
      if (bad && !left && !jumped.current) {
        jumped.current = true;
        jump(bad, true);
      }
      if (!left) void check.run(false);
    });
    return () => {
      left = true;
    };
  }, [client]);

  const { counts } = review;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            Review the rows
          </Title>
          <Text size="sm" c="dimmed">
            Red cells stop a row, yellow ones are worth a look: the list on the right takes you to each. Double-click a cell or type on it to fix it. The grid works as Excel does: Shift with the arrows, a drag or a row's number selects cells to copy, cut, empty or paste over; Ctrl+Z takes a change back (Ctrl+Y makes it again), Ctrl+F finds, Ctrl+H replaces, Ctrl+G goes to a row.
          </Text>
        </div>
        <Group gap="sm">
          <GoToCell
            ref={goToBox}
            onFound={(cell) => void jumpToRow(cell.index, { column: cell.column ?? activeCell?.column ?? 0 })}
            onLeave={() => document.querySelector<HTMLElement>('[data-testid="review-grid"]')?.focus()}
          />
          <FindInFile
            ref={findBox}
            from={activeCell ? { index: activeCell.row.index, column: activeCell.column } : null}
            sort={sortAsked(sort)}
            onFound={(cell) => void jumpToRow(cell.index, { column: cell.column, keepFocus: true })}
            onLeave={() => document.querySelector<HTMLElement>('[data-testid="review-grid"]')?.focus()}
            replacing={replacing && !importUnderWay}
            onReplacing={setReplacing}
            canReplace={!importUnderWay}
            onReplaced={(result) => {
              history.record(result.changed, 'replace');
              review.setCounts(result.counts);
              setAlike(null);
              setUndone(null);
              void afterChange();
            }}
          />
          {/* While it reads, saying so in words: the bar below has its progress and Stop. */}
          {/* Not while an import holds the app: the line above the rows says why. */}
          <Button variant="default" size="xs" onClick={() => check.run(true)} disabled={check.busy || importUnderWay} leftSection={check.busy ? <Loader size={12} /> : undefined}>
            {check.busy ? 'Checking names against OneFile…' : 'Check names against OneFile again'}
          </Button>
        </Group>
      </Group>
      <ReadNotices file={state?.file} />
      {check.shown}
      {importUnderWay && <ImportUnderWay held="rows" paused={state?.run?.state === 'paused'} onShowImport={onShowImport} testId="review-read-only" />}
      {counts && <FileAsAWhole issues={counts.fileIssues} onOpenMap={onBack} />}
      {counts && (
        <Group justify="space-between">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <RowFilterControl counts={counts} filter={filter} onChange={(next) => listRows({ filter: next })} />
            {(where.length > 0 || sort) && <ValueFilterChip where={where} sort={sort} listed={listed} onChange={(next) => listRows(next)} />}
          </Group>
          <UndoEdit
            history={history}
            busy={undoEdit.busy}
            done={undone}
            error={undoEdit.error}
            onUndo={() => void undoEdit.run('undo')}
            onRedo={() => void undoEdit.run('redo')}
            editedCells={counts.editedCells}
            readOnly={importUnderWay}
          />
        </Group>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xs">
            {columns && (
              <ReviewGrid
                filter={filter}
                where={where}
                onWhere={(next) => listRows({ where: next })}
                sort={sort}
                onSort={(column, descending) => listRows({ sort: sortedAgain(sort, { column, descending, header: columns[column]?.header ?? '' }) })}
                onListed={setListed}
                columns={columns}
                reloadKey={reloadKey}
                onCounts={(next) => {
                  review.setCounts(next);
                  void review.refresh();
                }}
                jumpTo={jumpTo}
                onActiveCell={setActiveCell}
                onEdited={(next) => {
                  setAlike(next);
                  setUndone(null);
                }}
                height={PANEL_HEIGHT}
                firstPage={firstPage.current}
                history={history}
                onUndo={() => void undoEdit.run('undo')}
                onRedo={() => void undoEdit.run('redo')}
                readOnly={importUnderWay}
                onFind={() => findBox.current?.focus()}
                onGoTo={() => goToBox.current?.focus()}
                onReplace={() => {
                  // Open already: to Find's box, as Ctrl+F.
                  if (replacing) findBox.current?.focus();
                  setReplacing(true);
                }}
              />
            )}
            {alike && columns && !importUnderWay && (
              <FixAll alike={alike} header={columns[alike.column]?.header ?? 'this column'} onDismiss={() => setAlike(null)} onDone={(result) => {
                history.record(result.indexes.map((index) => ({ index, column: alike.column, before: alike.from })), 'fix-all');
                setAlike(null);
                void afterChange();
              }} />
            )}
            {columns && <CellReason cell={activeCell} columns={columns} onUndoChoice={(field, value) => void undo.run(field, value)} readOnly={importUnderWay} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ReviewSidePanel
            review={review}
            onResolved={() => void afterChange()}
            onUndo={(field, value) => void undo.run(field, value)}
            onJump={jump}
          />
          {undo.error && (
            <Text size="sm" c="red">
              {undo.error}
            </Text>
          )}
        </Grid.Col>
      </Grid>
      <ReviewFooter counts={counts} onBack={onBack} onDone={onDone} importUnderWay={importUnderWay} />
    </Stack>
  );
}
