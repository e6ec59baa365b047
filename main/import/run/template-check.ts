import type { LearningAim, OneFileClient, TemplateApplyReading } from '../../onefile';
import type { OperationResult } from '../journal/journal';
import type { AssignTemplateOperation } from '../plan/types';

/**
 * A framework template is given by `POST FrameworkTemplate/{id}/Assign/...`, answered
 * 204 with nothing in it. Whether the learner's learning aims exist when that answer
 * comes is not written anywhere: a OneFile may make them in the background, seconds
 * later, or (reading `onlyChangeAssigned` the other way) make none at all. Either
 * breaks a promise: aims made later would look missing to a check after a lost answer,
 * which would send the template again (a second set of aims), and to the row's next
 * steps (an IQA per learning aim, a unit under the template's standard), which OneFile
 * refuses until the aim exists; aims never made would leave the learner without a
 * programme under a row that says "done".
 *
 * So until an import has seen it for this OneFile, the first template assign that
 * OneFile answers is followed by a look at that learner's learning aims, again after
 * growing pauses (about 15 s in all) until they are there: at once, or later, which the
 * environment then remembers (`templateApply`, saved with its findings). Assigns
 * answered meanwhile wait for that look. A OneFile making them at once is looked at no
 * more. In one making them in the background, every learner given a template is looked
 * at (after the first pause) before the row goes on, so its next steps find the aims,
 * and a check after a lost answer waits for them as long. Aims that never come fail the
 * row, saying so; nothing is sent again (the ledger keeps the template as given), and
 * every later assign of the run is looked at.
 */

/** Pauses between looks at the learner's learning aims: about 15 s in all. */
export const TEMPLATE_LOOKS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000];

/**
 * Looks until what is seen is enough or the pauses run out, pausing before each look
 * after the first (and before the first too, with `pauseFirst`): the last sight, and the
 * pauses taken.
 */
export async function lookUntil<T>(
  look: () => Promise<T>,
  enough: (seen: T) => boolean,
  looksMs: readonly number[],
  sleep: (ms: number) => Promise<void>,
  pauseFirst = false,
): Promise<{ seen: T; pauses: number }> {
  let pauses = 0;
  if (pauseFirst && looksMs.length > 0) await sleep(looksMs[pauses++]);
  let seen = await look();
  while (!enough(seen) && pauses < looksMs.length) {
    await sleep(looksMs[pauses++]);
    seen = await look();
  }
  return { seen, pauses };
}

/** The whole seconds those pauses add up to, for messages. */
export function secondsWaited(looksMs: readonly number[]): number {
  return Math.round(looksMs.reduce((sum, ms) => sum + ms, 0) / 1000);
}

/** Rows asked for in a look; a shorter page is taken as all the learner has. */
const LOOK_PAGE_SIZE = 100;

/**
 * What a learner's learning aims show of a template: its aims (`fromTemplate`: made by it,
 * not only aims for its standards), none, or some of its standards only.
 */
export type TemplateAims = { state: 'all'; ids: number[]; fromTemplate: boolean } | { state: 'none' } | { state: 'some'; have: number };

export function templateAims(aims: readonly LearningAim[], op: AssignTemplateOperation): TemplateAims {
  const fromTemplate = aims.filter((a) => a.FrameworkTemplateID === op.templateId);
  if (fromTemplate.length > 0) return { state: 'all', ids: fromTemplate.map((a) => a.ID), fromTemplate: true };
  if (op.standardIds.length === 0) {
    // Contents unknown: given only to a learner with no learning aims at all.
    return aims.length > 0 ? { state: 'all', ids: aims.map((a) => a.ID), fromTemplate: false } : { state: 'none' };
  }
  const made = op.standardIds.map((id) => aims.find((a) => a.StandardID === id));
  if (made.every((aim) => aim !== undefined)) return { state: 'all', ids: made.map((aim) => aim!.ID), fromTemplate: false };
  if (made.every((aim) => aim === undefined)) return { state: 'none' };
  return { state: 'some', have: made.filter((aim) => aim !== undefined).length };
}

/** The template was answered as given, but its learning aims never came: the row fails, and nothing is sent again. */
export class TemplateNotApplied extends Error {
  readonly kind = 'not-applied';
}

export type TemplateCheckClient = Pick<OneFileClient, 'searchLearningAims'> & Partial<Pick<OneFileClient, 'templateApply' | 'templateApplySeen'>>;

export class TemplateCheck {
  /** What this run has seen of this OneFile; before any look, what its findings say. */
  private seen: TemplateApplyReading | undefined;
  /** The first look, under way: other assigns answered meanwhile wait for it rather than look too. */
  private pending: Promise<void> | null = null;
  /** A template's aims never came in this run: every later assign is looked at. */
  private missed = false;

  constructor(
    private readonly client: TemplateCheckClient,
    private readonly sleep: (ms: number) => Promise<void>,
    readonly looksMs: readonly number[] = TEMPLATE_LOOKS_MS,
  ) {}

  /**
   * After OneFile answered a template assign: the learning aims it made (for the results),
   * or nothing when no look is due (or a look could not be made: the answer stands).
   * Throws TemplateNotApplied when the aims never came.
   */
  async afterAssign(op: AssignTemplateOperation, learnerId: number, look: (read: () => Promise<LearningAim[]>) => Promise<LearningAim[]>): Promise<OperationResult> {
    while (this.pending) await this.pending;
    const reading = this.seen ?? this.client.templateApply?.();
    if (reading === 'at-once' && !this.missed) return {};
    let done = () => {};
    const first = reading === undefined && !this.missed;
    if (first) this.pending = new Promise<void>((resolve) => (done = resolve));
    try {
      // Made in the background: the aims are not there yet, so the first look waits a pause.
      const looked = await this.lookFor(op, learnerId, look, reading === 'in-background');
      if (looked === undefined) return {};
      if (looked.seen.state === 'all') {
        if (first) {
          this.seen = looked.pauses === 0 ? 'at-once' : 'in-background';
          this.client.templateApplySeen?.(this.seen);
        }
        return { learningAimIds: looked.seen.ids };
      }
      this.missed = true;
      const waited = secondsWaited(this.looksMs);
      const what = looked.seen.state === 'some' ? `learning aims for only ${looked.seen.have} of its ${op.standardIds.length} standards` : 'no learning aims from it';
      const still = reading === 'in-background' ? 'OneFile may still be making them, the template may hold no standards, ' : 'The template may hold no standards, ';
      throw new TemplateNotApplied(
        `OneFile answered that "${op.templateName}" was given to learner ID ${learnerId}, but ${waited} s later the learner has ${what}. ` +
          `${still}or this OneFile may read onlyChangeAssigned the other way. It was not sent again, and a later import will not send it: ` +
          `open learner ID ${learnerId} in OneFile, give the template there if it is missing, and tell OneFile support.`,
      );
    } finally {
      if (first) {
        this.pending = null;
        done();
      }
    }
  }

  /** The learner's aims of this template, looked at until they are all there or the pauses run out; undefined when a look failed. */
  private async lookFor(op: AssignTemplateOperation, learnerId: number, look: (read: () => Promise<LearningAim[]>) => Promise<LearningAim[]>, pauseFirst: boolean) {
    // One call: a page shorter than asked ends the look. A learner given a template has
    // few aims; were some on a later page, the look would miss them and the row fail,
    // saying so (never a second send: that is the check after a lost answer, which reads all).
    const read = () => this.client.searchLearningAims(learnerId, { pageSize: LOOK_PAGE_SIZE, servesWhole: LOOK_PAGE_SIZE });
    try {
      return await lookUntil(async () => templateAims(await look(read), op), (aims) => aims.state === 'all', this.looksMs, this.sleep, pauseFirst);
    } catch {
      return undefined;
    }
  }
}
