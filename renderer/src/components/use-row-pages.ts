import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServiceClient } from '../../../shared/contract';
import type { GridRowView, RowFilter, RowSort, RowsPage, ValueFilter } from '../../../shared/contract-types';

export const PAGE_SIZE = 100;

/**
 * The grid's rows, fetched a page at a time as they scroll into view: the view never
 * asks for (or holds) the whole file. Pages are dropped when the filter changes; after
 * `reload` (a value resolved, names checked again) the rows shown stay on screen until
 * their fresh page arrives, so the grid never flashes empty. An edited row is patched
 * in place so the grid does not jump.
 *
 * `firstPage`: the first page of all rows, asked for before the grid could ask (Review
 * asks for it with the mapping, so a large file's first rows are not kept waiting
 * behind the screen's other questions); used once, for the first load.
 */
export function useRowPages(client: ServiceClient, filter: RowFilter, where: ValueFilter, sort: RowSort | null, firstPage?: Promise<RowsPage> | null) {
  const prefetched = useRef(firstPage ?? null);
  const pages = useRef(new Map<number, GridRowView[]>());
  /** Pages shown from before the last reload, fetched again when next shown. */
  const stale = useRef(new Set<number>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const loadPage = useCallback(
    async (page: number) => {
      if ((pages.current.has(page) && !stale.current.has(page)) || loading.current.has(page)) return;
      loading.current.add(page);
      const mine = generation.current;
      try {
        // Only the very first load may use the page asked for early: later the rows may have changed.
        const early = prefetched.current;
        prefetched.current = null;
        const result = await (early && page === 0 && filter === 'all' && where.length === 0 && sort === null ? early : client.getRows({ offset: page * PAGE_SIZE, limit: PAGE_SIZE, filter, where, sort }));
        if (mine !== generation.current) return;
        pages.current.set(page, result.rows);
        stale.current.delete(page);
        setTotal(result.total);
        setVersion((v) => v + 1);
      } catch (caught) {
        if (mine === generation.current) setError(caught instanceof Error ? caught.message : String(caught));
      } finally {
        loading.current.delete(page);
      }
    },
    [client, filter, where, sort],
  );

  const reload = useCallback(() => {
    generation.current += 1;
    stale.current = new Set(pages.current.keys());
    loading.current.clear();
    setError(null);
    setVersion((v) => v + 1);
    void loadPage(0);
  }, [loadPage]);

  // Another filter (or value filter): other rows at every position, so nothing shown before is kept.
  useEffect(() => {
    pages.current.clear();
    setTotal(null);
    reload();
  }, [reload]);

  /** The row at a position, or undefined while its page loads (and starts loading it). */
  const rowAt = useCallback(
    (position: number): GridRowView | undefined => {
      const page = Math.floor(position / PAGE_SIZE);
      const rows = pages.current.get(page);
      if (!rows || stale.current.has(page)) void loadPage(page);
      return rows?.[position - page * PAGE_SIZE];
    },
    [loadPage],
  );

  const patchRow = useCallback((row: GridRowView) => {
    for (const rows of pages.current.values()) {
      const at = rows.findIndex((r) => r.index === row.index);
      if (at !== -1) rows[at] = row;
    }
    setVersion((v) => v + 1);
  }, []);

  return { total, rowAt, patchRow, reload, version, error };
}
