import { priorState } from '../journal/damage';
import type { JournalReplay, OperationFailure } from '../journal/journal';
import type { CreatePlaceOperation, Operation } from '../plan/types';
import { executeOperation, type OperationContext } from './operation';

/**
 * The classes and placements a run creates (the plan's `creations`, each ticked by a
 * person): each made once, when the first row that names it gets to it, and the other
 * rows naming it wait for that one try. A creation the journal says is done is not
 * sent again; one in doubt (sent, no answer, a kill) is checked by searching for its
 * name first (run/verify.ts). Journalled as row 0: it belongs to no row.
 */

export type PlaceOutcome = { ok: true; placeId: number } | { ok: false; failure: OperationFailure; operation: CreatePlaceOperation };

/** The creations an operation waits for: its fields that hold a created class's or placement's ID. */
export function placesOf(op: Operation): Array<[field: string, creationId: string]> {
  if ((op.kind !== 'create-user' && op.kind !== 'update-user') || !op.placesToCreate) return [];
  return Object.entries(op.placesToCreate) as Array<[string, string]>;
}

/** The operation with the created records' IDs in its fields (a create) or changes (an update). */
export function withPlaceIds(op: Operation, ids: ReadonlyMap<string, number>): Operation {
  const filled: Record<string, number> = {};
  for (const [field, creation] of placesOf(op)) filled[field] = ids.get(creation)!;
  if (op.kind === 'create-user') return { ...op, fields: { ...op.fields, ...filled } };
  if (op.kind === 'update-user') return { ...op, changes: { ...op.changes, ...filled } };
  return op;
}

export class PlaceCreations {
  private readonly operations: Map<string, CreatePlaceOperation>;
  private readonly made = new Map<string, number>();
  private readonly tries = new Map<string, Promise<PlaceOutcome>>();

  constructor(operations: readonly CreatePlaceOperation[] = [], private readonly replay: JournalReplay) {
    this.operations = new Map(operations.map((op) => [op.id, op]));
  }

  /** The creations still to send (for the calls left). */
  remaining(): number {
    return [...this.operations.values()].filter((op) => priorState(this.replay, op, 0)?.state !== 'done').length;
  }

  /**
   * Makes sure every creation `op` waits for exists, creating it once if need be, and
   * gives back the operation with their IDs in it; or the first creation that failed.
   * `sent` is told when a creation was tried in this session (a call or a check).
   */
  async fill(op: Operation, context: OperationContext, sent: () => void): Promise<{ ok: true; op: Operation } | Extract<PlaceOutcome, { ok: false }>> {
    for (const [, creation] of placesOf(op)) {
      const outcome = await this.ensure(creation, context, sent);
      if (!outcome.ok) return outcome;
    }
    return { ok: true, op: withPlaceIds(op, this.made) };
  }

  private ensure(id: string, context: OperationContext, sent: () => void): Promise<PlaceOutcome> {
    let attempt = this.tries.get(id);
    if (!attempt) {
      attempt = this.create(id, context, sent);
      this.tries.set(id, attempt);
    }
    return attempt;
  }

  private async create(id: string, context: OperationContext, sent: () => void): Promise<PlaceOutcome> {
    const operation = this.operations.get(id);
    if (!operation) {
      // A plan written by hand or damaged: never guess an ID.
      const failure = { kind: 'internal', message: `The plan names a class or placement to create (${id}) that it does not list.` };
      return { ok: false, failure, operation: { id, kind: 'create-placement', description: id, name: id } };
    }
    const prior = priorState(this.replay, operation, 0);
    let outcome;
    if (prior?.state === 'done' && prior.result?.placeId !== undefined) {
      outcome = { ok: true as const, result: prior.result };
    } else {
      outcome = await executeOperation({ context, row: 0, op: operation, prior: prior?.state === 'done' ? { ...prior, state: 'unknown' } : prior });
      sent();
    }
    if (!outcome.ok) return { ok: false, failure: outcome.failure, operation };
    const placeId = outcome.result.placeId;
    if (placeId === undefined) return { ok: false, failure: { kind: 'internal', message: 'OneFile gave no ID for it.' }, operation };
    this.made.set(id, placeId);
    return { ok: true, placeId };
  }
}
