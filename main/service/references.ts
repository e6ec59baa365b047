import { AppError } from '../../shared/app-error';
import type { FieldKey } from '../../shared/fields';
import { canLeaveOut, LEFT_OUT, profileFromMapping } from '../../shared/profile';
import { saveProfile } from '../mapping-store/profile-store';
import { confirmNamedStaff, createUserReader, roleOfRow, listUnresolvedValues, resolveRowReferences, createResolver, isReferenceField, rememberResolution, type Directory, type UserReader, type ReferenceIssue, type UnresolvedValue, type Resolution, type Resolver } from '../import';
import { fieldLabel, profilesDir, rereadField, type Workbook } from './workbook';
import type { ValueMaps } from '../../shared/mapping';
import { splitList } from '../../shared/normalise';
import { cellOf } from '../../shared/packed-row';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { choiceKey, choiceKeysOf, chosenTarget } from './cell-notes';

/**
 * The file's names (assessor, class, placement, standards...) checked against the
 * organisation's directory, row by row, with the engine's resolver. Results are kept
 * per row so the grid can mark the cells, and recomputed only for rows that change.
 */

export interface References {
  directory: Directory;
  fetchedAt: string;
  resolver: Resolver;
  /** Where the directory's users are unconfirmed: the staff the file names, as read by ID, kept to this organisation's (see `confineStaff`). */
  confine?: Confine;
  /** The rows whose staff names `confine` read: another file, or the same mapped otherwise, names others. */
  confinedRows?: readonly unknown[];
  /** The staff records those reads gave, by user ID: the plan made on this check reads none of them again. */
  staffRecords?: ReadonlyMap<number, Awaited<ReturnType<UserReader>>>;
  /** Reads the staff that edited rows name and `confine` has not read (see `recheckEditedRows`). */
  readMoreStaff?: NonNullable<Awaited<ReturnType<typeof confirmNamedStaff>>['readMore']>;
  /** Row index → the references that did not resolve to exactly one record. */
  issues: Map<number, ReferenceIssue[]>;
}

/**
 * The resolver, remembering each answer: a file names the same class on hundreds of
 * rows, and an unmatched value's fuzzy suggestions are the costly part.
 */
function rememberingResolver(inner: Resolver): Resolver {
  const answers = new Map<string, Resolution>();
  return {
    resolveReference(field, value, scope) {
      const key = `${field}\u0000${value}\u0000${scope?.standardIds?.join(',') ?? ''}\u0000${scope?.misIdOnly ? 'misid' : ''}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = inner.resolveReference(field, value, scope);
        answers.set(key, answer);
      }
      return answer;
    },
    nameOf: (field, id) => inner.nameOf(field, id),
  };
}

type Confine = (resolver: Resolver) => Resolver;

function resolverFor(directory: Directory, workbook: Workbook, confine?: Confine): Resolver {
  const resolver = createResolver(directory, workbook.mapping.values ?? {});
  return rememberingResolver(confine ? confine(resolver) : resolver);
}

/**
 * Where the directory's users are unconfirmed (a user search ignoring its organisation and
 * role filters, rows saying neither), the staff the file's names fit read by ID, as the plan
 * reads them (plan/confirm-staff.ts), so that Review shows what the plan will do: another
 * organisation's assessor is no match, and this organisation's one among namesakes elsewhere
 * is. One read per member of staff named, only in such a OneFile. Nothing elsewhere.
 */
export async function confineStaff(
  workbook: Workbook,
  directory: Directory,
  client: Parameters<typeof createUserReader>[0],
): Promise<{ confined?: Pick<References, 'confine' | 'confinedRows' | 'readMoreStaff' | 'staffRecords'>; calls: number }> {
  if (!directory.usersUnconfirmed) return { calls: 0 };
  const read = createUserReader(client);
  const staffRecords = new Map<number, Awaited<ReturnType<UserReader>>>();
  const keeping: UserReader = async (id) => {
    const record = await read(id);
    staffRecords.set(id, record);
    return record;
  };
  const staff = await confirmNamedStaff(workbook.validation.rows, directory, createResolver(directory, workbook.mapping.values ?? {}), keeping, roleOfRow);
  if (!staff.confine) return { calls: staff.calls };
  return { confined: { confine: staff.confine, confinedRows: workbook.validation.rows, staffRecords, ...(staff.readMore ? { readMoreStaff: staff.readMore } : {}) }, calls: staff.calls };
}

/**
 * The plan's reader of users by ID: a member of staff Review's check (or the plan's own
 * reading of the directory) read moments ago is not read again.
 */
export function readerKeeping(readUser: UserReader, references: Pick<References, 'staffRecords'>): UserReader {
  const kept = references.staffRecords;
  if (!kept || kept.size === 0) return readUser;
  return (id) => {
    const record = kept.get(id);
    return record ? Promise.resolve(record) : readUser(id);
  };
}

function checkRow(references: References, workbook: Workbook, index: number): void {
  const row = workbook.validation.rows[index];
  const found = resolveRowReferences(row, roleOfRow(row), references.resolver, references.directory).issues;
  if (found.length > 0) references.issues.set(index, found);
  else references.issues.delete(index);
}

export function checkReferences(workbook: Workbook, directory: Directory, fetchedAt: string, confine?: Confine): References {
  const references: References = { directory, fetchedAt, resolver: resolverFor(directory, workbook, confine), issues: new Map(), ...(confine ? { confine } : {}) };
  workbook.validation.rows.forEach((_row, index) => checkRow(references, workbook, index));
  return references;
}

/** Rows checked between two turns of the event loop (see `checkReferencesInTurns`). */
const ROWS_PER_TURN = 5_000;

/**
 * `checkReferences` a slice of rows at a time, letting other calls in between: checking
 * 100,000 rows takes a second or more, and the grid's pages asked for meanwhile (the
 * user scrolling while Review checks the names) are answered between two slices. If
 * the data changed meanwhile (`version` moved: a cell edited), every row is checked
 * again at once, so the result never mixes rows from before and after the change.
 */
export async function checkReferencesInTurns(workbook: Workbook, directory: Directory, fetchedAt: string, version: () => number, confine?: Confine): Promise<References> {
  const started = version();
  const references: References = { directory, fetchedAt, resolver: resolverFor(directory, workbook, confine), issues: new Map(), ...(confine ? { confine } : {}) };
  for (let index = 0; index < workbook.validation.rows.length; index++) {
    if (index > 0 && index % ROWS_PER_TURN === 0) await nextTurn();
    checkRow(references, workbook, index);
  }
  return version() === started ? references : checkReferences(workbook, directory, fetchedAt, confine);
}

/** After an edit: the rows it touched, checked again. */
export function recheckRows(references: References, workbook: Workbook, indexes: Iterable<number>): void {
  for (const index of indexes) checkRow(references, workbook, index);
}

/**
 * `recheckRows`, and where staff names are read by ID (`confineStaff`), the staff a name
 * typed into these rows fits read first, as the plan will read them. A read that fails
 * leaves the rows as the directory alone resolves them: the plan reads them again.
 */
export async function recheckEditedRows(references: References, workbook: Workbook, indexes: readonly number[]): Promise<void> {
  recheckRows(references, workbook, indexes);
  if (!references.readMoreStaff) return;
  let reads = 0;
  try {
    reads = await references.readMoreStaff(indexes.map((index) => workbook.validation.rows[index]), createResolver(references.directory, workbook.mapping.values ?? {}));
  } catch {
    return;
  }
  if (reads === 0) return;
  references.resolver = resolverFor(references.directory, workbook, references.confine);
  recheckRows(references, workbook, indexes);
}

/**
 * Each distinct unresolved value once, with every row it is on (the engine's listing),
 * asked only of the rows whose check found something: the others add nothing to it.
 */
export function unresolvedValues(references: References, workbook: Workbook): UnresolvedValue[] {
  const indexes = [...references.issues.keys()].sort((a, b) => a - b);
  return listUnresolvedValues(indexes.map((index) => workbook.validation.rows[index]), references.resolver, references.directory, roleOfRow);
}

/** The reference fields of the names a check found not resolved to one record (for `confirmLoadedDirectory`). */
export function unresolvedFieldsOf(references: References): Set<string> {
  const fields = new Set<string>();
  for (const issues of references.issues.values()) for (const issue of issues) fields.add(issue.field);
  return fields;
}

/**
 * The user's choice for a value: saved into the mapping's value maps (and, when
 * `remember`, into the profile for these headers, so next week's file resolves by
 * itself), then every row with that value read and checked again. Returns how many
 * rows no longer have a problem with it.
 */
export async function resolveValue(
  references: References,
  workbook: Workbook,
  choice: { field: FieldKey; value: string; id: string; leaveOut?: boolean; remember: boolean },
  dataDir: string,
): Promise<number> {
  const { field, value } = choice;
  if (!isReferenceField(field)) throw new AppError('bad-choice', `${field} is not a field whose names are looked up in OneFile.`);
  const id = choice.leaveOut ? LEFT_OUT : choice.id;
  if (choice.leaveOut && !canLeaveOut(field)) {
    throw new AppError('bad-choice', `Only a standard or unit can be left out of a row: every row needs its ${fieldLabel(field).toLowerCase()}. Choose the OneFile record "${value}" is.`);
  }
  if (!choice.leaveOut && references.resolver.nameOf(field, id) === undefined) {
    throw new AppError('bad-choice', `OneFile ID ${id} is not one of this organisation's ${field} records. Choose one of the suggestions.`);
  }
  const wanted = value.trim().toLowerCase();
  const affected = [...references.issues.entries()]
    .filter(([, issues]) => issues.some((issue) => issue.field === field && issue.value.trim().toLowerCase() === wanted))
    .map(([index]) => index);
  const base = workbook.profile?.value ?? profileFromMapping(workbook.mapping);
  // The profile as the screen has it now: its columns and its values for every row (an ILR's assessor and class).
  const current = profileFromMapping(workbook.mapping);
  const { everyRow: _earlier, ...kept } = base;
  const next = rememberResolution({ ...kept, columns: current.columns, ...(current.everyRow ? { everyRow: current.everyRow } : {}) }, field, value, id);
  workbook.mapping = { ...workbook.mapping, values: next.values };
  workbook.profile = { name: workbook.profile?.name ?? 'Saved for these columns', value: next, automatic: workbook.profile?.automatic ?? false };
  if (choice.remember) await saveProfile(profilesDir(dataDir), workbook.table.headers, next);
  references.resolver = resolverFor(references.directory, workbook, references.confine);
  rereadField(workbook, field, affected);
  recheckRows(references, workbook, affected);
  return affected.filter((index) => !(references.issues.get(index) ?? []).some((issue) => issue.field === field && issue.value.trim().toLowerCase() === wanted)).length;
}

/**
 * Takes a choice back: the value map entry goes from the mapping and the saved profile,
 * and every row holding the value is read and checked again, as the file writes it.
 * Returns the rows it was on.
 */
export async function forgetResolution(
  references: References,
  workbook: Workbook,
  choice: { field: FieldKey; value: string },
  dataDir: string,
): Promise<number[]> {
  const { field } = choice;
  if (!isReferenceField(field)) throw new AppError('bad-choice', `${field} is not a field whose names are looked up in OneFile.`);
  const wanted = choiceKey(choice.value);
  const without = (values: ValueMaps | undefined): ValueMaps => {
    const map = { ...((values?.[field] ?? {}) as Record<string, string>) };
    for (const key of Object.keys(map)) if (choiceKey(key) === wanted) delete map[key];
    return { ...values, [field]: map };
  };
  if (!chosenTarget(workbook, field, choice.value)) throw new AppError('bad-choice', `No OneFile record was chosen for "${choice.value}": there is nothing to take back.`);
  workbook.mapping = { ...workbook.mapping, values: without(workbook.mapping.values) };
  if (workbook.profile) {
    const next = { ...workbook.profile.value, values: without(workbook.profile.value.values) };
    workbook.profile = { ...workbook.profile, value: next };
    await saveProfile(profilesDir(dataDir), workbook.table.headers, next);
  }
  references.resolver = resolverFor(references.directory, workbook, references.confine);
  const mapped = workbook.mapping.columns.find((c) => c.field === field);
  const column = mapped?.index;
  const isChosen = (item: string) => choiceKeysOf(field, mapped?.header, item).includes(wanted);
  const affected: number[] = [];
  workbook.table.rows.forEach((row, index) => {
    const text = column === undefined ? '' : cellOf(row, column);
    if (splitList(text).some(isChosen) || choiceKey(text) === wanted) affected.push(index);
  });
  rereadField(workbook, field, affected);
  recheckRows(references, workbook, affected);
  return affected;
}
