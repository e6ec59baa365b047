import type { Mapping } from '../../../shared/mapping';
import type { Table } from '../../../shared/table';
import type { RowResult } from './row-result';

/** OneFile's own validation codes that name a field (onefile-api.md, "Users"). */
const FIELD_OF_CODE: Readonly<Record<number, string>> = { [-11]: 'Organisation', [-57]: 'Placement', [-58]: 'Classroom' };

/** The field a failure is about: named by the importer, by one of OneFile's field codes, or a refused create whose message names the email. */
function fieldOfFailure(failure: NonNullable<RowResult['failure']>): string | undefined {
  const error = failure.error;
  if (!error) return undefined;
  if (error.field) return error.field;
  if (error.code !== undefined && FIELD_OF_CODE[error.code]) return FIELD_OF_CODE[error.code];
  return failure.operationKind === 'create-user' && error.kind === 'validation' && /e-?mail/i.test(error.oneFileMessage ?? '') ? 'Email' : undefined;
}

/**
 * Points a failure at the column that holds the field it is about (fieldOfFailure), so
 * the errors report fills the cell to fix (the runner knows operations, not columns).
 */
export function pointAtColumns(results: RowResult[], mapping: Mapping | undefined, table: Table): RowResult[] {
  if (!mapping?.columns) return results;
  return results.map((result) => {
    const field = result.failure ? fieldOfFailure(result.failure) : undefined;
    const column = field === undefined ? undefined : mapping.columns.find((c) => c.field === field);
    if (!result.failure || column === undefined || !table.columns[column.index]) return result;
    return { ...result, failure: { ...result.failure, columns: [...new Set([...result.failure.columns, table.columns[column.index]])] } };
  });
}
