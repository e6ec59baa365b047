import { OneFileError } from './errors';

/**
 * Path segments for IDs. A OneFile ID is a positive integer; anything else is refused
 * before it can change which route is called (`5/Archive` as an "ID").
 */
export function idSegment(value: number, what: string, route: string): string {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: `The ${what} must be a OneFile ID (a positive whole number); got ${String(value).slice(0, 40)}.` });
  }
  return String(value);
}

/** Unit IDs are opaque text (`KS_COMM1`): sent percent-encoded so any character is safe. */
export function unitSegment(value: string | number, route: string): string {
  const text = String(value).trim();
  if (text === '' || text.length > 200) {
    throw new OneFileError({ kind: 'validation', endpoint: route, message: 'The unit ID is empty or too long.' });
  }
  return encodeURIComponent(text);
}
