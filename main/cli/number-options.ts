import { InvalidArgumentError } from 'commander';
import { MAX_BUDGET_PER_MINUTE } from '../../shared/defaults';
import { parseRowsInFlight, type RowsInFlightSetting } from '../import';

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
