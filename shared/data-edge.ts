/**
 * Where Ctrl with an arrow key goes in the review grid, as in Excel: along a run of
 * filled cells to its last one; from the end of a run (or from an empty cell) over the
 * empty cells to the next filled one; with none filled that way, to the grid's edge.
 * A cell holding nothing but spaces looks empty in the grid, and is taken as empty.
 *
 * `count` cells stand in the line (a column's rows as the grid lists them, or a row's
 * columns); `from` is the active one's place, `step` +1 (down, right) or -1 (up, left),
 * and `textAt` gives a place's text.
 */
export function dataEdge(count: number, from: number, step: 1 | -1, textAt: (place: number) => string): number {
  const inside = (place: number) => place >= 0 && place < count;
  const filled = (place: number) => textAt(place).trim() !== '';
  let place = from + step;
  if (!inside(place)) return Math.max(0, Math.min(count - 1, from));
  if (filled(from) && filled(place)) {
    while (inside(place + step) && filled(place + step)) place += step;
    return place;
  }
  while (inside(place) && !filled(place)) place += step;
  return inside(place) ? place : place - step;
}
