import type { MappedRow } from '../../../shared/mapped-rows';
import { templateContents } from '../directory/rows';
import type { Directory, DirectoryTemplate } from '../directory/types';
import type { Resolver } from '../directory/resolve';
import type { RowDraft } from './plan';

/**
 * A framework template's contents (its standards and units), read only where a row
 * needs them. `GET FrameworkTemplate/{id}` is in no guide: it costs a call a template
 * where it answers and may not answer at all. A new learner given a template needs no
 * contents (they have no learning aims to compare, and a lost answer is checked against
 * the learner's aims either way); a row that also names standards, units or an IQA
 * does, and so does an existing learner with learning aims.
 */

/** Reads a template's detail; null when OneFile does not offer it (then its contents stay unknown). */
export type TemplateReader = (templateId: number) => Promise<Record<string, unknown> | null>;

export interface TemplateContentsReading {
  read: TemplateReader;
  /** Whether the detail call is known to be refused here (then asking costs nothing, and is not counted). */
  knownUnavailable: () => boolean;
}

/** What reading template contents cost, and which templates OneFile would not describe. */
export interface TemplateContentsOutcome {
  calls: number;
  /** Templates whose contents were asked for and refused. */
  refused: Set<number>;
}

function cell(row: MappedRow, field: 'Units' | 'Standards' | 'IQA' | 'FrameworkTemplate'): boolean {
  return row.values[field] !== undefined && String(row.values[field]).trim() !== '';
}

export function createTemplateContents(reading: TemplateContentsReading | undefined) {
  const outcome: TemplateContentsOutcome = { calls: 0, refused: new Set() };
  const known = new Map<number, Pick<DirectoryTemplate, 'standardIds' | 'unitIds'>>();

  async function contentsOf(template: DirectoryTemplate): Promise<DirectoryTemplate> {
    if (template.standardIds !== null || !reading) return template;
    let contents = known.get(template.id);
    if (!contents) {
      const free = reading.knownUnavailable();
      const detail = await reading.read(template.id);
      if (!free) outcome.calls += 1;
      contents = detail ? templateContents(detail) : { standardIds: null, unitIds: null };
      if (contents.standardIds === null) outcome.refused.add(template.id);
      known.set(template.id, contents);
    }
    return { ...template, ...contents };
  }

  return {
    outcome,
    /**
     * Before the rows are drafted: the contents of every template named on a row that
     * also names standards, units or an IQA (units are looked for under the template's
     * standards, and the IQA is assigned per standard). Returns the directory with them.
     */
    async beforeDrafting(rows: readonly MappedRow[], directory: Directory, resolver: Resolver): Promise<Directory> {
      const wanted = new Set<number>();
      for (const row of rows) {
        if (!cell(row, 'FrameworkTemplate') || !(cell(row, 'Units') || cell(row, 'Standards') || cell(row, 'IQA'))) continue;
        const resolution = resolver.resolveReference('FrameworkTemplate', String(row.values.FrameworkTemplate));
        if (resolution.status === 'matched') wanted.add(Number(resolution.id));
      }
      if (wanted.size === 0) return directory;
      const templates: DirectoryTemplate[] = [];
      for (const template of directory.templates) templates.push(wanted.has(template.id) ? await contentsOf(template) : template);
      return { ...directory, templates };
    },
    /** After matching: the contents of a template given to an existing learner (their learning aims are compared with it). */
    async forMatchedLearners(drafts: readonly RowDraft[]): Promise<void> {
      for (const draft of drafts) {
        const template = draft.refs.FrameworkTemplate;
        if (template && template.standardIds === null && draft.user) draft.refs.FrameworkTemplate = await contentsOf(template);
      }
    },
  };
}
