/**
 * Which rows hold each value of a field that must be unique in the file (MIS ID, ULN,
 * email). Nearly every value is on one row: that row is kept as a number, and only a
 * value on two or more rows gets a set, so 100,000 learners cost 100,000 numbers
 * rather than 100,000 sets. Rows are kept in the order they were added.
 */
export class DuplicateIndex {
  private readonly rowsByValue = new Map<string, number | Set<number>>();
  /** How many values are on more than one row: while none are, no row has a duplicate. */
  private shared = 0;

  add(value: string, row: number): void {
    const held = this.rowsByValue.get(value);
    if (held === undefined) this.rowsByValue.set(value, row);
    else if (typeof held === 'number') {
      if (held === row) return;
      this.rowsByValue.set(value, new Set([held, row]));
      this.shared++;
    } else held.add(row);
  }

  remove(value: string, row: number): void {
    const held = this.rowsByValue.get(value);
    if (held === undefined) return;
    if (typeof held === 'number') {
      if (held === row) this.rowsByValue.delete(value);
      return;
    }
    held.delete(row);
    if (held.size === 1) {
      this.rowsByValue.set(value, held.values().next().value as number);
      this.shared--;
    }
  }

  /** Whether any value is on more than one row (most files: none, and no row need be looked up). */
  get hasDuplicates(): boolean {
    return this.shared > 0;
  }

  /** How many rows hold the value. */
  count(value: string): number {
    const held = this.rowsByValue.get(value);
    return held === undefined ? 0 : typeof held === 'number' ? 1 : held.size;
  }

  /** The rows holding the value, in the order they were added. */
  rows(value: string): Iterable<number> {
    const held = this.rowsByValue.get(value);
    return held === undefined ? [] : typeof held === 'number' ? [held] : held;
  }
}
