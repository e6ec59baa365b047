import type { SandboxStore } from '../store';
import { ROLE } from '../records';
import { blankUser } from '../user-factory';

/**
 * The example data of OneFile's own "Initial data download" guide, with the guide's
 * IDs, so the guide's requests give the guide's answers.
 */
export const GUIDE = {
  customerId: 2070,
  business: 5740,
  care: 5741,
  jamesFayre: 122762,
  kateAnderson: 132757,
  gemmaHall: 137945,
  chloeHenshall: 137946,
  businessAdminL2: 15379,
  businessAdminL3: 15381,
  btManchester: 18928,
  vodaphoneSalford: 18929,
} as const;

const SEEDED_AT = '2025-06-02T08:30:00.000Z';

export function seedGuideData(store: SandboxStore): void {
  store.load('customers', { ID: GUIDE.customerId, Name: 'Example Beta Customer' });
  for (const [id, name] of [[GUIDE.business, 'Example Organisation - Business'], [GUIDE.care, 'Example Organisation - Care']] as const) {
    store.load('organisations', { ID: id, CustomerID: GUIDE.customerId, Name: name, KeychainCreationForNewUserActive: false, KeychainEmailSuppression: false });
  }
  store.load('classrooms', { ID: GUIDE.businessAdminL2, OrganisationID: GUIDE.business, Name: 'Business Admin L2', MISID: 'BAD1' });
  store.load('classrooms', { ID: GUIDE.businessAdminL3, OrganisationID: GUIDE.business, Name: 'Business Admin L3', MISID: 'BAD2' });
  store.load('placements', { ID: GUIDE.btManchester, OrganisationID: GUIDE.business, Name: 'BT - Manchester', MISID: 'BT54810A' });
  store.load('placements', { ID: GUIDE.vodaphoneSalford, OrganisationID: GUIDE.business, Name: 'Vodaphone - Salford', MISID: 'VP0491045X' });

  const staff = (id: number, first: string, last: string, misid: string, username: string) =>
    store.load('users', {
      ...blankUser({ ID: id, Username: username, OrganisationID: GUIDE.business, Role: ROLE.assessor, FirstName: first, LastName: last, Email: `${username}@centre.example.com`, LastModified: SEEDED_AT }),
      MISID: misid,
    });
  staff(GUIDE.jamesFayre, 'James', 'Fayre', 'JFAYE51P', 'james.fayre');
  staff(GUIDE.kateAnderson, 'Kate', 'Anderson', 'KANDREWS142', 'kate.anderson');

  const learner = (id: number, first: string, last: string, misid: string, username: string, placementId: number, uln: string) =>
    store.load('users', {
      ...blankUser({ ID: id, Username: username, OrganisationID: GUIDE.business, Role: ROLE.learner, FirstName: first, LastName: last, Email: `${username}@learner.example.com`, LastModified: SEEDED_AT }),
      MISID: misid,
      ULN: uln,
      DOB: '2004-05-17T00:00:00.000Z',
      StartOn: '2025-01-06T00:00:00.000Z',
      PlannedEndDate: '2026-01-05T00:00:00.000Z',
      DefaultAssessorID: GUIDE.jamesFayre,
      ClassroomID: GUIDE.businessAdminL2,
      PlacementID: placementId,
      LearnerStatusID: 1,
    });
  learner(GUIDE.gemmaHall, 'Gemma', 'Hall', 'GHALL391', 'gemma.hall', GUIDE.btManchester, '9276308686');
  learner(GUIDE.chloeHenshall, 'Chloe', 'Henshall', 'CHENSHALL194', 'chloe.henshall', GUIDE.vodaphoneSalford, '4938261048');
}
