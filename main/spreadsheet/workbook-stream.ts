import { Readable } from 'node:stream';
import type { ByteSource } from './byte-source';
import { SpreadsheetError, spreadsheetErrors } from './errors';
import { HiddenRowScanner } from './hidden-rows';
import { MergedCellScanner, type MergedRange } from './merged-cells';
import { SharedStringsGuard, SharedStringsOverLimit } from './shared-strings-guard';
import type { ReadLimits } from './types';
import { partError, sharedStringsName, type StreamedPart } from './workbook-parts';
import { inflatePart } from './zip-part';

/**
 * What exceljs's streaming reader is given instead of the file: a zip of the parts it
 * reads, inflated by us, counted, and passed on stored (uncompressed), so exceljs never
 * inflates anything itself and never sees more bytes than a part declares.
 *
 * exceljs walks a zip by its local headers and takes the sizes they state; each part is
 * written here with the size the directory declared, checked against the local header
 * beforehand and held to it byte by byte while streaming. When a part goes wrong the
 * stream stops and `failure` says why; `watch` ends an iteration of exceljs with that
 * error, since exceljs itself may wait forever for bytes that will never come.
 */
export interface WorkbookStream {
  input: Readable;
  /** The iterable's items until it ends or the workbook's stream fails. */
  watch<T>(iterable: AsyncIterable<T>): AsyncIterable<T>;
  /** Why the stream stopped early, as a person reads it; undefined while it is well. */
  readonly failure: SpreadsheetError | undefined;
  /** Stops reading the file (and closes it), whatever exceljs is doing. */
  close(): void;
  /**
   * The rows sheet part `xl/worksheets/sheet<id>.xml` hides (see ./hidden-rows), once
   * the part has passed (exceljs's worksheet `id` names it); [] for a part not seen.
   */
  hiddenRows(sheetId: number): readonly number[];
  /** The cells that part merges (see ./merged-cells), once the whole part has passed; [] for a part not seen. */
  mergedCells(sheetId: number): readonly MergedRange[];
}

const localHeaderSignature = 0x04034b50;
const endOfDirectorySignature = 0x06054b50;
/** exceljs sends a sheet straight through only once it has the shared strings; a workbook without any gets an empty list. */
const noSharedStrings = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>');

export function guardedWorkbookStream(source: ByteSource, parts: StreamedPart[], limits: ReadLimits): WorkbookStream {
  const tripwire = new Tripwire();
  const scanners = new Map<string, { hidden: HiddenRowScanner; merged: MergedCellScanner }>();

  async function* zip(): AsyncGenerator<Buffer> {
    try {
      const beforeSheets = parts.findIndex((p) => !p.sharedStrings && /^xl\/worksheets\//.test(p.part.name));
      for (const [index, planned] of parts.entries()) {
        if (index === beforeSheets && !parts.some((p) => p.sharedStrings)) yield* storedPart(sharedStringsName, noSharedStrings.length, [noSharedStrings]);
        const guard = planned.sharedStrings ? new SharedStringsGuard(limits) : undefined;
        const bytes = inflatePart(source, planned.part, planned.capBytes);
        const scanner = sheetPart.test(planned.part.name) ? { hidden: new HiddenRowScanner(), merged: new MergedCellScanner() } : undefined;
        if (scanner) scanners.set(planned.part.name, scanner);
        yield* storedPart(planned.part.name, planned.part.uncompressedSize, guard ? counted(bytes, guard) : scanner ? scanned(bytes, scanner) : bytes);
      }
      yield endOfDirectory();
    } catch (error) {
      tripwire.trip(describe(source.name, error, limits));
    }
  }

  const input = Readable.from(zip(), { objectMode: false });
  return {
    input,
    get failure() {
      return tripwire.error;
    },
    watch: (iterable) => untilFailure(iterable, tripwire),
    close: () => input.destroy(),
    hiddenRows: (sheetId) => scanners.get(`xl/worksheets/sheet${sheetId}.xml`)?.hidden.rows ?? [],
    mergedCells: (sheetId) => scanners.get(`xl/worksheets/sheet${sheetId}.xml`)?.merged.ranges ?? [],
  };
}

/** A sheet's part, as exceljs names its worksheets by it. */
const sheetPart = /^xl\/worksheets\/sheet\d+\.xml$/;

async function* scanned(bytes: AsyncIterable<Buffer>, scanner: { hidden: HiddenRowScanner; merged: MergedCellScanner }): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    scanner.hidden.push(chunk);
    scanner.merged.push(chunk);
    yield chunk;
  }
}

async function* storedPart(name: string, size: number, bytes: AsyncIterable<Buffer> | Buffer[]): AsyncGenerator<Buffer> {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(localHeaderSignature, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // the name is UTF-8
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  yield Buffer.concat([header, nameBytes]);
  yield* bytes;
}

async function* counted(bytes: AsyncIterable<Buffer>, guard: SharedStringsGuard): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    guard.push(chunk);
    yield chunk;
  }
}

function endOfDirectory(): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(endOfDirectorySignature, 0);
  return end;
}

function describe(file: string, error: unknown, limits: ReadLimits): SpreadsheetError {
  if (error instanceof SharedStringsOverLimit) {
    return error.limit === 'count' ? spreadsheetErrors.tooManySharedStrings(file, limits.maxSharedStrings) : spreadsheetErrors.sharedStringsTooLong(file, limits.maxSharedStringsLength);
  }
  return partError(file, error);
}

/**
 * Ends waits when the stream fails. Not a Promise.race against one long-lived promise:
 * each race would leave a reaction on it holding that step's result (every row of the
 * sheet, kept until the read ends); a waiter here is dropped as soon as its step settles.
 */
class Tripwire {
  error: SpreadsheetError | undefined;
  private readonly waiting = new Set<(error: SpreadsheetError) => void>();

  trip(error: SpreadsheetError): void {
    this.error = error;
    for (const stop of this.waiting) stop(error);
    this.waiting.clear();
  }

  /** The step's outcome, or the failure if the stream fails first. */
  race<T>(step: Promise<T>): Promise<T> {
    if (this.error) return Promise.reject(this.error);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      step.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}

async function* untilFailure<T>(iterable: AsyncIterable<T>, tripwire: Tripwire): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const next = await tripwire.race(iterator.next());
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // As a for-await loop would: let exceljs tidy up when the reader stops early. Not
    // awaited: after a failure exceljs may never answer.
    if (!finished) iterator.return?.()?.catch(() => undefined);
  }
}
