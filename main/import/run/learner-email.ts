import type { LearnerEmailReading } from '../../../shared/learner-email';
import { isOneFileError } from '../../onefile';
import type { OperationFailure } from '../journal/journal';
import type { Operation } from '../plan/types';
import { ROLE } from '../plan/types';

/**
 * A learner without an email. OneFile's guide to creating users lists a learner's required
 * fields without it; the API table this project keeps says every user needs one. Which is
 * true of a OneFile is learned from its answer to the first such learner, and kept with the
 * environment's findings:
 * - created: `optional`, and every later one is sent;
 * - refused, OneFile's message naming the email: `required`. The row fails with OneFile's
 *   message; the other learners without an email in the run are held back without a call
 *   (each fails saying why, nothing made), and the next plan blocks such rows
 *   (plan/row.ts) until they have one.
 * A refusal that does not name the email says nothing of it: that row fails with OneFile's
 * message, as any refusal, and the next one is still sent.
 */

/** The client's part: what is known, and what an answer showed. */
export interface LearnerEmailKnowledge {
  learnerEmail?: () => LearnerEmailReading | undefined;
  learnerEmailSeen?: (reading: LearnerEmailReading) => void;
}

/** A create of a learner that carries no email. */
export function createsLearnerWithoutEmail(op: Operation): boolean {
  if (op.kind !== 'create-user' || op.role !== ROLE.Learner) return false;
  const email = op.fields.Email;
  return typeof email !== 'string' || email.trim() === '';
}

/** The failure of a learner without an email held back where OneFile is known to refuse one: no call is made. */
export function heldBackWithoutEmail(op: Operation, knowledge: LearnerEmailKnowledge): OperationFailure | undefined {
  if (!createsLearnerWithoutEmail(op) || knowledge.learnerEmail?.() !== 'required') return undefined;
  return {
    kind: 'validation',
    field: 'Email',
    message:
      'Not sent: this OneFile refused a learner without an email, and this learner has none either, so nothing was created. ' +
      'Fill in their email and import the file again.',
  };
}

/**
 * While it is not known whether this OneFile takes a learner without an email, such
 * learners are sent one at a time: each waits for the answer to the one before, so a
 * OneFile that refuses them refuses one and the others are held back without a call (with
 * rows in flight together, each was sent and refused before the first refusal was known).
 * Once an answer teaches it (learnerEmailAnswered), the rest go as any create does. A
 * refusal that does not name the email teaches nothing, and the next one goes alone too.
 */
export class LearnerEmailTrial {
  private inFlight: Promise<void> | undefined;

  constructor(private readonly knowledge: LearnerEmailKnowledge) {}

  /** Waits until `op` may be sent; the answer is its release, called once its outcome is known (or the run stops). */
  async turn(op: Operation): Promise<() => void> {
    const unknown = () => this.knowledge.learnerEmailSeen !== undefined && this.knowledge.learnerEmail?.() === undefined;
    if (!createsLearnerWithoutEmail(op)) return () => {};
    while (unknown() && this.inFlight) await this.inFlight;
    if (!unknown()) return () => {};
    let release: () => void = () => {};
    this.inFlight = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.inFlight = undefined;
      release();
    };
  }
}

/** What OneFile's answer to a learner sent without an email showed. */
export function learnerEmailAnswered(op: Operation, outcome: { created: true } | { refused: unknown }, knowledge: LearnerEmailKnowledge): void {
  if (!createsLearnerWithoutEmail(op) || !knowledge.learnerEmailSeen) return;
  if ('created' in outcome) {
    knowledge.learnerEmailSeen('optional');
    return;
  }
  const error = outcome.refused;
  if (!isOneFileError(error) || error.kind !== 'validation') return;
  if (/e-?mail/i.test(`${error.oneFileMessage ?? ''} ${error.message}`)) knowledge.learnerEmailSeen('required');
}
