/**
 * How names are compared when a spreadsheet's text is turned into a OneFile record.
 * People type the same thing many ways: "Business Admin Level 2" for "Business Admin L2",
 * "Fayre, James" for "James Fayre", a non-breaking space pasted from a web page, "&" for
 * "and". These functions reduce each to one comparable key; they never decide between two
 * records (the resolver does that, and refuses when a key fits more than one).
 */

/** Every kind of space a pasted cell may carry (NBSP, figure space, narrow NBSP, tabs...). */
const SPACES = /[\s\u00a0\u2007\u202f\u2060\ufeff]+/g;

/** "Level 2", "Lvl 2", "Lv.2", "L 2", "level2" -> "l2" (applied after punctuation became spaces). */
const LEVEL = /\b(?:level|lvl|lev|lv|l)\s*(\d+)\b/g;

/** Collapses runs of spaces (of every kind) to one and trims: what "exact" comparison allows. */
export function tidySpaces(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/**
 * The comparison key for a name or title: accents folded, case folded, "&" read as "and",
 * apostrophes dropped (O'Brien = OBrien), other punctuation read as a space, levels
 * written one way, spaces collapsed.
 */
export function normaliseName(text: string): string {
  return tidySpaces(
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['\u2019\u2018`]/g, '')
      .replace(SPACES, ' ')
      .replace(/[^\p{L}\p{N} ]+/gu, ' ')
      .replace(SPACES, ' ')
      .replace(LEVEL, 'l$1'),
  );
}

/** A person as the directory knows them. */
export interface PersonName {
  firstName: string;
  lastName: string;
}

/** "James Fayre": how people are shown, and the first exact form compared. */
export function displayName(person: PersonName): string {
  return tidySpaces(`${person.firstName} ${person.lastName}`);
}

/** The exact forms a file may use for a person: "First Last" and "Last, First". */
export function exactPersonForms(person: PersonName): string[] {
  const first = tidySpaces(person.firstName);
  const last = tidySpaces(person.lastName);
  return [`${first} ${last}`, `${last}, ${first}`];
}

/** The normalised key of a person: "first last". */
export function personKey(person: PersonName): string {
  return normaliseName(`${person.firstName} ${person.lastName}`);
}

/**
 * The normalised key of a person as a file writes them: "Last, First" is turned round
 * to "first last"; anything without a comma is taken as "First Last".
 */
export function personKeyFromText(text: string): string {
  const tidy = tidySpaces(text);
  const comma = tidy.indexOf(',');
  if (comma > 0 && comma < tidy.length - 1) {
    const last = tidy.slice(0, comma);
    const first = tidy.slice(comma + 1);
    return normaliseName(`${first} ${last}`);
  }
  return normaliseName(tidy);
}

/**
 * The keys a name written surname first without a comma may mean, as MIS exports write
 * staff ("FAYRE James", "Van Dyke Anna Maria"): each turn of its words that puts some
 * leading words last ("james fayre"; "dyke anna maria van", "anna maria van dyke"...).
 * None for one word, or for text with a comma (already "Last, First").
 */
export function surnameFirstKeys(text: string): string[] {
  if (text.includes(',')) return [];
  const words = normaliseName(text).split(' ').filter(Boolean);
  const keys: string[] = [];
  for (let at = 1; at < words.length; at++) keys.push([...words.slice(at), ...words.slice(0, at)].join(' '));
  return keys;
}
