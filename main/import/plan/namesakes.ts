import { ukDate } from '../../../shared/dates';
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
  const creatingByNameAndBirth = new Map<string, number>();
  for (const { plan, mapped } of drafts) {
    if (plan.action !== 'create') continue;
    const { FirstName: first, LastName: last, DOB: born } = mapped.values;
    if (!first || !last) continue;
    const key = personKey({ firstName: first, lastName: last });
    const namesakes = (plan.role === ROLE.Learner ? learners : staff).get(key) ?? [];
    if (namesakes.length > 0) plan.problems.push(namesakeInOneFile(plan, namesakes));
    if (!born) continue;
    const earlier = creatingByNameAndBirth.get(`${key}\u0000${born}`);
    if (earlier === undefined) creatingByNameAndBirth.set(`${key}\u0000${born}`, plan.row);
    else {
      plan.problems.push({
        field: NAME,
        value: plan.name,
        ownLine: true,
        code: 'namesake-in-file',
        severity: 'warning',
        message: `Row ${earlier} also creates ${plan.name}, born ${ukDate(born)}, with another MIS ID, ULN or email: if they are the same person, keep one of the rows, or both become users in OneFile.`,
      });
    }
  }
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
