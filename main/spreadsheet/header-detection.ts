import { inferKind, isBlank } from './text-rules';
import type { CellKind, RawRow } from './types';

/**
 * Finds the header row: the first row that is mostly non-empty text (no numbers or
 * dates), about as wide as the data under it, and followed by data. A title block above
 * it ("Learners export", "Generated 01/09/2025") is one or two cells wide and is skipped.
 */
export const detectionWindow = 30;

/** How many rows below a candidate set the width a header should span. */
const lookAhead = 5;

/** Detection reads no row past these: the window and the rows below its last candidate. */
export const rowsExamined = detectionWindow + lookAhead;

export interface HeaderDetection {
  /** Index into the rows given. */
  index: number;
  /** See ReadResult.headerRowGuessed. */
  guessed: boolean;
  /** Excel row numbers of other rows that could be the header. */
  candidates: number[];
  /** No row looked like a header, so the first row with content was taken. */
  fallback: boolean;
}

export function detectHeaderRow(rows: RawRow[]): HeaderDetection {
  const scanned = Math.min(rows.length, detectionWindow);
  const headerLike: number[] = [];
  for (let i = 0; i < scanned; i++) if (looksLikeHeader(rows, i)) headerLike.push(i);
  const chosen = headerLike.find((i) => i + 1 < rows.length) ?? headerWithoutData(rows, headerLike);
  if (chosen === undefined) {
    const firstFew = rows.slice(1, 5).map((r) => r.row);
    return { index: 0, guessed: true, candidates: firstFew, fallback: true };
  }
  // Header-like rows below the header are usually data (names are text too); above it,
  // they may be the real header under a title.
  const above = headerLike.filter((i) => i < chosen).map((i) => rows[i].row);
  const candidates = new Set(chosen !== 0 ? [rows[0].row, ...above] : above);
  return { index: chosen, guessed: chosen !== 0, candidates: [...candidates].sort((a, b) => a - b).slice(0, 5), fallback: false };
}

/**
 * The last row is the only header-like one: it is a header with nothing under it when all
 * rows above are narrower (a title block); otherwise the rows above are data.
 */
function headerWithoutData(rows: RawRow[], headerLike: number[]): number | undefined {
  const last = headerLike[0];
  if (last === undefined) return undefined;
  const width = filledCount(rows[last]);
  return rows.slice(0, last).every((r) => filledCount(r) < width) ? last : undefined;
}

function looksLikeHeader(rows: RawRow[], i: number): boolean {
  const kinds = kindsOf(rows[i]).filter((k) => k !== 'empty');
  if (kinds.length === 0) return false;
  const textual = kinds.filter((k) => k === 'text').length;
  if (textual < kinds.length * 0.8) return false;
  const widthBelow = Math.max(0, ...rows.slice(i + 1, i + 1 + lookAhead).map(filledCount));
  const needed = widthBelow >= 2 ? Math.max(2, Math.ceil(widthBelow * 0.5)) : 1;
  return kinds.length >= needed && distinctShare(rows[i]) >= 0.5;
}

function kindsOf(row: RawRow): CellKind[] {
  return row.kinds ?? row.cells.map(inferKind);
}

function filledCount(row: RawRow): number {
  return row.cells.filter((c) => !isBlank(c)).length;
}

/** Headers name different things; a row repeating one value is data (or decoration). */
function distinctShare(row: RawRow): number {
  const filled = row.cells.filter((c) => !isBlank(c)).map((c) => c.trim().toLowerCase());
  return new Set(filled).size / filled.length;
}
