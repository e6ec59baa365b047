import type { FieldKey } from './fields';
import { misidKey, misidKeyStart } from './normalise';
import { foldedHash, foldedSpanHash } from './text-hash';

/**
 * A value of a field unique in the file as the index keys it: an MIS ID as it is compared
 * everywhere (`misidKey`: capitals aside, and one of digits alone without the zeros at its
 * front, so 0123 and 123 are one); emails, ULNs and NI numbers are read in one form already.
 */
export function duplicateKey(field: FieldKey, value: string): string {
  return field === 'MISID' ? misidKey(value) : value;
}

/**
 * `foldedHash(duplicateKey(field, text.slice(start, end)))` of a cell in its plain form
 * (printable ASCII, no spaces: see ./plain-cells), made without the slice.
 */
export function plainDuplicateKeyHash(field: FieldKey, text: string, start: number, end: number): number {
  return foldedSpanHash(text, field === 'MISID' ? misidKeyStart(text, start, end) : start, end);
}

const EMPTY = 0;
const REMOVED = -1;
/** The share of slots used (removed ones too) past which the index grows. */
const MOST_FULL = 0.7;

/**
 * Which rows hold each value of a field that must be unique in the file (MIS ID, ULN,
 * email). Nearly every value is on one row: the index keeps, per value, only that
 * row's number and the value's hash, in two typed arrays (open addressing), and no
 * copy of the value: two values are compared by asking `keyOf` for the rows' values
 * again, which happens only when their hashes agree. Only a value on two or more rows
 * gets an entry of its own (with all its rows). 100,000 learners cost two arrays of
 * numbers, not 100,000 map entries each keeping a string.
 *
 * Rows are kept in the order they were added. Without `keyOf`, the index remembers each
 * row's value itself.
 */
export class DuplicateIndex {
  private hashes: Int32Array;
  /** Per slot: the value's first row + 1, EMPTY, or REMOVED. */
  private firstRows: Int32Array;
  /** Slots not EMPTY. */
  private used = 0;
  /** Values on two or more rows, with all their rows in the order added. */
  private readonly shared = new Map<string, Set<number>>();
  /** Each row of such a value: its value's rows (so a row's partners are found without reading its value). */
  private readonly sharedOfRow = new Map<number, Set<number>>();
  private readonly remembered: Map<number, string> | undefined;
  private readonly keyOf: (row: number) => string | undefined;

  /** `rows`: about how many rows will be added (room is made for them at once). */
  constructor(keyOf?: (row: number) => string | undefined, rows = 0) {
    const slots = Math.max(64, Math.ceil(rows / MOST_FULL));
    this.hashes = new Int32Array(slots);
    this.firstRows = new Int32Array(slots);
    if (keyOf) this.keyOf = keyOf;
    else {
      const remembered = new Map<number, string>();
      this.remembered = remembered;
      this.keyOf = (row) => remembered.get(row);
    }
  }

  add(value: string, row: number): void {
    this.remembered?.set(row, value);
    this.insert(value, foldedHash(value), row);
  }

  /**
   * Adds a row whose value `keyOf(row)` gives and whose `foldedHash` is `hash`: the
   * value itself is read only if another row's value has the same hash.
   */
  addHashed(hash: number, row: number): void {
    this.insert(undefined, hash, row);
  }

  remove(value: string, row: number): void {
    const slot = this.find(value, foldedHash(value));
    if (slot < 0) return;
    this.remembered?.delete(row);
    const group = this.shared.get(value);
    if (!group) {
      if (this.firstRows[slot] - 1 === row) this.firstRows[slot] = REMOVED;
      return;
    }
    group.delete(row);
    this.sharedOfRow.delete(row);
    const first = group.values().next().value as number;
    this.firstRows[slot] = first + 1;
    if (group.size === 1) {
      this.shared.delete(value);
      this.sharedOfRow.delete(first);
    }
  }

  /** Whether any value is on more than one row (most files: none, and no row need be looked up). */
  get hasDuplicates(): boolean {
    return this.shared.size > 0;
  }

  /** How many rows hold the value. */
  count(value: string): number {
    const slot = this.find(value, foldedHash(value));
    if (slot < 0) return 0;
    return this.shared.get(value)?.size ?? 1;
  }

  /**
   * The rows holding the row's value when it is on two or more rows (undefined when on
   * this row alone): the same set for each of them, found without reading any value.
   */
  sharedRowsOf(row: number): ReadonlySet<number> | undefined {
    return this.sharedOfRow.get(row);
  }

  /** The rows holding the value, in the order they were added. */
  rows(value: string): Iterable<number> {
    const slot = this.find(value, foldedHash(value));
    if (slot < 0) return [];
    return this.shared.get(value) ?? [this.firstRows[slot] - 1];
  }

  /** `value` (undefined: the row's own, from `keyOf`) entered for `row`. */
  private insert(given: string | undefined, hash: number, row: number): void {
    const slots = this.hashes.length;
    let slot = slotOf(hash, slots);
    let value = given;
    for (;;) {
      const first = this.firstRows[slot];
      if (first === EMPTY) break;
      if (first !== REMOVED && this.hashes[slot] === hash) {
        value ??= this.keyOf(row);
        if (value !== undefined && this.keyOf(first - 1) === value) {
          if (first - 1 === row) return;
          let group = this.shared.get(value);
          if (group) group.add(row);
          else {
            group = new Set([first - 1, row]);
            this.shared.set(value, group);
            this.sharedOfRow.set(first - 1, group);
          }
          this.sharedOfRow.set(row, group);
          return;
        }
      }
      slot = slot + 1 === slots ? 0 : slot + 1;
    }
    this.hashes[slot] = hash;
    this.firstRows[slot] = row + 1;
    if (++this.used > slots * MOST_FULL) this.grow();
  }

  /** The slot holding `value`, or -1. */
  private find(value: string, hash: number): number {
    const slots = this.hashes.length;
    for (let slot = slotOf(hash, slots); ; slot = slot + 1 === slots ? 0 : slot + 1) {
      const first = this.firstRows[slot];
      if (first === EMPTY) return -1;
      if (first !== REMOVED && this.hashes[slot] === hash && this.keyOf(first - 1) === value) return slot;
    }
  }

  /** Twice the slots, without the removed ones. */
  private grow(): void {
    const { hashes, firstRows } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.firstRows = new Int32Array(hashes.length * 2);
    this.used = 0;
    const slots = this.hashes.length;
    for (let old = 0; old < hashes.length; old++) {
      if (firstRows[old] <= 0) continue;
      let slot = slotOf(hashes[old], slots);
      while (this.firstRows[slot] !== EMPTY) slot = slot + 1 === slots ? 0 : slot + 1;
      this.hashes[slot] = hashes[old];
      this.firstRows[slot] = firstRows[old];
      this.used++;
    }
  }
}

/**
 * Where a hash's probe starts among `slots` slots. The sign bit dropped, not the hash made
 * unsigned: a number past 2^31 is a double to the engine, and its remainder a call to fmod.
 */
function slotOf(hash: number, slots: number): number {
  return (hash & 0x7fffffff) % slots;
}
