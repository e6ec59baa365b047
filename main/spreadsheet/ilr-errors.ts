import { SpreadsheetError, formatCount } from './errors';

/**
 * Every way an ILR XML file can fail to read, worded like the spreadsheet errors: what
 * is wrong, then what to do. Nothing of a refused file is imported.
 */

const exportAgain = 'Export the ILR again from your MIS (or copy it again in full), then try again.';

/** Where in the file, as a text editor shows it. */
function at(line: number, column: number): string {
  return `line ${formatCount(line)}, column ${formatCount(column)}`;
}

export const ilrErrors = {
  notIlr: (file: string, root: string, namespace: string) =>
    new SpreadsheetError({
      file,
      code: 'not-ilr',
      problem:
        `This XML file is not an ILR: its root element is <${root}>${namespace ? ` in the namespace "${namespace}"` : ' with no namespace'}, ` +
        'where an ILR has <Message> in the ESFA\'s "ESFA/ILR/<year>" namespace (for example "ESFA/ILR/2024-25").',
      hint: 'Choose the ILR file your MIS produces for the ESFA, or a CSV or Excel export of your learners.',
    }),
  documentType: (file: string, line: number, column: number) =>
    new SpreadsheetError({
      file,
      code: 'unsafe-xml',
      problem:
        `The file declares a document type (<!DOCTYPE ...> at ${at(line, column)}). An ILR never has one, and one can make an XML reader ` +
        'fetch or expand content from outside the file, so it was refused for safety and nothing was read.',
      hint: `${exportAgain} If the file did not come from your MIS, do not use it.`,
    }),
  entity: (file: string, line: number, column: number) =>
    new SpreadsheetError({
      file,
      code: 'unsafe-xml',
      problem: `The file refers to an entity that XML does not define (an &name; at ${at(line, column)}), which an ILR never does; it was refused and nothing was read.`,
      hint: `${exportAgain} If the file did not come from your MIS, do not use it.`,
    }),
  malformed: (file: string, line: number, column: number, detail: string) =>
    new SpreadsheetError({
      file,
      row: line,
      code: 'malformed-xml',
      problem: `The file is not well-formed XML: at ${at(line, column)}, ${detail.replace(/\.$/, '')}. It is damaged, so nothing was read.`,
      hint: exportAgain,
    }),
  cutShort: (file: string, learners: number) =>
    new SpreadsheetError({
      file,
      code: 'cut-short',
      problem:
        `The file ends before the ILR does (its <Message> is never closed), so it was cut short when it was copied, saved or downloaded` +
        `${learners > 0 ? `: ${formatCount(learners)} learners were complete, and others may be missing` : ''}. Nothing was read.`,
      hint: exportAgain,
    }),
  notUtf8: (file: string, encoding: string) =>
    new SpreadsheetError({
      file,
      code: 'unknown-encoding',
      problem: `The file is not valid ${encoding.toUpperCase()} text, as an ILR file is, so names would come out garbled; nothing was read.`,
      hint: exportAgain,
    }),
  declaredEncoding: (file: string, encoding: string) =>
    new SpreadsheetError({
      file,
      code: 'unknown-encoding',
      problem: `The file says it is in the "${encoding}" encoding; the importer reads ILR files in UTF-8 (or UTF-16), as the ESFA requires, so nothing was read.`,
      hint: exportAgain,
    }),
  runTooLong: (file: string, line: number, limit: number) =>
    new SpreadsheetError({
      file,
      row: line,
      code: 'too-large',
      problem: `From line ${formatCount(line)} the file holds more than ${formatCount(limit)} characters without a single tag, which no ILR does: it is damaged or not an ILR.`,
      hint: exportAgain,
    }),
  tooManyLearners: (file: string, limit: number) =>
    new SpreadsheetError({
      file,
      code: 'too-large',
      problem: `The ILR has more than ${formatCount(limit)} learners to read.`,
      hint: 'Import it from a CSV or Excel export split into smaller files, one after another.',
    }),
  noLearners: (file: string) =>
    new SpreadsheetError({
      file,
      code: 'header-only',
      problem: 'The ILR has no learners in it.',
      hint: 'Choose the ILR that holds your learners (the full-year file your MIS produces each month).',
    }),
};
