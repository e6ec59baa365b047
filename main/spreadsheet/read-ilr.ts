import type { IlrSummary } from '../../shared/ilr';
import { PackedRow } from '../../shared/packed-row';
import { columnLetter, type Table, type TableRow } from '../../shared/table';
import type { ByteSource } from './byte-source';
import { ilrErrors } from './ilr-errors';
import { ILR_COLUMNS, learnerCells, standingOf } from './ilr-learner';
import { walkIlr } from './ilr-walk';
import type { ReadLimits, ReadOptions } from './types';

/**
 * Reads the ESFA's ILR XML file into a Table: one row per learner on an apprenticeship
 * standard, with the learner's own fields, the programme aim's standard and dates, and
 * the employer of the latest employment status (see ./ilr-learner). Learners whose
 * apprenticeship has ended are left out unless asked for, and counted either way.
 * Streamed and guarded as ./ilr-walk says.
 *
 * Rows are numbered by the learner's place in the file (the first `<Learner>` is row
 * 1); the table has no header row (`headerRow` 0). Nothing partial is ever returned.
 */

export interface IlrRead {
  table: Table;
  summary: IlrSummary;
}

export async function readIlr(source: ByteSource, options: ReadOptions, limits: ReadLimits): Promise<IlrRead> {
  const file = source.name;
  const includeEnded = options.includeEndedLearners === true;
  let ended = 0;
  let notApprenticeship = 0;
  const rows: TableRow[] = [];
  const { namespace, learners } = await walkIlr(source, (learner) => {
    const standing = standingOf(learner);
    if (standing === 'not-apprenticeship') notApprenticeship += 1;
    if (standing === 'ended') ended += 1;
    if (standing === 'in-learning' || (standing === 'ended' && includeEnded)) {
      if (rows.length >= limits.maxRows) throw ilrErrors.tooManyLearners(file, limits.maxRows);
      // Packed into one string of its own: the cells are slices of the decoded text, and a
      // row kept as they are would keep every piece of the file it was read from alive.
      rows.push(new PackedRow(learner.position, learnerCells(learner)));
    }
  });

  const summary: IlrSummary = {
    namespace,
    year: /(\d{4}-\d{2})$/.exec(namespace)?.[1] ?? null,
    learners,
    read: rows.length,
    ended,
    notApprenticeship,
    includeEnded,
  };
  const table: Table = {
    source: { file, format: 'ilr', headerRow: 0, ilr: summary },
    headers: [...ILR_COLUMNS],
    columns: ILR_COLUMNS.map((_name, index) => columnLetter(index)),
    rows,
  };
  return { table, summary };
}

