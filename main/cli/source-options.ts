import { InvalidArgumentError } from 'commander';
import { fieldDefinition, FIELDS } from '../../shared/fields';
import { knownField, type EveryRowValues } from '../../shared/mapping';
import type { SourceReadOptions } from '../import';

/**
 * The options `check`, `import` and `resolve` share for what a file does not say itself:
 * a text file's encoding and delimiter where detection guessed wrong, whether
 * an ILR's ended apprenticeships are read, and values for every row of a field the file
 * has no column for (an ILR has no assessor or class, which OneFile needs for a learner).
 */

export const INCLUDE_ENDED_HELP = 'ILR files: read the learners whose apprenticeship has ended, was withdrawn or is on a break too (left out by default)';
export const INCLUDE_HIDDEN_HELP = 'XLSX: read the rows Excel hides (filtered out, hidden by hand, folded in a group) too (left out by default, as Excel does not show them)';

export const ENCODING_HELP = 'text files: utf-8, utf-16le, windows-1252... (default: detected)';
export const DELIMITER_HELP = 'text files: the delimiter, e.g. "," ";" "|" or "\\t" (default: detected)';

/** `--delimiter`: one character, "\t" (as a shell passes it) standing for a tab. */
export function delimiterOption(text: string): string {
  const delimiter = text === '\\t' ? '\t' : text;
  if ([...delimiter].length !== 1) throw new InvalidArgumentError('give one character, e.g. ";" or "|", or "\\t" for a tab.');
  return delimiter;
}

/** How a file is read, as `check`, `import` and `resolve` are given it (and a printed command gives it again). */
export interface GivenReadOptions {
  sheet?: string;
  headerRow?: number;
  /** Text files: the encoding and delimiter given where detection guessed wrong (the names read depend on them). */
  encoding?: string;
  delimiter?: string;
  /** ILR files: the ended apprenticeships are read too. */
  includeEnded?: boolean;
  /** XLSX: the rows Excel hides are read too. */
  includeHiddenRows?: boolean;
}

/** The reading options a command was given, as the file's reader takes them (the same for `check`, `import` and `resolve`). */
export function sourceReadOptions(options: GivenReadOptions): SourceReadOptions {
  return { sheet: options.sheet, headerRow: options.headerRow, encoding: options.encoding, delimiter: options.delimiter, includeEndedLearners: options.includeEnded, includeHiddenRows: options.includeHiddenRows };
}

export const EVERY_ROW_HELP =
  'a value for every row of a field the file has no column for, e.g. --every-row "Assessor=Kate Anderson" --every-row "Class=Business Admin L2" (repeat it; names are resolved like any cell)';

/** `--every-row "Assessor=Kate Anderson"`, repeatable: the field by its key, label or a header that means it. */
export function everyRowOption(text: string, previous: EveryRowValues = {}): EveryRowValues {
  const equals = text.indexOf('=');
  if (equals < 1) throw new InvalidArgumentError('write it as "Field=value", e.g. "Assessor=Kate Anderson".');
  const name = text.slice(0, equals).trim();
  const value = text.slice(equals + 1).trim();
  const field = knownField(name)?.field;
  if (!field) {
    throw new InvalidArgumentError(`"${name}" is not a field: use one of ${FIELDS.map((f) => f.label).join(', ')}.`);
  }
  if (value === '') throw new InvalidArgumentError(`give ${fieldDefinition(field).label} a value after the "=".`);
  return { ...previous, [field]: value };
}
