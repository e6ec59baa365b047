import * as fs from 'node:fs';
import ExcelJS from 'exceljs';

/**
 * What a file the importer wrote says, as text: an XLSX's cells (its XML is zipped, so
 * its bytes would hide a text), any other file's bytes as UTF-8. For tests that look
 * for what must never be written.
 */
export async function writtenText(file: string): Promise<string> {
  if (!file.endsWith('.xlsx')) return fs.readFileSync(file).toString('utf8');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const parts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void parts.push(String(cell.value)))));
  return parts.join('\n');
}
