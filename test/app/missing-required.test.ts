import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { connectedService, upload, writeCsv } from './connected-service';

/**
 * Map's word on required fields no column holds agrees with what the plan does with them
 * (shared/missing-columns, issue 13): with a column that finds users OneFile already has,
 * rows about them go ahead and only a new user's row is blocked; without one, every row
 * would create and every row is blocked.
 */
let service: AppService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('Map: required fields with no column', () => {
  it('are needed only for new learners when a column can find the learners OneFile has, and the plan agrees', async () => {
    ({ service } = await connectedService('onefile-missing-required-'));
    // A weekly update: MIS IDs and new emails of learners OneFile has (the sandbox's), and one learner it has not.
    await service.handlers.openFile(upload(writeCsv(['MIS ID,First Name,Last Name,Email', 'ESHAW331,Evie,Shaw,evie.shaw.new@example.com', 'NEW00001,New,Learner,new.learner@example.com'])));
    const mapping = await service.handlers.getMapping({});
    expect(mapping.missingRequired.map((m) => m.field)).toEqual(['Assessor', 'Classroom', 'Placement']);
    expect(mapping.missingFor).toEqual({ onlyForNew: true, who: 'learners' });
    await service.handlers.checkReferences({ refresh: false });
    const plan = await service.handlers.planImport({ skipInvalid: false });
    // Evie Shaw, whom OneFile has, is updated; only the new learner's row is blocked.
    expect([plan.update, plan.create, plan.blocked, plan.blockedRows.map((r) => r.row)]).toEqual([1, 0, 1, [3]]);

    // Without the MIS ID and Email columns nothing can find a learner: every row would create.
    await service.handlers.setColumnField({ column: 0, field: null });
    const none = await service.handlers.setColumnField({ column: 3, field: null });
    expect(none.missingFor).toEqual({ onlyForNew: false, who: 'learners' });
  });

  it('speak of users where rows have roles', async () => {
    ({ service } = await connectedService('onefile-missing-required-'));
    await service.handlers.openFile(upload(writeCsv(['Email,First Name,Role', 'a.b@example.com,Ann,Assessor'])));
    const mapping = await service.handlers.getMapping({});
    expect(mapping.missingRequired.map((m) => m.field)).toEqual(['LastName']);
    expect(mapping.missingFor).toEqual({ onlyForNew: true, who: 'users' });
  });
});
