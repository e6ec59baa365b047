import { REFERENCE_NOUNS, type GroupableProblem } from '../../shared/problem-groups';
import { damagedProfileWarning, saveProfile } from '../mapping-store/profile-store';
import { referenceProblem, recordsOf, profilesFolder, profileWithChoices, type UnresolvedValue, type ReferenceField, type OpenedImport, type ProfileInUse, type ValueChoice } from '../import';
import { askValueChoices, type Ask } from './resolve-questions';

/**
 * The one way the command line resolves names, for `import`, `check --env` and
 * `resolve` alike: choices given with `--accept`, then (on a terminal) a question for
 * each name still unresolved, then every choice saved into the mapping profile for the
 * file's headers (the app's store and format), whose path is said.
 */

export interface ResolveFlowIo {
  /** Null where there is no terminal to ask on: nothing is asked, nothing guessed. */
  ask: Ask | null;
  say(text: string): void;
}

export interface ResolveFlowResult {
  choices: ValueChoice[];
  /** The profile to map the file with from now on (the saved one after choices). */
  profile: ProfileInUse;
  /** Where the choices were saved, or null when there were none. */
  savedTo: string | null;
}

/** The column a field's names are read from, for questions and commands. */
export function columnOfField(opened: Pick<OpenedImport, 'mapping' | 'table'>, field: string): { letter: string; header: string } | null {
  const column = opened.mapping.columns.find((c) => c.field === field);
  return column ? { letter: opened.table.columns[column.index], header: column.header } : null;
}

function sameValue(choice: ValueChoice, value: UnresolvedValue): boolean {
  return choice.field === value.field && choice.value.trim().toLowerCase() === value.value.trim().toLowerCase();
}

export async function resolveNames(opened: OpenedImport, dataDir: string, io: ResolveFlowIo, accepted: readonly ValueChoice[] = []): Promise<ResolveFlowResult> {
  const open = opened.unresolvedValues().filter((value) => !accepted.some((choice) => sameValue(choice, value)));
  let asked: ValueChoice[] = [];
  if (io.ask && open.length > 0) {
    const answers = await askValueChoices(open, {
      columnOf: (field) => columnOfField(opened, field),
      recordsOf: (field: ReferenceField) => recordsOf(opened.directory, field),
      nounOf: (field) => REFERENCE_NOUNS[field] ?? field,
      ask: io.ask,
      say: io.say,
    });
    asked = answers.choices;
  }
  const choices = [...accepted, ...asked];
  if (choices.length === 0) return { choices, profile: opened.profile, savedTo: null };
  const value = profileWithChoices(opened.profile.value, opened.mapping, choices);
  const savedTo = await saveProfile(profilesFolder(dataDir), opened.table.headers, value);
  io.say(`Saved ${choices.length === 1 ? 'the choice' : `${choices.length} choices`} in the mapping profile for these columns: ${savedTo}\n`);
  const profile: ProfileInUse =
    opened.profile.source === 'file'
      ? { ...opened.profile, value, choicesFrom: savedTo }
      : { source: 'saved', path: savedTo, value, ...(value.description ? { name: value.description } : {}) };
  return { choices, profile, savedTo };
}

/** Names that are not exactly one OneFile record as row problems, one per row they are on (for grouping). */
export function unresolvedProblems(opened: Pick<OpenedImport, 'rows' | 'unresolvedValues'>): GroupableProblem[] {
  const byRow = new Map(opened.rows.map((row) => [row.row, row]));
  return opened.unresolvedValues().flatMap((value) => {
    const first = byRow.get(value.rows[0]);
    if (!first) return [];
    const resolution =
      value.status === 'ambiguous' ? { status: 'ambiguous' as const, candidates: value.candidates } : { status: 'unmatched' as const, suggestions: value.suggestions };
    const problem = referenceProblem({ field: value.field, value: value.value, resolution }, first);
    return value.rows.map((row) => ({ ...problem, row }));
  });
}

/** The plan's line naming the profile in use. */
export function profileLine(profile: ProfileInUse): string {
  if (!profile.damaged) return profileSourceLine(profile);
  if (profile.source === 'none') return `Mapping profile: ${damagedProfileWarning(profile.damaged)}`;
  return `${profileSourceLine(profile)}\nThe names chosen for these columns could not be added: the profile saved for them is damaged (${profile.damaged.replace(/\.$/, '')}).`;
}

function profileSourceLine(profile: ProfileInUse): string {
  const name = profile.name ? ` "${profile.name}"` : '';
  switch (profile.source) {
    case 'file':
      return `Mapping profile${name}: ${profile.path} (--mapping)${profile.choicesFrom ? `, with the names chosen for these columns in ${profile.choicesFrom}` : ''}`;
    case 'saved':
      return `Mapping profile${name}: saved for these columns, ${profile.path}`;
    default:
      return 'Mapping profile: none saved for these columns; columns mapped automatically';
  }
}
