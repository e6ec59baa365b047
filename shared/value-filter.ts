/**
 * A cell's text as Review's value filter compares it (spaces at either end and case
 * aside): the service lists and counts rows by it, and the values list marks the value
 * chosen by it, so both sides call one value the same.
 */
export function valueFilterKey(text: string): string {
  return text.trim().toLowerCase();
}
