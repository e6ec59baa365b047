import { pluralNoun, rowRanges } from '../../shared/problem-groups';
import { canLeaveOut } from '../../shared/profile';
import { leftOutChoice, type Candidate, type ReferenceField, type UnresolvedValue, type ValueChoice } from '../import';

/**
 * Resolving names on a terminal: one question per distinct value that is not exactly
 * one OneFile record, whatever the number of rows it is on. The question shows the
 * ranked suggestions (or, for an ambiguous name, the records it fits) with a number
 * each, "s" to skip, "a" to show every record of that kind and, for a standard or unit,
 * "n" to leave it out (no OneFile record: an MIS report's programme aim).
 */

/** Asks one question; null when there is no more input (Ctrl+D, Ctrl+C). */
export type Ask = (question: string) => Promise<string | null>;

export interface QuestionContext {
  /** Where a field's values are read from: the column's letter and header. */
  columnOf(field: ReferenceField): { letter: string; header: string } | null;
  /** Every record of a kind, for "show all". */
  recordsOf(field: ReferenceField): Candidate[];
  /** The word for a record of this kind: "standard", "class". */
  nounOf(field: ReferenceField): string;
  ask: Ask;
  /** Where the questions' explanations go (stderr: stdout stays for results). */
  say(text: string): void;
}

interface Option {
  id: number | string;
  name: string;
  note?: string;
}

function optionsFor(value: UnresolvedValue): Option[] {
  if (value.status === 'ambiguous') return value.candidates.map((c) => ({ id: c.id, name: c.name, note: c.detail ?? `ID ${c.id}` }));
  // A score of 0: every record offered for a code (an ILR's StdCode or EmpId), no likeness to show.
  return value.suggestions.map((s) => ({ id: s.id, name: s.name, ...(s.score > 0 ? { note: `${Math.round(s.score * 100)} %` } : {}) }));
}

function listLines(options: readonly Option[]): string[] {
  const width = String(options.length).length;
  return options.map((o, i) => `  ${String(i + 1).padStart(width)}  ${o.name}${o.note ? `  (${o.note})` : ''}`);
}

function heading(value: UnresolvedValue, context: QuestionContext): string {
  const column = context.columnOf(value.field);
  const where = column ? `${column.header} (column ${column.letter})` : value.field;
  const ranges = rowRanges(value.rows);
  const rows = value.rows.length === 1 ? `row ${ranges[0]}` : `rows ${ranges.slice(0, 6).join(', ')}${ranges.length > 6 ? ' and more' : ''} (${value.rows.length} rows)`;
  const noun = context.nounOf(value.field);
  const what =
    value.status === 'ambiguous'
      ? `fits ${value.candidates.length} ${pluralNoun(noun)} in OneFile; which one is it?`
      : `no ${noun} in OneFile has this name.`;
  return `${where} "${value.value}", ${rows}: ${what}`;
}

/** Reads a choice: a number in 1..count, "s", "a" or "n" (when allowed). Asks again on anything else. */
async function readChoice(context: QuestionContext, count: number, allow: { all: boolean; leaveOut: boolean }): Promise<number | 'skip' | 'all' | 'leave-out' | null> {
  const choices = [count > 0 ? (count === 1 ? '1' : `1-${count}`) : null, 's', allow.all ? 'a' : null, allow.leaveOut ? 'n' : null].filter(Boolean).join(', ');
  for (;;) {
    const answer = await context.ask(`Your choice [${choices}]: `);
    if (answer === null) return null;
    const text = answer.trim().toLowerCase();
    if (text === 's' || text === 'skip') return 'skip';
    if (allow.all && (text === 'a' || text === 'all')) return 'all';
    if (allow.leaveOut && text === 'n') return 'leave-out';
    if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= count) return Number(text);
    context.say(`Type a number from the list, s to skip${allow.all ? ', a to see them all' : ''}${allow.leaveOut ? ', n to leave it out' : ''}.\n`);
  }
}

/**
 * Asks about each value in turn and returns the choices made (skipped values are not
 * in it). Stops early, keeping the choices so far, when input ends.
 */
export async function askValueChoices(values: readonly UnresolvedValue[], context: QuestionContext): Promise<{ choices: ValueChoice[]; stopped: boolean }> {
  const choices: ValueChoice[] = [];
  if (values.length > 0) {
    context.say(`${values.length} name${values.length === 1 ? '' : 's'} in the file ${values.length === 1 ? 'needs' : 'need'} a choice of OneFile record. Each choice is remembered for these columns.\n`);
  }
  for (const value of values) {
    const noun = context.nounOf(value.field);
    let options = optionsFor(value);
    const all = context.recordsOf(value.field);
    const leaveOut = canLeaveOut(value.field);
    const leaveOutLine = `  n  not a OneFile ${noun}: leave it out (these rows are imported with their other ${pluralNoun(noun)})`;
    const lines = [...listLines(options), '  s  skip: leave these rows out for now', `  a  show all ${all.length} ${all.length === 1 ? noun : pluralNoun(noun)}`];
    context.say(`\n${heading(value, context)}\n${[...lines, ...(leaveOut ? [leaveOutLine] : [])].join('\n')}\n`);
    let picked = await readChoice(context, options.length, { all: true, leaveOut });
    if (picked === 'all') {
      options = all.map((c) => ({ id: c.id, name: c.name, note: c.detail ?? `ID ${c.id}` }));
      context.say(`${[...listLines(options), '  s  skip', ...(leaveOut ? [leaveOutLine] : [])].join('\n')}\n`);
      picked = await readChoice(context, options.length, { all: false, leaveOut });
    }
    if (picked === null) {
      context.say('\nNo more answers: the names not chosen stay unresolved.\n');
      return { choices, stopped: true };
    }
    if (picked === 'skip' || picked === 'all') continue;
    if (picked === 'leave-out') {
      choices.push(leftOutChoice(value.field, value.value));
      context.say(`"${value.value}" is left out of the ${pluralNoun(noun)} on ${value.rows.length === 1 ? '1 row' : `${value.rows.length} rows`}: no OneFile ${noun}.\n`);
      continue;
    }
    const option = options[picked - 1];
    choices.push({ field: value.field, value: value.value, id: option.id, name: option.name });
    context.say(`"${value.value}" is ${noun} "${option.name}" (ID ${option.id}) on ${value.rows.length === 1 ? '1 row' : `${value.rows.length} rows`}.\n`);
  }
  return { choices, stopped: false };
}
