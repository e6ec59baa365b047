import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { columnLetter } from '../../shared/table';
import type { ByteSource } from './byte-source';
import { MAX_CELL_CHARACTERS } from './build-table';
import { SpreadsheetError, spreadsheetErrors } from './errors';
import { ilrErrors } from './ilr-errors';
import { DELIVERY_FIELDS, EMPLOYMENT_FIELDS, ILR_COLUMNS, LEARNER_FIELDS, newLearner, type IlrLearner } from './ilr-learner';
import { detectBom, guessUtf16WithoutBom } from './text-encoding';

/**
 * Walks an ILR XML file (root `<Message>` in the `ESFA/ILR/<year>` namespace) learner by
 * learner, keeping of each only the elements the import maps (see ./ilr-learner): the
 * reader turns them into rows (./read-ilr), the app's upload keeps only them on disk
 * (./ilr-reduce).
 *
 * Safety and memory, as for a CSV:
 * - streamed through saxes 64 KB at a time; the file is never held whole nor built into
 *   a DOM, and a learner's ethnicity, health, prior attainment, funding and monitoring
 *   are skipped unread;
 * - a document type declaration is refused as soon as it is seen (so no DTD, internal
 *   or external entity is ever processed; saxes itself expands none), and an entity
 *   XML does not define is refused too;
 * - a run of text with no tag longer than any ILR holds stops the read at once, so a
 *   hostile file cannot make one huge string.
 *
 * Every failure is a SpreadsheetError naming the file; a learner handed to `onLearner`
 * is complete, but the caller must drop everything if the walk then fails.
 */

export interface IlrWalk {
  /** The root's namespace, e.g. `ESFA/ILR/2024-25`. */
  namespace: string;
  /** Learners in the file. */
  learners: number;
}

/**
 * Bytes handed to saxes at a time. Measured on a 100 MB ILR (bench/ilr-intake.ts):
 * 1 MB chunks peaked near 350 MB and took twice as long; 64 KB chunks keep what each
 * write leaves for the collector small.
 */
const CHUNK_BYTES = 64 * 1024;

/** Longer than any run of text between two tags in an ILR (its longest field is 100 characters). */
export const MAX_TEXT_RUN = 1_000_000;

const ILR_NAMESPACE = /^ESFA\/ILR\//i;
const UNICODE_ENCODINGS = new Set(['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be', 'utf16']);

interface Capture {
  into: Map<string, string>;
  name: string;
  text: string;
}

export async function walkIlr(source: ByteSource, onLearner: (learner: IlrLearner) => void, onRoot: (namespace: string) => void = () => {}): Promise<IlrWalk> {
  const file = source.name;
  const head = await source.read(0, 4096);
  const encoding = detectBom(head)?.encoding ?? guessUtf16WithoutBom(head) ?? 'utf-8';
  const decoder = new TextDecoder(encoding, { fatal: true });

  const parser = new SaxesParser({ xmlns: true, position: true });
  const path: string[] = [];
  let namespace = '';
  let learner: IlrLearner | null = null;
  let record: Map<string, string> | null = null;
  let capture: Capture | null = null;
  let learners = 0;

  const column = (name: string) => columnLetter(Math.max(0, ILR_COLUMNS.indexOf(name as never)));

  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !UNICODE_ENCODINGS.has(decl.encoding.toLowerCase())) throw ilrErrors.declaredEncoding(file, decl.encoding);
  });
  parser.on('doctype', () => {
    throw ilrErrors.documentType(file, parser.line, parser.column);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const depth = path.length;
    path.push(tag.local);
    if (depth === 0) {
      if (tag.local === 'Workbook' && tag.uri.includes('urn:schemas-microsoft-com:office:spreadsheet')) throw spreadsheetErrors.legacyXls(file);
      if (tag.local !== 'Message' || !ILR_NAMESPACE.test(tag.uri)) throw ilrErrors.notIlr(file, tag.local, tag.uri);
      namespace = tag.uri;
      onRoot(namespace);
      return;
    }
    if (tag.uri !== namespace) return;
    if (depth === 1 && tag.local === 'Learner') {
      learners += 1;
      learner = newLearner(learners);
    } else if (learner && depth === 2) {
      if (tag.local === 'LearningDelivery') learner.deliveries.push((record = new Map()));
      else if (tag.local === 'LearnerEmploymentStatus') learner.employments.push((record = new Map()));
      else if (LEARNER_FIELDS.has(tag.local)) capture = { into: learner.fields, name: tag.local, text: '' };
    } else if (learner && record && depth === 3) {
      const wanted = path[2] === 'LearningDelivery' ? DELIVERY_FIELDS : EMPLOYMENT_FIELDS;
      if (wanted.has(tag.local)) capture = { into: record, name: tag.local, text: '' };
    }
  });
  const onText = (text: string) => {
    if (!capture) return;
    capture.text += text;
    if (capture.text.length > MAX_CELL_CHARACTERS) {
      throw spreadsheetErrors.cellTooLong(file, learner?.position ?? 0, column(capture.name), undefined, MAX_CELL_CHARACTERS);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const depth = path.length - 1;
    path.pop();
    if (capture && (depth === 2 || depth === 3)) {
      capture.into.set(capture.name, capture.text.trim());
      capture = null;
    }
    if (depth === 2) record = null;
    if (depth === 1 && learner) {
      onLearner(learner);
      learner = null;
    }
  });

  let sinceTag = 0;
  const write = (text: string) => {
    sinceTag = guardTextRun(text, sinceTag, () => ilrErrors.runTooLong(file, parser.line, MAX_TEXT_RUN));
    parser.write(text);
  };
  try {
    for await (const chunk of source.chunks(CHUNK_BYTES)) write(decodeChunk(decoder, chunk, file, encoding, true));
    write(decodeChunk(decoder, new Uint8Array(0), file, encoding, false));
    if (path.length > 0) throw ilrErrors.cutShort(file, learners);
    parser.close();
  } catch (error) {
    throw asIlrError(error, file, parser, learners, path.length);
  }
  if (learners === 0) throw ilrErrors.noLearners(file);
  return { namespace, learners };
}


function decodeChunk(decoder: TextDecoder, chunk: Uint8Array, file: string, encoding: string, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    // At the very end, an unfinished character means the file was cut mid-character.
    if (!stream) throw ilrErrors.cutShort(file, 0);
    throw ilrErrors.notUtf8(file, encoding);
  }
}

/**
 * Counts the characters since the last `<`, across chunks, and stops the read when a run
 * passes `MAX_TEXT_RUN`. Returns the run still open at the end of this text.
 */
export function guardTextRun(text: string, openRun: number, refuse: () => Error): number {
  let run = openRun;
  let from = 0;
  for (;;) {
    const next = text.indexOf('<', from);
    const length = (next < 0 ? text.length : next) - from;
    if (run + length > MAX_TEXT_RUN) throw refuse();
    if (next < 0) return run + length;
    run = 0;
    from = next + 1;
  }
}

/** saxes reports `line:column: message`; anything else thrown is ours already. */
function asIlrError(error: unknown, file: string, parser: SaxesParser, learners: number, openElements: number): unknown {
  if (error instanceof SpreadsheetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const located = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  const line = located ? Number(located[1]) : parser.line;
  const column = located ? Number(located[2]) : parser.column;
  const detail = located ? located[3] : message;
  if (/undefined entity/i.test(detail)) return ilrErrors.entity(file, line, column);
  if (/unclosed tag/i.test(detail) && openElements > 0) return ilrErrors.cutShort(file, learners);
  return ilrErrors.malformed(file, line, column, detail);
}
