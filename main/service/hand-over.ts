import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ExportedReport } from '../../shared/contract-types';
import { ensurePrivateFolder } from '../private-files';
import type { AppServiceOptions } from './service-context';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file's name without its extension, as the start of a file handed over: "Learners 2026" gives "Learners_2026". */
export function fileStem(fileName: string): string {
  return path.parse(fileName).name.replace(/[^\p{L}\p{N}.-]+/gu, '_');
}

/**
 * A file made or kept for the person, handed over: on the desktop saved where they
 * choose in a Save dialog (`savedTo` null when they cancel), in browser mode its bytes
 * for the window to download.
 */
export async function handOver(options: Pick<AppServiceOptions, 'dialogs'>, file: string, fileName: string, mimeType: string): Promise<ExportedReport> {
  if (options.dialogs) {
    const target = await options.dialogs.pickSaveLocation(fileName);
    if (!target) return { fileName, mimeType, savedTo: null, contentBase64: null };
    await fs.copyFile(file, target);
    return { fileName: path.basename(target), mimeType, savedTo: target, contentBase64: null };
  }
  return { fileName, mimeType, savedTo: null, contentBase64: (await fs.readFile(file)).toString('base64') };
}

/**
 * Makes a workbook in the data folder's private exports folder (it names learners),
 * hands it over, and deletes it whatever happens.
 */
export async function handOverMade<About>(
  options: Pick<AppServiceOptions, 'dialogs' | 'dataDir'>,
  fileName: string,
  make: (file: string) => Promise<About>,
): Promise<About & ExportedReport> {
  const folder = path.join(options.dataDir, 'exports');
  ensurePrivateFolder(folder);
  const file = path.join(folder, `${randomUUID()}.xlsx`);
  try {
    const about = await make(file);
    return { ...about, ...(await handOver(options, file, fileName, XLSX_MIME)) };
  } finally {
    await fs.rm(file, { force: true });
  }
}
