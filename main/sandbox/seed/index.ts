import { SandboxStore } from '../store';
import { picker, seededRandom } from '../random';
import { GUIDE, seedGuideData } from './guide-data';
import { seedProgrammes } from './programmes';
import { seedCentre, type CentreSpec, type UniqueText } from './centre';
import { CARE_EMPLOYERS, EMPLOYERS } from './names';

export { GUIDE } from './guide-data';

/** Classes of the business centre: each programme's intakes, plus a near-duplicate pair on purpose. */
function businessClassrooms(): [string, string, number | null][] {
  const programmes: [string, string, number][] = [
    ['Business Admin L3', 'BA3', 4001],
    ['Customer Service L2', 'CS2', 4002],
    ['Team Leader L3', 'TL3', 4003],
    ['Data Analyst L4', 'DA4', 4004],
  ];
  const intakes: [string, string][] = [['Sep 2024', '2409'], ['Jan 2025', '2501'], ['Apr 2025', '2504'], ['Sep 2025', '2509']];
  const classrooms: [string, string, number | null][] = [];
  for (const [name, code, standardId] of programmes) {
    for (const [intake, intakeCode] of intakes) {
      classrooms.push([`${name} - ${intake} Group A`, `${code}-${intakeCode}A`, standardId]);
      if (code !== 'DA4') classrooms.push([`${name} - ${intake} Group B`, `${code}-${intakeCode}B`, standardId]);
    }
  }
  // Names that differ only in case and spacing: resolving by name must see the ambiguity.
  classrooms.push(['Business Admin L3 - Evening', 'BA3-EVE', 4001]);
  classrooms.push(['Business admin L3 -  evening', 'BA3-EVE2', 4001]);
  classrooms.push(['Functional Skills Drop-in', 'FS-DROP', null]);
  return classrooms;
}

const BUSINESS_CENTRE: CentreSpec = {
  organisationId: GUIDE.business,
  learners: 420,
  archivedLearners: 6,
  assessors: 6,
  traineeAssessors: 2,
  iqas: 3,
  employers: 12,
  observers: 3,
  classrooms: businessClassrooms(),
  placementEmployers: EMPLOYERS,
  placements: 40,
  // Two placements with the same name and different MISIDs, on purpose.
  explicitPlacements: [['Tesco - Leeds', 'TES-LDS-01'], ['Tesco - Leeds', 'TES-LDS-02']],
  existingAssessorIds: [GUIDE.jamesFayre, GUIDE.kateAnderson],
  learnersWithAims: 0.35,
};

const CARE_CENTRE: CentreSpec = {
  organisationId: GUIDE.care,
  learners: 40,
  archivedLearners: 2,
  assessors: 2,
  traineeAssessors: 0,
  iqas: 1,
  employers: 2,
  observers: 1,
  classrooms: [
    ['Adult Care L2 - Sep 2025', 'ACW2-2509', 4101],
    ['Adult Care L2 - Jan 2026', 'ACW2-2601', 4101],
    ['Lead Adult Care L3 - Sep 2025', 'LACW3-2509', 4102],
  ],
  placementEmployers: CARE_EMPLOYERS,
  placements: 6,
  explicitPlacements: [],
  existingAssessorIds: [],
  learnersWithAims: 0.5,
};

/**
 * The sandbox's starting state: the guides' example data plus a generated centre in
 * each organisation. The same seed always gives the same records and IDs.
 */
export function seedStore(seed: number): SandboxStore {
  const store = new SandboxStore();
  seedGuideData(store);
  store.startIdsAt('learningAims', 310001);
  store.startIdsAt('unitSummaries', 2450001);
  store.startIdsAt('assignments', 88001);
  seedProgrammes(store);
  const unique: UniqueText = {
    misids: new Set(store.all('users').map((u) => u.MISID ?? '')),
    emails: new Set(store.all('users').flatMap((u) => (u.Email === null ? [] : [u.Email]))),
  };
  const pick = picker(seededRandom(seed));
  seedCentre(store, BUSINESS_CENTRE, pick, unique);
  seedCentre(store, CARE_CENTRE, pick, unique);
  store.takePending();
  return store;
}
