import { spanHash, textHash } from './text-hash';

/**
 * After this many cells a field's memo judges whether its values repeat. Not fewer: a
 * column of dates of birth can hold a thousand different dates in its first thousand
 * rows and still only two thousand in a hundred thousand.
 */
const TRIAL_CELLS = 10_000;
/** A field with more distinct texts than this share of its cells is read cell by cell. */
const MOST_DISTINCT_SHARE = 0.5;
/** The most texts one field's memo keeps; further texts are read, not kept. Fits a code in 16 bits. */
const MOST_TEXTS = 50_000;

/** The code of a text the memo did not keep: read it again when it is asked for. */
export const NOT_KEPT = 0xffff;

/**
 * One field's readings kept by the cell's text. Spreadsheet columns mostly repeat a few
 * values (class, placement, assessor, standard, gender, start dates): each distinct text
 * is read once, and every row holding it shares the one reading, instead of each row
 * reading and keeping its own copy. A row keeps only the reading's code (two bytes; see
 * `lastCode`), and its value is found again from the code when asked for. A column that
 * does not repeat (email, ULN) is judged on its first cells and read cell by cell after
 * that (`givenUp`), at no cost but the trial.
 *
 * Texts are found in the memo's own hash table (see ./text-hash): every cell is a fresh
 * string, and a Map would have the engine hash each one again, at several times the cost.
 *
 * A reading depends on the text alone only for one field in one reading context (the
 * day, the date order, the value maps): a memo belongs to one field of one mapping pass.
 */
export class ReadingMemo<Reading> {
  /** The readings kept, by code. */
  readonly readings: Reading[] = [];
  private texts: string[] = [];
  /** Open addressing: per slot, a kept text's code + 1 (0: empty), and its hash. */
  private slots = new Int32Array(64);
  private hashes = new Int32Array(64);
  private cells = 0;
  /** The field's texts did not repeat: the codes given so far mean nothing, and no more are given. */
  givenUp = false;
  /** The code `read` gave the text it was last given: its index in `readings`, or NOT_KEPT. */
  lastCode = NOT_KEPT;

  /**
   * `keep` copies a reading the memo keeps, so every reading the reader makes dies
   * young. Kept ones from the reader itself would teach V8 that what it allocates
   * lives long, and once a non-repeating column's trial is over V8 would go on
   * allocating every reading straight into the old generation, to pile up dead there
   * until a full collection (about 70 MB more at the peak for 100,000 rows).
   */
  constructor(private readonly keep: (reading: Reading) => Reading) {}

  /** The text's reading, read with `readText` the first time the memo meets the text. */
  read(text: string, readText: (text: string) => Reading): Reading {
    this.lastCode = NOT_KEPT;
    if (this.givenUp || this.slots.length === 0) return readText(text);
    if (++this.cells === TRIAL_CELLS && this.readings.length > TRIAL_CELLS * MOST_DISTINCT_SHARE) {
      this.givenUp = true;
      this.forgetTexts();
      this.readings.length = 0;
      return readText(text);
    }
    const hash = textHash(text);
    const found = this.find(text, 0, text.length, hash);
    if (found >= 0) {
      this.lastCode = found;
      return this.readings[found];
    }
    const slot = -1 - found;
    const reading = readText(text);
    if (this.readings.length < MOST_TEXTS) {
      this.lastCode = this.readings.length;
      this.readings.push(this.keep(reading));
      this.texts.push(text);
      this.slots[slot] = this.lastCode + 1;
      this.hashes[slot] = hash;
      if (this.texts.length * 2 > this.slots.length) this.grow();
    }
    return reading;
  }

  /**
   * `read(line.slice(start, end), readText)` without the slice where the memo already
   * has that text: a row kept as one line (see PackedRow) has its cells looked up where
   * they stand, and only a text the memo has not met becomes a string of its own.
   */
  readSpan(line: string, start: number, end: number, readText: (text: string) => Reading): Reading {
    if (this.givenUp || this.slots.length === 0 || this.cells + 1 === TRIAL_CELLS) return this.read(line.slice(start, end), readText);
    const found = this.find(line, start, end, spanHash(line, start, end));
    if (found < 0) return this.read(line.slice(start, end), readText);
    this.cells++;
    this.lastCode = found;
    return this.readings[found];
  }

  /**
   * The code of the kept text equal to `line.slice(start, end)` (whose `spanHash` is
   * `hash`), or, when the memo has none, -1 minus the empty slot it would go in.
   */
  private find(line: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let held = this.slots[slot]; held !== 0; held = this.slots[slot]) {
      if (this.hashes[slot] === hash) {
        const kept = this.texts[held - 1];
        if (kept.length === length && sameText(kept, line, start)) return held - 1;
      }
      slot = (slot + 1) & mask;
    }
    return -1 - slot;
  }

  /** The texts are no longer needed once every row has its code: `readings` stay, and texts read after are not kept. */
  forgetTexts(): void {
    this.texts = [];
    this.slots = new Int32Array(0);
    this.hashes = new Int32Array(0);
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === 0) continue;
      let slot = hashes[old] & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = slots[old];
      this.hashes[slot] = hashes[old];
    }
  }
}

/** Whether `line` holds `text` at `start`: a loop the engine inlines, for the few characters of a cell. */
function sameText(text: string, line: string, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== line.charCodeAt(start + i)) return false;
  return true;
}
