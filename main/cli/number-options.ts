import { InvalidArgumentError } from 'commander';
import { MAX_BUDGET_PER_MINUTE } from '../../shared/defaults';
import { parseRowsInFlight, type RowsInFlightSetting } from '../import';
import { WRITABLE_USER_FIELDS } from '../onefile/user-fields';

/** The commands' number options, read as the command is read: a wrong one stops it before anything is opened or sent. */

/** `--concurrency`: a number of rows in flight, or `auto`. */
export function rowsInFlightOption(value: string): RowsInFlightSetting {
  const setting = parseRowsInFlight(value);
  if (setting === undefined) throw new InvalidArgumentError('give the rows in flight as auto, or a whole number from 1 to 64.');
  return setting;
}

export function positiveInteger(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`give ${what} as a whole number of at least 1.`);
    return Number(value);
  };
}

/** `--budget N`: calls a minute, refused before anything is read or started when OneFile allows no such number. */
export function callBudget(value: string): number {
  const budget = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(budget >= 1 && budget <= MAX_BUDGET_PER_MINUTE)) {
    throw new InvalidArgumentError(`give the budget as a whole number of calls a minute from 1 to ${MAX_BUDGET_PER_MINUTE} (OneFile documents 100, and ${MAX_BUDGET_PER_MINUTE} on newer accounts).`);
  }
  return budget;
}

/** The sandbox's number switches: a whole number (0 included). */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number, e.g. 100.');
  return Number(value);
}

/**
 * A comma-separated list of field names, each one of `allowed` in any case (`PlacementID,dob`),
 * given back as `allowed` spells it; `notAllowed` says why another name is refused.
 */
function fieldList(allowed: readonly string[], notAllowed: string): (value: string) => string[] {
  return (value) =>
    value.split(',').map((part) => part.trim()).filter(Boolean).map((field) => {
      const known = allowed.find((key) => key.toLowerCase() === field.toLowerCase());
      if (!known) throw new InvalidArgumentError(`"${field}" ${notAllowed}. One of: ${allowed.join(', ')}.`);
      return known;
    });
}

/** The user fields the importer writes. */
export const userFieldList = fieldList(WRITABLE_USER_FIELDS, 'is not a user field the importer writes');

/** The fields `--unique-user-fields` may name: those a OneFile could hold one user to. */
export const uniqueFieldList = fieldList(['Email', 'MISID', 'ULN', 'NINO'], 'cannot be made unique here');

export function probability(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new InvalidArgumentError('Expected a probability between 0 and 1, e.g. 0.05.');
  }
  return number;
}
