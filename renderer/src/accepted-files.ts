/**
 * The files the importer reads, as the file drop's `accept` (MIME type → extensions):
 * spreadsheets, and the ESFA's ILR file (.xml). Types and extensions both, because
 * Windows often reports a CSV as Excel or as nothing, and an .xml as text.
 *
 * Kept apart from the drop component so a plain test can check it without a browser.
 */
export const SPREADSHEET_ACCEPT: Record<string, string[]> = {
  'text/csv': ['.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.ms-excel': ['.csv'],
  'text/tab-separated-values': ['.tsv'],
  'text/plain': ['.txt', '.tsv', '.csv'],
  'application/xml': ['.xml'],
  'text/xml': ['.xml'],
  'application/octet-stream': ['.csv', '.tsv', '.txt', '.xlsx', '.xml'],
};

/** Whether the drop accepts a file, by its reported type (may be empty) and its name, as react-dropzone decides. */
export function isAcceptedFile(name: string, type: string): boolean {
  const extension = /\.[^.]+$/.exec(name.toLowerCase())?.[0];
  if (type && SPREADSHEET_ACCEPT[type]) return true;
  return extension !== undefined && Object.values(SPREADSHEET_ACCEPT).some((extensions) => extensions.includes(extension));
}

/** How the drop areas name what they take. */
export const ACCEPTED_FILES_TEXT = 'CSV, TSV, TXT, Excel (.xlsx) or an ILR file (.xml)';
