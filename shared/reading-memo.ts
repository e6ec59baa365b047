/**
 * After this many cells a field's memo judges whether its values repeat. Not fewer: a
 * column of dates of birth can hold a thousand different dates in its first thousand
 * rows and still only two thousand in a hundred thousand.
 */
const TRIAL_CELLS = 10_000;
/** A field with more distinct texts than this share of its cells is read cell by cell. */
const MOST_DISTINCT_SHARE = 0.5;
/** The most texts one field's memo keeps; further texts are read, not kept. */
const MOST_TEXTS = 50_000;

/**
 * One field's readings kept by the cell's text. Spreadsheet columns mostly repeat a few
 * values (class, placement, assessor, standard, gender, start dates): each distinct text
 * is read once, and every row holding it shares the one value string, instead of each
 * row reading and keeping its own copy. A column that does not repeat (email, ULN) is
 * judged on its first cells and read cell by cell after that, at no cost but the trial.
 *
 * A reading depends on the text alone only for one field in one reading context (the
 * day, the date order, the value maps): a memo belongs to one field of one mapping pass.
 */
export class ReadingMemo<Reading> {
  private readonly readings = new Map<string, Reading>();
  private cells = 0;
  private remembering = true;

  read(text: string, readText: (text: string) => Reading): Reading {
    if (!this.remembering) return readText(text);
    if (++this.cells === TRIAL_CELLS && this.readings.size > TRIAL_CELLS * MOST_DISTINCT_SHARE) {
      this.remembering = false;
      this.readings.clear();
      return readText(text);
    }
    const known = this.readings.get(text);
    if (known) return known;
    const reading = readText(text);
    if (this.readings.size < MOST_TEXTS) this.readings.set(text, reading);
    return reading;
  }
}
