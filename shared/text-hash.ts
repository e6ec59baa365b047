/**
 * 32-bit hashes of cell texts (FNV-1a over UTF-16 code units), made in JavaScript so a
 * pass over 100,000 rows can look texts up in its own tables: a Map asks the engine to
 * hash every fresh string again, which costs several times as much.
 */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function textHash(text: string): number {
  return spanHash(text, 0, text.length);
}

/**
 * `textHash` of `text.slice(start, end)`, made without the slice: a cell of a row kept
 * as one line (see PackedRow) is looked up where it stands.
 */
export function spanHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * `textHash` of the text in upper case, so texts equal but for case share it (a MIS ID
 * is unique whatever its case), made without upper-casing ASCII texts.
 */
export function foldedHash(text: string): number {
  return foldedSpanHash(text, 0, text.length);
}

/** `foldedHash` of `text.slice(start, end)`, made without the slice where the text is ASCII. */
export function foldedSpanHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x80) return textHash(text.slice(start, end).toUpperCase());
    if (code >= 0x61 && code <= 0x7a) code -= 0x20;
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return hash;
}
