import { isProgrammeAimReference } from '../../shared/ilr';
import type { UnresolvedValue } from '../import';
import type { GivenReadOptions } from './source-options';

/**
 * The exact command that resolves a file's names, printed where nothing can be asked
 * (a scheduled run, a pipe): the same file, environment, organisation and reading
 * options, so it can be pasted into a terminal as it is, or run from a script with
 * the `--accept` answers filled in.
 */

/** Options of the import that decide which names a file has (how it is read and mapped). */
export interface ResolveTarget extends GivenReadOptions {
  file: string;
  env: string;
  org: number;
  mapping?: string;
  dataDir?: string;
  role?: string;
}

/** One word of a command, quoted for the shell it will be pasted into. */
export function shellWord(word: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (platform === 'win32') return `"${word.replace(/"/g, '""')}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `onefile-import resolve <file> --env ... --org ...` with the options that were given. */
export function resolveCommandWords(target: ResolveTarget): string[] {
  const words = ['onefile-import', 'resolve', target.file, '--env', target.env, '--org', String(target.org)];
  if (target.mapping) words.push('--mapping', target.mapping);
  if (target.sheet) words.push('--sheet', target.sheet);
  if (target.headerRow) words.push('--header-row', String(target.headerRow));
  if (target.encoding) words.push('--encoding', target.encoding);
  if (target.delimiter) words.push('--delimiter', target.delimiter === '\t' ? '\\t' : target.delimiter);
  if (target.includeEnded) words.push('--include-ended');
  if (target.includeHiddenRows) words.push('--include-hidden-rows');
  if (target.role && target.role !== 'learner') words.push('--role', target.role);
  if (target.dataDir) words.push('--data-dir', target.dataDir);
  return words;
}

/** `Column:file value=OneFile name`, the argument of `--accept`. */
export function acceptArgument(column: string, value: string, target: string): string {
  return `${column}:${value}=${target}`;
}

/**
 * The two commands: one that asks on a terminal, and one for a script that accepts
 * the best suggestion for each name (a placeholder where there is none, or where the
 * name fits several records and only a person can say which), and leaves out an ILR
 * programme aim ("ZPROG001"), which is no standard.
 */
export function resolveCommands(
  target: ResolveTarget,
  values: readonly UnresolvedValue[],
  headerOf: (field: string) => string,
  platform: NodeJS.Platform = process.platform,
): { ask: string; accept: string } {
  const base = resolveCommandWords(target);
  const accepts = values.flatMap((value) => {
    // An ILR programme aim is no standard at all: the script leaves it out rather than guess one.
    if (value.field === 'Standards' && isProgrammeAimReference(value.value)) return ['--leave-out', `${headerOf(value.field)}:${value.value}`];
    const best = value.status === 'unmatched' ? value.suggestions[0]?.name : undefined;
    return ['--accept', acceptArgument(headerOf(value.field), value.value, best ?? '<OneFile name or ID>')];
  });
  const line = (words: string[]) => words.map((w) => shellWord(w, platform)).join(' ');
  return { ask: line(base), accept: line([...base, ...accepts]) };
}

/** What to print when names are still unresolved: the exact `resolve` commands, for a terminal and for a script. */
export function resolveHintLines(commands: { ask: string; accept: string } | null): string[] {
  if (!commands) return [];
  return [
    'Choose the OneFile records for these names (remembered for these columns), then import again:',
    `  on a terminal:  ${commands.ask}`,
    `  in a script:    ${commands.accept}`,
  ];
}
