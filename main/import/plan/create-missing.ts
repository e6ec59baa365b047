import { normaliseName, tidySpaces } from '../directory/person-names';
import { DEFAULT_PAGE_SIZE } from '../../../shared/defaults';
import type { Directory } from '../directory/types';
import { entityOf, mayBeCutShort } from '../directory/unpaged';
import type { UnpagedEntity } from '../../onefile/knowledge';
import type { ReferenceIssue } from './references';
import type { CreatePlaceOperation } from './types';

/**
 * Classes and placements the file names that OneFile lacks, created by the import
 * because a person asked for each by name (`--create-missing "Placement:Tesco - York"`,
 * or its tick in Review), or for all of them (`--create-missing-all`). Never silently:
 * without the ask the rows are blocked as ever. Only a name with nothing close to it in
 * OneFile can be created (a close one is most likely a typo of a record that exists),
 * and never a number: an ILR's employer reference, or a class or placement written by
 * digits alone, reads as a MIS ID (`isNumberOnly`).
 *
 * Each name becomes one operation for the whole run (`ImportPlan.creations`), journalled
 * like any write, created once even across crashes (a lost answer is checked by
 * searching for the name), and the rows that name it wait for it.
 */

export const CREATABLE_FIELDS = ['Classroom', 'Placement'] as const;
export type CreatableField = (typeof CREATABLE_FIELDS)[number];

/** A suggestion this alike (0..1) is "a close match": the name is taken for a typo of it, not created. */
export const CLOSE_MATCH = 0.75;

/** What to create: every creatable name, or these (field and name as the file writes it). */
export type CreateMissing = 'all' | ReadonlyArray<{ field: CreatableField; name: string }>;

const NOUN: Record<CreatableField, string> = { Classroom: 'class', Placement: 'placement' };

/** Why a class or placement written by digits alone is not created, and what to do (`isNumberOnly`). */
export const NUMBER_WORDS: Record<CreatableField, string> = {
  Classroom: 'a number reads as a class\'s MIS ID, and the import creates a class by name only. Add it in OneFile with its name and this MIS ID, or choose the class it is.',
  Placement: 'a number reads as a placement\'s MIS ID, and the import creates a placement by name only. Add it in OneFile with its name and this MIS ID, or choose the placement it is.',
};

export function isCreatableField(field: string): field is CreatableField {
  return (CREATABLE_FIELDS as readonly string[]).includes(field);
}

/**
 * A class or placement written by digits alone (04242) reads as its MIS ID, and the import
 * creates one by name only, with no MIS ID: the class made called "04242" is not found by
 * 4242, the same MIS ID once Excel drops its zeros, so each writing would make a class of
 * its own (one file's 4242 and 04242 made two; next week's file saved through Excel, another).
 */
export function isNumberOnly(value: string): boolean {
  return /^\d+$/.test(tidySpaces(value));
}

/** Whether an unresolved value could be created: a class or placement matching nothing, nothing close, not a number. */
export function isCreatable(issue: ReferenceIssue): boolean {
  if (!isCreatableField(issue.field) || issue.byMisIdOnly || issue.resolution.status !== 'unmatched') return false;
  if (tidySpaces(issue.value) === '' || isNumberOnly(issue.value)) return false;
  return !issue.resolution.suggestions.some((s) => s.score >= CLOSE_MATCH);
}

/** The key one creation is known by: the field and the name as the resolver compares names. */
export function creationKey(field: CreatableField, name: string): string {
  return `${field}:${normaliseName(name)}`;
}

/** The value of `--create-missing` that asks for the record, as the help writes it: "Class:Business Admin L4", "Placement:Tesco - York". */
export function createMissingArgument(field: string, name: string): string {
  return `${field === 'Classroom' ? 'Class' : field}:${name}`;
}

/** `--create-missing "Placement:Tesco - York"`: the field and the name; null when it names neither a class nor a placement. */
export function parseCreateMissing(text: string): { field: CreatableField; name: string } | null {
  const at = text.indexOf(':');
  if (at < 0) return null;
  const kind = text.slice(0, at).trim().toLowerCase();
  const name = tidySpaces(text.slice(at + 1));
  const field = kind === 'placement' ? 'Placement' : kind === 'class' || kind === 'classroom' ? 'Classroom' : null;
  return field && name ? { field, name } : null;
}

/** Whether an unresolved value is one the import creates, as asked (a tick in Review, `--create-missing`): resolved that way. */
export function isToBeCreated(issue: ReferenceIssue, choice: CreateMissing | undefined): boolean {
  return isCreatable(issue) && isAskedFor(choice, issue.field, issue.value);
}

/** True when the name was asked to be created (so it is no longer a name to resolve). */
export function isAskedFor(choice: CreateMissing | undefined, field: string, value: string): boolean {
  if (!choice || !isCreatableField(field)) return false;
  if (choice === 'all') return true;
  const key = creationKey(field, value);
  return choice.some((c) => creationKey(c.field, c.name) === key);
}

/**
 * The calls the looks before these classes and placements are created take (run/verify.ts,
 * `placesOfOrganisation`): one unpaged search each, and every page of the kind and the
 * closing page after an answer of a round number of rows a default limit could have cut
 * (`mayBeCutShort`: those seen whole since count no more); unless this OneFile was seen
 * refusing or cutting that search (`unpagedSearch`): then every page each time. Each
 * creation before it of the same kind adds a record. A server serving fewer rows a page
 * than asked takes more.
 */
export function placeLookCalls(
  creations: readonly CreatePlaceOperation[],
  directory: Pick<Directory, 'classrooms' | 'placements'>,
  unpagedSearch: 'not-offered' | 'capped' | undefined,
  unpagedSeenWhole: Partial<Record<UnpagedEntity, number>> = {},
): number {
  const made = { classrooms: 0, placements: 0 };
  const seenWhole = { ...unpagedSeenWhole };
  let calls = 0;
  for (const op of creations) {
    const kind = op.kind === 'create-classroom' ? 'classrooms' : 'placements';
    const entity = entityOf(kind);
    const rows = directory[kind].length + made[kind];
    const pages = Math.ceil(rows / DEFAULT_PAGE_SIZE) + 1;
    if (unpagedSearch !== undefined) calls += pages;
    else if (mayBeCutShort(rows, seenWhole[entity])) {
      calls += 1 + pages;
      seenWhole[entity] = Math.max(seenWhole[entity] ?? 0, rows);
    } else calls += 1;
    made[kind] += 1;
  }
  return calls;
}

type Note = { code: string; message: string };

/** The creations of one plan: asked for, matched against the rows' unresolved values, and what was asked in vain. */
export class Creations {
  private readonly wanted: Map<string, { field: CreatableField; name: string }> | 'all';
  private readonly made = new Map<string, { operation: CreatePlaceOperation; rows: Set<number> }>();
  private readonly refused = new Map<string, { field: CreatableField; name: string; close?: string }>();

  constructor(choice: CreateMissing | undefined) {
    this.wanted = choice === 'all' ? 'all' : new Map((choice ?? []).map((c) => [creationKey(c.field, c.name), c]));
  }

  /**
   * The creation that settles this unresolved value on this row, if one was asked for
   * and the value can be created; undefined leaves the row blocked as it would be.
   */
  consider(issue: ReferenceIssue, row: number): { id: string; name: string } | undefined {
    if (!isCreatableField(issue.field)) return undefined;
    const key = creationKey(issue.field, issue.value);
    if (this.wanted !== 'all' && !this.wanted.has(key)) return undefined;
    if (!isCreatable(issue)) {
      const close = issue.resolution.status === 'unmatched' ? issue.resolution.suggestions.find((s) => s.score >= CLOSE_MATCH) : undefined;
      const number = issue.resolution.status === 'unmatched' && !issue.byMisIdOnly && isNumberOnly(issue.value);
      if ((close || number) && this.wanted !== 'all') this.refused.set(key, { field: issue.field, name: tidySpaces(issue.value), ...(close ? { close: close.name } : {}) });
      return undefined;
    }
    let entry = this.made.get(key);
    if (!entry) {
      const name = tidySpaces(issue.value);
      const kind = issue.field === 'Classroom' ? 'create-classroom' : 'create-placement';
      entry = {
        operation: { id: `0:${kind}:${normaliseName(name)}`, kind, description: `Create ${NOUN[issue.field]} ${name}`, name },
        rows: new Set(),
      };
      this.made.set(key, entry);
    }
    entry.rows.add(row);
    return { id: entry.operation.id, name: entry.operation.name };
  }

  /**
   * The operations, in the order the names were first met; each with the highest ID of its
   * kind the directory held, so that an answer with one OneFile had already is told apart.
   */
  operations(known?: { classrooms: readonly { id: number }[]; placements: readonly { id: number }[] }): CreatePlaceOperation[] {
    const newest = (places: readonly { id: number }[] = []) => places.reduce((most, place) => Math.max(most, place.id), 0);
    const newestOf = { 'create-classroom': newest(known?.classrooms), 'create-placement': newest(known?.placements) };
    return [...this.made.values()].map(({ operation }) => (known ? { ...operation, newestKnownId: newestOf[operation.kind] } : operation));
  }

  /** Each creation with the rows (planned to run) that wait for it. */
  summary(runs: (row: number) => boolean): Array<{ kind: 'classroom' | 'placement'; name: string; rows: number }> {
    return [...this.made.values()].map(({ operation, rows }) => ({
      kind: operation.kind === 'create-classroom' ? 'classroom' : 'placement',
      name: operation.name,
      rows: [...rows].filter(runs).length,
    }));
  }

  /** What the plan says about names asked for that are not created: close to a record OneFile has, or named by no row. */
  notes(): Note[] {
    const notes: Note[] = [];
    for (const { field, name, close } of this.refused.values()) {
      notes.push(
        close
          ? {
              code: 'create-missing-close',
              message: `The ${NOUN[field]} "${name}" is not created: it is close to "${close}", which OneFile has. Choose that one, or correct the file.`,
            }
          : { code: 'create-missing-number', message: `The ${NOUN[field]} "${name}" is not created: ${NUMBER_WORDS[field]}` },
      );
    }
    if (this.wanted === 'all') return notes;
    for (const [key, { field, name }] of this.wanted) {
      if (this.made.has(key) || this.refused.has(key)) continue;
      notes.push({
        code: 'create-missing-unused',
        message: `Nothing creates the ${NOUN[field]} "${name}": no row names it that OneFile lacks (it may be in OneFile already, or not in this file).`,
      });
    }
    return notes;
  }
}
