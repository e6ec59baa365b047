import { ukDate } from '../../../shared/dates';
import { fieldValue, type MappedRow } from '../../../shared/mapped-rows';
import type { Issue } from '../../../shared/validate';
import { displayName, personKey } from '../directory/person-names';
import type { Directory, DirectoryUser } from '../directory/types';
import type { RowDraft } from './plan';
import { ROLE, type RowPlan } from './types';

/** What a namesake's problem is about, as its line names it ("Name "Gemma Hall": ..."). */
const NAME = 'Name';

/**
 * A person is found in OneFile by MIS ID, ULN, NI number or email, never by name. So a
 * row that creates someone whom OneFile already has under the same name (added by hand
 * with another email and no MIS ID, say) would make a second one, and so would two rows
 * of the file about one person with different keys. Neither is certain (people share
 * names), so each is a warning on the row, naming who it may be and what to put in the
 * file if it is the same person: the plan shows it before anything is created.
 */
export function noteNamesakes(drafts: readonly RowDraft[], directory: Directory): void {
  const learners = byName(directory.learners);
  const staff = byName(directory.staff);
  const creating = new NameAndBirth();
  for (const { plan, mapped } of drafts) {
    if (plan.action !== 'create') continue;
    const { FirstName: first, LastName: last, DOB: born } = mapped.values;
    if (!first || !last) continue;
    const namesakes = (plan.role === ROLE.Learner ? learners : staff).get(personKey({ firstName: first, lastName: last })) ?? [];
    if (namesakes.length > 0) plan.problems.push(namesakeInOneFile(plan, namesakes));
    const earlier = creating.earlier(first, last, born, plan.row);
    if (earlier !== undefined) {
      plan.problems.push({
        field: NAME,
        value: plan.name,
        ownLine: true,
        code: 'namesake-in-file',
        severity: 'warning',
        message: `Row ${earlier} also creates ${plan.name}, born ${ukDate(born!)}, with no MIS ID, ULN, NI number or email in common: if they are the same person, keep one of the rows, or both become users in OneFile.`,
      });
    }
  }
}

/** The first row of each name and date of birth, as rows are met. */
class NameAndBirth {
  readonly #first = new Map<string, number>();

  /** The row met earlier with this name and date of birth (undefined: none, and this row is noted as the first). No date of birth: none. */
  earlier(first: string, last: string, born: string | undefined, row: number): number | undefined {
    if (!born) return undefined;
    const key = `${personKey({ firstName: first, lastName: last })}\u0000${born}`;
    const earlier = this.#first.get(key);
    if (earlier === undefined) this.#first.set(key, row);
    return earlier;
  }
}

/**
 * `check`'s word on two rows of the file with one name and date of birth and no key in
 * common (MIS ID, ULN, NI number, email): perhaps one person written twice. `check` asks
 * no OneFile, so it cannot tell, as the plan does, whether both rows would create; it says
 * it of every such pair, as a warning on the later row. A row that shares a key with
 * another (`sharesKey`: a row per standard, a copy, keys that clash) is never said to
 * share none; it is still the first of its name for the rows after it.
 */
export function namesakesInFile(rows: readonly MappedRow[], sharesKey: (index: number) => boolean): Issue[] {
  const met = new NameAndBirth();
  const issues: Issue[] = [];
  rows.forEach((row, index) => {
    const first = fieldValue(row, 'FirstName');
    const last = fieldValue(row, 'LastName');
    const born = fieldValue(row, 'DOB');
    if (!first || !last) return;
    const earlier = met.earlier(first, last, born, row.row);
    if (earlier === undefined || sharesKey(index)) return;
    const name = `${first} ${last}`;
    issues.push({
      row: row.row,
      column: '',
      header: '',
      field: null,
      value: name,
      code: 'namesake-in-file',
      severity: 'warning',
      message: `Row ${earlier} is also ${name}, born ${ukDate(born!)}, with no MIS ID, ULN, NI number or email in common: if they are the same person, keep one of the rows or give both the same MIS ID, or an import that finds neither in OneFile creates both.`,
    });
  });
  return issues;
}

function byName(users: readonly DirectoryUser[]): Map<string, DirectoryUser[]> {
  const map = new Map<string, DirectoryUser[]>();
  for (const user of users) {
    const key = personKey(user);
    const list = map.get(key);
    if (list) list.push(user);
    else map.set(key, [user]);
  }
  return map;
}

function namesakeInOneFile(plan: RowPlan, namesakes: readonly DirectoryUser[]): RowPlan['problems'][number] {
  const kind = plan.role === ROLE.Learner ? 'learner' : 'user';
  const shown = namesakes.slice(0, 3).map((user) => `OneFile ID ${user.id}, ${user.misid ? `MIS ID ${user.misid}` : 'no MIS ID'}${user.archived ? ', archived' : ''}`);
  const more = namesakes.length > 3 ? `; and ${namesakes.length - 3} more` : '';
  const who = namesakes.length === 1 ? `a ${kind} called ${displayName(namesakes[0])}` : `${namesakes.length} ${kind}s called ${displayName(namesakes[0])}`;
  return {
    field: NAME,
    value: plan.name,
    ownLine: true,
    code: 'namesake-in-onefile',
    severity: 'warning',
    message: `OneFile already has ${who} (${shown.join('; ')}${more}), and this row's MIS ID, ULN, NI number and email find no one, so the import creates another ${kind}: if it is the same person, put the MIS ID or email OneFile has for them in the file.`,
  };
}
