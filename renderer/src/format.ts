/** How numbers and times read on screen: "1,234", "3 min 20 s", "about 4 minutes". */

import type { ExportedReport } from '../../shared/contract-types';

export { formatCount, plural } from './counts';

/** Elapsed or remaining time, to the second under an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s.toString().padStart(2, '0')} s`;
  return `${s} s`;
}

/** A limit in whole minutes: "30 minutes", "1 minute" (under a minute: seconds). */
export function formatMinutes(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** An estimate, rounded the way a person says it. */
export function formatEstimate(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return 'under a minute';
  if (minutes < 90) return `about ${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}`;
  return `about ${(minutes / 60).toFixed(1)} hours`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Bytes of an uploaded file as base64, in chunks so a large file does not overflow the stack. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** A file the app handed over (a report, a workbook, the file with its fixes): saved by the desktop's dialog, or its bytes to download. */
type HandedOver = Pick<ExportedReport, 'fileName' | 'mimeType' | 'savedTo' | 'contentBase64'>;

/** Where a file the app handed over went, in words; null when the user cancelled the Save dialog. */
export function handedOverWords(file: HandedOver): string | null {
  return file.savedTo ? `Saved as ${file.savedTo}` : file.contentBase64 ? `Downloaded as ${file.fileName}` : null;
}

/** Saves a file the app handed over as bytes (browser mode) through the browser's download; one the desktop saved needs nothing. */
export function downloadHandedOver(file: HandedOver): void {
  if (!file.contentBase64) return;
  const { fileName, mimeType, contentBase64: base64 } = file;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The message of anything thrown by a call, for an alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: string }).hint;
    return hint ? `${error.message} ${hint}` : error.message;
  }
  return String(error);
}
