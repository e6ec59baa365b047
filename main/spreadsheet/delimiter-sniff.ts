/**
 * Finds the delimiter from the first records, counting only outside quotes. papaparse's
 * own guess is weak with ';' (Excel's choice in much of Europe) and with quoted
 * newlines, so we decide and tell it.
 */
export const candidateDelimiters = [',', ';', '\t', '|'] as const;

const maxRecords = 50;

export interface Sniffed {
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
}

/**
 * `sample` is the decoded start of the file. The delimiter chosen is the one whose count
 * per record agrees across the most records (a title line above the header counts
 * against nobody), then the one with more columns, then the file extension's habit.
 */
export function sniffDelimiter(sample: string, fileName: string, complete: boolean): Sniffed {
  const { records, newline } = countOutsideQuotes(sample, complete);
  const preferTab = /\.(tsv|tab)$/i.test(fileName);
  const order: string[] = preferTab ? ['\t', ',', ';', '|'] : [...candidateDelimiters];
  let best = { delimiter: order[0], agree: 0, columns: 0 };
  for (const delimiter of order) {
    const counts = records.map((r) => r.get(delimiter) ?? 0).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const modal = modalCount(counts);
    const agree = counts.filter((n) => n === modal).length;
    if (agree > best.agree || (agree === best.agree && modal > best.columns)) best = { delimiter, agree, columns: modal };
  }
  return { delimiter: best.delimiter, newline };
}

function modalCount(counts: number[]): number {
  const frequency = new Map<number, number>();
  for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
  let modal = 0;
  let seen = 0;
  for (const [n, times] of frequency) {
    if (times > seen || (times === seen && n > modal)) {
      modal = n;
      seen = times;
    }
  }
  return modal;
}

function countOutsideQuotes(sample: string, complete: boolean): { records: Map<string, number>[]; newline: Sniffed['newline'] } {
  const records: Map<string, number>[] = [];
  let newline: Sniffed['newline'] | undefined;
  let current = new Map<string, number>();
  let blank = true;
  let inQuotes = false;
  for (let i = 0; i < sample.length && records.length < maxRecords; i++) {
    const ch = sample[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      blank = false;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (newline === undefined) newline = ch === '\r' ? (sample[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      if (!blank) records.push(current);
      current = new Map();
      blank = true;
    } else if (!inQuotes && (candidateDelimiters as readonly string[]).includes(ch)) {
      current.set(ch, (current.get(ch) ?? 0) + 1);
      blank = false;
    } else if (ch.trim() !== '') {
      blank = false;
    }
  }
  // The sample's last record may be cut short unless the sample is the whole file.
  if (complete && !blank && records.length < maxRecords) records.push(current);
  return { records, newline: newline ?? '\n' };
}
