import ExcelJS from 'exceljs';

/**
 * Reading back a template's drop-down lists (Excel data validations) with exceljs, as
 * Excel shows them: per header, the entries its list offers. Shared by the template's
 * engine, service and browser tests.
 */

/** A list rule's entries: inline (`"a,b"`) or a range of the hidden Lists sheet. */
export function listEntries(workbook: ExcelJS.Workbook, formula: string): string[] {
  if (formula.startsWith('"')) return formula.slice(1, -1).split(',');
  const [sheetName, range] = formula.split('!');
  const [from, to] = range.replace(/\$/g, '').split(':');
  const sheet = workbook.getWorksheet(sheetName.replace(/^'|'$/g, ''))!;
  const column = from.replace(/\d+/g, '');
  const entries: string[] = [];
  for (let row = Number(from.replace(/\D+/g, '')); row <= Number(to.replace(/\D+/g, '')); row++) entries.push(String(sheet.getCell(`${column}${row}`).value));
  return entries;
}

/** Per header of the Learners sheet (without its `*`), the entries of the list on its first data cell. */
export function dropDownLists(workbook: ExcelJS.Workbook): Map<string, string[]> {
  const sheet = workbook.getWorksheet('Learners')!;
  const found = new Map<string, string[]>();
  sheet.getRow(1).eachCell((cell, column) => {
    const rule = sheet.getCell(2, column).dataValidation;
    if (rule?.type === 'list') found.set(String(cell.value).replace(' *', ''), listEntries(workbook, String(rule.formulae[0])));
  });
  return found;
}
