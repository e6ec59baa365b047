import type { OneFileClient } from './client';
import type { ProbeFinding } from './probe';

/** How a search compares a text filter, as far as the probe could see. */
export type TextFilterReading = 'exact' | 'case-sensitive' | 'contains' | 'ignored';

const TITLE = 'How a search compares text it is asked for (MISID)';

/**
 * How OneFile compares a search's text filter is not documented (onefile-api.md reads
 * the guides as exact, ignoring case). A learner's MIS ID from the first page is asked
 * for without its last character (one call): rows whose MIS ID contains that mean
 * "contains", rows with others mean the filter is ignored; then the whole MIS ID in
 * other capitals (one more call) tells a comparison ignoring case from one case by case. What the importer does is
 * the same either way (it compares every answer with what it asked, and reads a row
 * that cannot show it); the finding says what that costs here.
 */
export async function checkSearchFilters(
  client: Pick<OneFileClient, 'searchPageAsSent'>,
  organisationId: number,
  learners: readonly Record<string, unknown>[],
  rowsCarryEmail: boolean,
  failed: (error: unknown) => string,
): Promise<ProbeFinding> {
  const known = learners.find((row) => typeof row.MISID === 'string' && /[a-z]/i.test(row.MISID) && row.MISID.trim().length > 2);
  if (!known) {
    return { check: 'search-filters', title: TITLE, found: 'no learner with a MIS ID of letters on the first page to ask for', status: 'unknown', action: ACTION.exact(rowsCarryEmail) };
  }
  const misid = String(known.MISID).trim();
  const ask = (MISID: string) => client.searchPageAsSent('User', { OrganisationID: organisationId, Role: 1, MISID }, 1, 10);
  const lower = (row: Record<string, unknown>) => String(row.MISID ?? '').trim().toLowerCase();
  try {
    // Part of the MIS ID: an exact comparison finds no one (or one whose MIS ID is just that).
    const part = misid.slice(0, -1).toLowerCase();
    const others = (await ask(misid.slice(0, -1))).filter((row) => lower(row) !== part);
    let reading: TextFilterReading;
    if (others.length > 0) reading = others.every((row) => lower(row).includes(part)) ? 'contains' : 'ignored';
    else {
      const swapped = [...misid].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
      reading = (await ask(swapped)).some((row) => row.ID === known.ID) ? 'exact' : 'case-sensitive';
    }
    return {
      check: 'search-filters',
      title: TITLE,
      found: FOUND[reading](misid),
      status: reading === 'exact' ? 'as-expected' : 'differs',
      action: ACTION[reading](rowsCarryEmail),
    };
  } catch (error) {
    return { check: 'search-filters', title: TITLE, found: failed(error), status: 'unknown', action: ACTION.exact(rowsCarryEmail) };
  }
}

const FOUND: Record<TextFilterReading, (misid: string) => string> = {
  exact: (misid) => `exactly, ignoring capitals: part of ${misid} found no other learner, and ${misid} in other capitals found the same one`,
  'case-sensitive': (misid) => `case by case: ${misid} in other capitals found no one`,
  contains: (misid) => `by "contains": asking for ${misid.slice(0, -1)} answered with ${misid} and any other MIS ID containing it`,
  ignored: (misid) => `not at all: asking for ${misid.slice(0, -1)} answered with learners whose MIS ID is something else`,
};

const ACTION: Record<TextFilterReading, (rowsCarryEmail: boolean) => string> = {
  exact: () => 'As documented. Every answer is still compared with what was asked.',
  'case-sensitive': (rowsCarryEmail) =>
    rowsCarryEmail
      ? 'Learners are matched from the directory, ignoring capitals; a search checking a lost answer asks in the capitals sent.'
      : 'Before creating a learner, the directory\'s learners of the same name are read as well as those the email search finds, so one whose email OneFile holds in other capitals is still found.',
  contains: (rowsCarryEmail) =>
    rowsCarryEmail
      ? 'Every answer is compared with what was asked: a learner whose MIS ID or email only contains it is never taken for the row\'s.'
      : 'Every answer is compared with what was asked; a candidate whose row shows no email is read (GET User/{id}) before it is taken for the learner.',
  ignored: (rowsCarryEmail) =>
    rowsCarryEmail
      ? 'Learners are matched from the directory; a check of a lost answer reads the whole list and compares it itself.'
      : 'Search rows here show no emails and the search does not narrow by them, so a new learner cannot be told from one OneFile has: rows that would create a learner are blocked. Give them the MIS ID OneFile holds, or add new learners in OneFile first.',
};
