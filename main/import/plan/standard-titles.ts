import type { Directory, DirectoryStandard } from '../directory/types';
import type { RowDraft } from './plan';

/**
 * The standards' names, read only where a plan names them. A file with a framework
 * template column and no Standards, Units or IQA column does not read the
 * organisation's standards with its directory (a new learner's template is assigned
 * whole, by ID). A learner already in OneFile who is given such a template may have
 * some of its standards already, and the plan names them: then, and only then, the
 * standards are read, in one call.
 */

/** Reads the organisation's standards; `onCall` counts each call made. */
export type StandardsReader = (onCall: () => void) => Promise<DirectoryStandard[]>;

/** The directory with the standards' names where a matched learner's template needs them; the calls it took. */
export async function withStandardTitles(directory: Directory, drafts: readonly RowDraft[], read: StandardsReader | undefined): Promise<{ directory: Directory; calls: number }> {
  if (!read || directory.standards.length > 0 || directory.read?.standards !== false) return { directory, calls: 0 };
  const named = drafts.some((draft) => draft.user !== undefined && (draft.refs.FrameworkTemplate?.standardIds?.length ?? 0) > 0);
  if (!named) return { directory, calls: 0 };
  let calls = 0;
  try {
    const standards = await read(() => (calls += 1));
    return { directory: { ...directory, standards }, calls };
  } catch {
    // Only names for messages: without them a standard is called by its ID.
    return { directory, calls };
  }
}
