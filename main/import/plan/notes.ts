import { displayName } from '../directory/person-names';
import type { Directory, DirectoryUser } from '../directory/types';
import type { RowDraft } from './plan';
import type { RowPlan } from './types';
import type { UnpagedEntity } from '../../onefile/knowledge';
import type { NewUserEmails } from '../../../shared/contract-run-types';

/**
 * What the plan tells the user about this OneFile: where it was seen to differ from
 * the guides' examples and what the importer does about it, so nothing it does to fail
 * safe happens silently (docs/onefile-assumptions.md lists every such point).
 */

/** What the probe (or the user's settings) established about this environment. */
export interface EnvironmentFacts {
  /** Archived learners come back when a search asks for them, or the probe never saw one. */
  archivedLearners?: 'returned' | 'not-seen';
  /** `POST User/{id}/Assign`: whose ID goes in the path. */
  assignPath?: 'staff-in-path' | 'learner-in-path';
  /** When a template's learning aims appear after its assign here, once an import has seen it (run/template-check.ts). */
  templateApply?: 'at-once' | 'in-background';
  /** What an update does here with the fields it is not sent, once an import has seen it (run/update-check.ts). */
  userUpdates?: 'fields-sent' | 'whole-record';
  /** The user fields an update has been seen keeping here (run/kept-fields.ts): an update carrying others is read after. */
  userFieldsKeptOnUpdate?: readonly string[];
  /** Whether this OneFile creates a learner without an email, once an import has seen it (run/learner-email.ts). */
  learnerEmail?: 'required' | 'optional';
  /** Whether OneFile emails each user made in the organisation planned for (its Keychain invitation): its flags, environment/new-user-emails.ts. */
  newUserEmails?: NewUserEmails;
  /** OneFile was seen serving this many rows a page, fewer than the probe measured: its measurement no longer ends searches. */
  pagesShorterSinceProbe?: number;
  /** The probe measured how many rows a page this OneFile serves whole (`pageCap` or `servesWhole`): a shorter page ends a search. */
  pagesMeasured?: boolean;
  /** Whether this OneFile's unpaged searches were seen refused or answering only their first rows (onefile/knowledge.ts); absent: offered whole as far as is known. */
  unpagedSearch?: 'not-offered' | 'capped';
  /** By kind, the most rows its unpaged search was seen answering whole here (onefile/knowledge.ts): the looks before creations take pages only past it. */
  unpagedSeenWhole?: Partial<Record<UnpagedEntity, number>>;
  /** OneFile admitted only `calls` a window of the `budget` set (onefile/limiter.ts): the import sends `calls`. */
  admittedBudget?: { calls: number; budget: number };
}

type Note = { code: string; message: string };

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** What planning found out while it read: the lookups it made, the templates OneFile would not describe. */
export interface PlanningFindings {
  lookupCalls: number;
  /** Users earlier runs created that the directory's searches did not show, read by ID (users-made.ts). */
  usersMadeRead?: readonly DirectoryUser[];
  templatesRefused: ReadonlySet<number>;
  /** `GET FrameworkTemplate/{id}` is known to be refused here (the probe, or an earlier run). */
  templateContentsUnavailable: boolean;
  /** Searches of matched learners' learning aims and unit summaries planning made. */
  programmeSearches?: number;
}

/** Fewer searches than this ending on an empty page are not worth a note. */
const EMPTY_PAGES_WORTH_SAYING = 10;

export function environmentNotes(rows: readonly RowPlan[], drafts: readonly RowDraft[], directory: Directory, facts: EnvironmentFacts | undefined, found: PlanningFindings): Note[] {
  const notes: Note[] = [];
  const { lookupCalls } = found;
  const unknown = new Map<number, string>();
  for (const draft of drafts) {
    const template = draft.refs.FrameworkTemplate;
    // Said where it matters: OneFile was asked and would not say, or is known not to.
    if (template && template.standardIds === null && (found.templateContentsUnavailable || found.templatesRefused.has(template.id))) unknown.set(template.id, template.name);
  }
  if (unknown.size > 0) {
    const names = [...unknown.values()].map((name) => `"${name}"`).join(', ');
    notes.push({
      code: 'template-contents-unknown',
      message:
        `OneFile does not say which standards and units the framework ${plural(unknown.size, 'template', 'templates')} ${names} ${plural(unknown.size, 'holds', 'hold')} ` +
        "(GET FrameworkTemplate/{id} is in no guide and is not offered here), so a template is given only to learners with no learning aims yet, and if OneFile's answer is lost " +
        "the learner's learning aims are checked before anything is sent again.",
    });
  }
  if (facts?.admittedBudget) {
    const { calls, budget } = facts.admittedBudget;
    notes.push({
      code: 'rate-admitted',
      message:
        `OneFile admitted only about ${calls} calls a minute here, not the ${budget} set (it refused more, in an earlier import or while this one read): ` +
        `this import sends ${calls} a minute, and its time is estimated at that. A different calls-a-minute setting starts afresh.`,
    });
  }
  if (facts?.pagesShorterSinceProbe !== undefined) {
    notes.push({
      code: 'pages-shorter-since-probe',
      message:
        `OneFile served only ${facts.pagesShorterSinceProbe} rows a page where the last check of this OneFile (the probe) had it serve more: its paging has changed since. ` +
        'That measurement is no longer used, so every search ends only on an empty page (a call more a search) and no learner is missed. ' +
        'Check this OneFile again (Check this OneFile, or onefile-import probe) to measure it afresh.',
    });
  }
  const searches = found.programmeSearches ?? 0;
  if (facts && !facts.pagesMeasured && facts.pagesShorterSinceProbe === undefined && searches >= EMPTY_PAGES_WORTH_SAYING) {
    notes.push({
      code: 'pages-not-measured',
      message:
        `This OneFile's page size has not been measured, so each of the ${searches} searches of learners' learning aims and unit summaries made while planning ` +
        'ended only on an empty page, a call each. Check this OneFile once (Check this OneFile on the Connect screen, or onefile-import probe; what it finds is kept) ' +
        `and a short page ends such a search: imports like this one then make up to ${searches} fewer calls.`,
    });
  }
  const creates = rows.filter((row) => row.action === 'create').length;
  const missed = found.usersMadeRead ?? [];
  if (missed.length > 0) {
    const named = missed.slice(0, 5).map((user) => `${displayName(user)} (OneFile ID ${user.id})`).join(', ');
    notes.push({
      code: 'users-made-not-in-search',
      message:
        `OneFile's search did not show ${missed.length} ${plural(missed.length, 'user', 'users')} an earlier import created (${named}${missed.length > 5 ? ', ...' : ''}): ` +
        `each was read by ID and is matched, not created again. OneFile's searches may show new users only some time after they are made.`,
    });
  }
  if (directory.usersUnconfirmed) {
    notes.push({
      code: 'users-search-ignores-organisation',
      message:
        "OneFile's user search answered with users of another organisation or role than it was asked for, and its rows do not say which: " +
        "every user a row's MIS ID, ULN, NI number or email points at, and every assessor, IQA, employer and observer its names fit, was read by ID first: " +
        "only this organisation's own are matched, written to and given to learners.",
    });
  }
  if (directory.learnerRowsCarry?.email === false) {
    notes.push({
      code: 'learner-rows-without-email',
      message:
        `OneFile's learner search rows here carry no email, so the directory cannot recognise a learner by email: every new learner was looked up by email first ` +
        `(${lookupCalls} ${plural(lookupCalls, 'call', 'calls')}) and none will be created twice.`,
    });
  }
  if (directory.learnerRowsCarry?.uln === false) {
    notes.push({
      code: 'learner-rows-without-uln',
      message:
        "OneFile's learner search rows here carry no ULN, and ULN is not a documented search filter: learners are recognised by MIS ID and email, and by ULN " +
        "only among the learners of the row's name (each read before a new learner is created). A learner whose MIS ID, email and name all differ from OneFile's " +
        'would be created again: give such rows their MIS ID.',
    });
  }
  if (directory.archivedLeftOut && creates > 0) {
    notes.push({
      code: 'archived-users-not-seen',
      message:
        "This OneFile refuses to be asked for archived users (the IncludeArchived filter), so its searches were read without them. If the organisation has archived learners, " +
        `a row about one would look new: check the ${creates} new ${plural(creates, 'learner', 'learners')} against OneFile's archived users before importing.`,
    });
  } else if (facts?.archivedLearners === 'not-seen' && creates > 0) {
    notes.push({
      code: 'archived-users-not-seen',
      message:
        "The probe saw no archived learner in this OneFile's searches, even when asked for them. If the organisation has archived learners, " +
        `a row about one would look new: check the ${creates} new ${plural(creates, 'learner', 'learners')} against OneFile's archived users before importing.`,
    });
  }
  if (!directory.archivedLeftOut && facts?.archivedLearners === undefined && creates > 0 && noneShownArchived(directory)) {
    notes.push({
      code: 'archived-users-not-seen',
      message:
        `OneFile's search gave none of this organisation's ${directory.learners.length} learners as archived, though it was asked for archived ones too. ` +
        `If this OneFile hides archived learners, a row about one would look new: check the ${creates} new ${plural(creates, 'learner', 'learners')} against OneFile's archived users ` +
        'before importing, or check this OneFile (Check this OneFile, or onefile-import probe), which finds out whether it shows them.',
    });
  }
  if (facts?.assignPath === 'learner-in-path' && rows.some((row) => row.operations.some((op) => op.kind === 'assign-staff'))) {
    notes.push({
      code: 'assign-learner-in-path',
      message: 'Staff are assigned with the learner in the path of POST User/{id}/Assign (this environment\'s "Assign path" setting), as the newest guide reads it.',
    });
  }
  const invited = newUserEmailsNote(rows, facts?.newUserEmails);
  if (invited) notes.push(invited);
  const updates = rows.filter((row) => row.operations.some((op) => op.kind === 'update-user')).length;
  if (facts?.userUpdates === 'whole-record' && updates > 0) {
    notes.push({
      code: 'updates-whole-record',
      message:
        'An earlier import saw this OneFile clear the fields an update does not carry: each of the ' +
        `${updates} ${plural(updates, 'learner', 'learners')} updated is read first and sent whole (a call more each), so nothing of theirs is lost.`,
    });
  }
  return notes;
}

/**
 * What making the rows' new users sets off outside the importer: where the organisation's
 * flags say OneFile emails each new user an invitation to set up their Keychain (its
 * sign-in), each one the file creates with an email hears from OneFile at once; where the
 * emails are suppressed, none does. Said before the import, so that a wrong address (an
 * invitation to someone else) is caught first. Nothing said where the flags do not say.
 */
function newUserEmailsNote(rows: readonly RowPlan[], emails: NewUserEmails | undefined): Note | undefined {
  if (emails !== 'sent' && emails !== 'suppressed') return undefined;
  const emailed = rows.filter((row) => row.operations.some((op) => op.kind === 'create-user' && typeof op.fields.Email === 'string' && op.fields.Email.trim() !== '')).length;
  if (emailed === 0) return undefined;
  const users = `${emailed} new ${plural(emailed, 'user', 'users')}`;
  if (emails === 'suppressed') {
    return {
      code: 'new-users-not-emailed',
      message:
        `OneFile makes a Keychain (its sign-in) for each new user in this organisation but sends no email (its Keychain emails are suppressed): ` +
        `${emailed === 1 ? 'the new user this import makes is not told' : `the ${users} this import makes are not told`}. Send them their sign-in from OneFile when they should start.`,
    };
  }
  return {
    code: 'new-users-emailed',
    message:
      `OneFile will email ${emailed === 1 ? 'the new user this import makes, as soon as they are made' : `each of the ${users} this import makes, as soon as each is made`}: ` +
      'this organisation has OneFile make a Keychain (its sign-in) for every new user ' +
      'and email them to set it up (Keychain emails are not suppressed). Check the email addresses in the file first: an invitation sent to a wrong address reaches someone else.',
  };
}

/**
 * An organisation with this many learners has archived ones (learners finish and leave
 * every year): a search asked for them too that shows none may hide them.
 */
const LEARNERS_WITH_SOME_ARCHIVED = 100;

/** Whether the learners read hold no archived one where an organisation of their number would. */
function noneShownArchived(directory: Directory): boolean {
  return directory.learners.length >= LEARNERS_WITH_SOME_ARCHIVED && !directory.learners.some((learner) => learner.archived);
}
