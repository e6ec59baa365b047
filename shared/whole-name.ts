/**
 * A person's whole name in one cell ("Learner Name": "SMITH, Ann", "Ann Smith"), as many
 * MIS reports write it, read as OneFile's first and last name. Only what the text itself
 * shows is trusted: a comma ("Smith, Ann"), a surname written in capitals ("SMITH Ann",
 * "Ann SMITH"), the column's header naming the order ("Surname Forename"), or two words.
 * A longer name without any of those is read with its last word (and any "van", "de" or
 * "bin" before it) as the last name, and said to be a guess, so the user can check it.
 * A title ("Mr", "Mrs.", "Dr") is not part of the first name.
 */

import type { FieldKey } from './fields';
import { cleanText } from './normalise';

/** Which part of a whole name a field takes. */
export type NamePart = 'first' | 'last';

/** The fields a column of whole names (`FullName`) gives, and the part of the name each takes. */
export const WHOLE_NAME_PARTS: ReadonlyArray<{ field: FieldKey; part: NamePart }> = [
  { field: 'FirstName', part: 'first' },
  { field: 'LastName', part: 'last' },
];

/** Which way round a column writes names, when its header says so. */
export type NameOrder = 'surname-first' | 'forename-first';

/**
 * How a whole name was split: `comma`, `capitals`, `header` (the column's header names the
 * order) and `two-words` are what the text shows; `guessed` is a longer name split before
 * its last word; `one-name` has no second part to split off; `empty` is an empty cell.
 */
export type NameSplitWay = 'comma' | 'capitals' | 'header' | 'two-words' | 'guessed' | 'one-name' | 'empty';

export interface NameSplit {
  first: string;
  last: string;
  way: NameSplitWay;
}

/** Words that begin a surname ("Ludwig van Beethoven", "Maria de la Cruz", "Ahmad bin Ismail"). */
const SURNAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'binti', 'ibn', 'al', 'el', 'st', 'st.']);

/**
 * The order a header names: "Surname, Forename" and "Last Name First Name" are surname
 * first; "Forename Surname" and "First and Last Name" forename first; anything else says
 * nothing.
 */
export function nameOrderOfHeader(header: string | undefined): NameOrder | undefined {
  if (!header) return undefined;
  const text = header.toLowerCase();
  const surname = text.search(/surname|last\s*name|family\s*name/);
  const forename = text.search(/forename|first\s*name|given\s*name|christian\s*name/);
  if (surname < 0 || forename < 0) return undefined;
  return surname < forename ? 'surname-first' : 'forename-first';
}

/** A word written in capitals as a surname is ("SMITH", "O'BRIEN", "SMITH-JONES"): letters, all upper case. */
function inCapitals(word: string): boolean {
  return /\p{L}/u.test(word) && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Has three letters or more: "JJ Smith" is initials, not a surname in capitals. */
function longEnough(words: readonly string[]): boolean {
  return words.some((word) => (word.match(/\p{L}/gu)?.length ?? 0) >= 3);
}

/** The surname in capitals at either end of the name, when the rest is not: its first and last word. */
function capitalsSurname(words: readonly string[]): { from: number; to: number } | undefined {
  const capitals = words.map(inCapitals);
  if (capitals.every(Boolean) || !capitals.some(Boolean)) return undefined;
  let lead = 0;
  while (capitals[lead]) lead++;
  let trail = words.length;
  while (capitals[trail - 1]) trail--;
  // Capitals at one end only, and nowhere else: "SMITH Ann Marie" or "Ann Marie SMITH".
  if (lead > 0 && trail === words.length && capitals.slice(lead).every((c) => !c) && longEnough(words.slice(0, lead))) return { from: 0, to: lead };
  if (lead === 0 && trail < words.length && capitals.slice(0, trail).every((c) => !c) && longEnough(words.slice(trail))) return { from: trail, to: words.length };
  return undefined;
}

/** Where the surname starts in a forename-first name: at a particle before the last word, else the last word. */
function surnameStart(words: readonly string[]): number {
  for (let i = 1; i < words.length - 1; i++) if (SURNAME_PARTICLES.has(words[i].toLowerCase())) return i;
  return words.length - 1;
}

/** Where the forename starts in a surname-first name: after the particles and the word they belong to. */
function forenameStart(words: readonly string[]): number {
  let i = 0;
  while (i < words.length - 2 && SURNAME_PARTICLES.has(words[i].toLowerCase())) i++;
  return i + 1;
}

/** A title before a name ("Mr", "Mrs.", "Dr"): not part of the first name. */
const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|master|sir|dame|rev)\.?\s+/i;

/** The name without a title at its start, or at the start of its first name ("Smith, Mrs Ann"). */
function withoutTitle(name: string): string {
  const comma = name.indexOf(',');
  if (comma >= 0) return `${name.slice(0, comma)}, ${name.slice(comma + 1).trim().replace(TITLE, '')}`;
  return name.replace(TITLE, '');
}

/** Splits a whole name into first and last name (see the module's comment); `order` is what the column's header says. */
export function splitWholeName(text: string, order?: NameOrder): NameSplit {
  const written = cleanText(text).replace(/ {2,}/g, ' ');
  const name = withoutTitle(written);
  // "Mr Smith": a last name with no first name.
  if (name !== written && name !== '' && !name.includes(' ') && !name.includes(',')) return { first: '', last: name, way: 'one-name' };
  if (name === '') return { first: '', last: '', way: 'empty' };
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    if (first === '' || last === '') return { first, last, way: 'one-name' };
    return { first, last, way: 'comma' };
  }
  const words = name.split(' ');
  if (words.length === 1) return { first: name, last: '', way: 'one-name' };
  const capitals = capitalsSurname(words);
  if (capitals) {
    const rest = capitals.from === 0 ? words.slice(capitals.to) : words.slice(0, capitals.from);
    return { first: rest.join(' '), last: words.slice(capitals.from, capitals.to).join(' '), way: 'capitals' };
  }
  if (order === 'surname-first') {
    const at = forenameStart(words);
    return { first: words.slice(at).join(' '), last: words.slice(0, at).join(' '), way: 'header' };
  }
  const at = surnameStart(words);
  const split = { first: words.slice(0, at).join(' '), last: words.slice(at).join(' ') };
  if (order === 'forename-first') return { ...split, way: 'header' };
  return { ...split, way: words.length === 2 ? 'two-words' : 'guessed' };
}

/** One part of a whole name (see `splitWholeName`). */
export function wholeNamePart(text: string, part: NamePart, order?: NameOrder): string {
  const split = splitWholeName(text, order);
  return part === 'first' ? split.first : split.last;
}
