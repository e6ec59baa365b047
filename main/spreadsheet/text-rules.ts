import type { CellKind } from './types';

/**
 * Small rules about cell text shared by both formats. Cell values are kept as the user
 * typed them (NBSP included: the normaliser in shared/ trims NBSP per field, and a
 * value's exact text matters for the error report); only headers are tidied here.
 */

/** Whitespace as a person sees it: JS's \s (which covers NBSP and the BOM) plus zero-width spaces. */
const invisible = /[\s\u200b\u200c\u200d\u2060]+/g;

export function isBlank(text: string): boolean {
  if (text === '') return true;
  // Asked of every cell of every row: a printable ASCII first character settles it.
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.replace(invisible, '') === '';
}

/**
 * A header as the mapping step should see it: no BOM, NBSP and line breaks (Alt+Enter in
 * a header cell) become single spaces, trimmed.
 */
export function tidyHeader(text: string): string {
  return text.replace(invisible, ' ').trim();
}

/** Headers that differ only in case or spacing count as the same column. */
export function headerKey(text: string): string {
  return tidyHeader(text).toLowerCase();
}

const looksNumeric = /^[-+(]?[£$€]?\s?\d[\d,. ]*%?\)?$/;
const looksLikeDate = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;

/** What a text file's cell would be if Excel opened it: header detection wants text, not data. */
export function inferKind(text: string): CellKind {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  if (looksNumeric.test(trimmed)) return 'number';
  if (looksLikeDate.test(trimmed)) return 'date';
  if (/^(true|false)$/i.test(trimmed)) return 'boolean';
  return 'text';
}

/**
 * Excel stores characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`)
 * and a literal `_x` sequence as `_x005F_x...`; one left-to-right pass undoes both.
 */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
