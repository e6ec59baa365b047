/** Counts as the screens say them ("1,234", "2 writes"), free of the DOM. */

const numberFormat = new Intl.NumberFormat('en-GB');

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * The plan's calls in words, adding up: what reading the organisation and the matched
 * learners took (already made, said only where there were any: a directory kept from an
 * earlier look costs none), then what the run will send.
 */
export function planCallsText(calls: { directory: number; planning: number; reads: number; writes: number; total: number }): string {
  const made = [
    ...(calls.directory > 0 ? [`${formatCount(calls.directory)} reading the organisation`] : []),
    ...(calls.planning > 0 ? [`${formatCount(calls.planning)} reading matched learners`] : []),
  ];
  const run = `${plural(calls.writes, 'write')}${calls.reads > 0 ? ` and ${plural(calls.reads, 'read')}` : ''} to import`;
  return made.length > 0 ? `${formatCount(calls.total)} in all: ${made.join(' and ')} (already made), then ${run}` : `${formatCount(calls.total)} in all: ${run}`;
}
