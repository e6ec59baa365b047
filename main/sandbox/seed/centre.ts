import type { SandboxStore } from '../store';
import type { Picker } from '../random';
import { ROLE, type UserRecord } from '../records';
import { blankUser, uniqueUsername } from '../user-factory';
import { generateUln } from '../uln';
import { FIRST_NAMES, SURNAMES, TOWNS, asciiLetters } from './names';
import { addMonths } from './programmes';

/**
 * A generated, realistic centre for one organisation: staff of every role, classes
 * tied to a programme, employer placements, learners with British names, unique
 * MISIDs and emails, valid ULNs, and for some learners the learning aims and unit
 * summaries already in OneFile. Deterministic for a given random source.
 */
export interface CentreSpec {
  organisationId: number;
  learners: number;
  archivedLearners: number;
  assessors: number;
  traineeAssessors: number;
  iqas: number;
  employers: number;
  observers: number;
  /** [name, MISID, the programme's standard ID or null] */
  classrooms: [string, string, number | null][];
  /** Placements generated as "Employer - Town" from these employers; explicit ones are added first. */
  placementEmployers: readonly string[];
  placements: number;
  explicitPlacements: [string, string][];
  /** Existing users (the guide's assessors) that count as this centre's assessors. */
  existingAssessorIds: number[];
  /** Share of learners that already have their class's learning aim. */
  learnersWithAims: number;
}

/** Keeps generated MISIDs and emails unique across the whole customer. */
export interface UniqueText {
  misids: Set<string>;
  emails: Set<string>;
}

export function seedCentre(store: SandboxStore, spec: CentreSpec, pick: Picker, unique: UniqueText): void {
  const org = spec.organisationId;
  const classroomIds = spec.classrooms.map(([name, misid]) => {
    const id = store.nextId('classrooms');
    store.load('classrooms', { ID: id, OrganisationID: org, Name: name, MISID: misid });
    return id;
  });
  const programmeOf = new Map(spec.classrooms.map(([, , standardId], i) => [classroomIds[i], standardId]));
  const placementIds = seedPlacements(store, spec, pick);

  const person = (role: number, domain: string, extra: Partial<UserRecord> = {}): UserRecord => {
    const first = pick.pick(FIRST_NAMES);
    const last = pick.pick(SURNAMES);
    const user: UserRecord = {
      ...blankUser({
        ID: store.nextId('users'),
        Username: uniqueUsername(store, first, last),
        OrganisationID: org,
        Role: role,
        FirstName: first,
        LastName: last,
        Email: uniqueEmail(first, last, domain, pick, unique),
        LastModified: randomDate(pick, 2024, 2025),
      }),
      MISID: uniqueMisid(first, last, pick, unique),
      ...extra,
    };
    store.load('users', user);
    return user;
  };

  const assessorIds = [...spec.existingAssessorIds];
  for (let i = 0; i < spec.assessors; i++) assessorIds.push(person(ROLE.assessor, 'centre.example.com').ID);
  const traineeIds: number[] = [];
  for (let i = 0; i < spec.traineeAssessors; i++) traineeIds.push(person(ROLE.traineeAssessor, 'centre.example.com').ID);
  const iqaIds: number[] = [];
  for (let i = 0; i < spec.iqas; i++) iqaIds.push(person(ROLE.iqa, 'centre.example.com').ID);
  const employerAt = new Map<number, number>();
  for (let i = 0; i < spec.employers; i++) {
    const placementId = placementIds[i % placementIds.length];
    const company = store.placement(placementId)!.Name.split(' - ')[0];
    const employer = person(ROLE.employer, 'employer.example.com', { PlacementID: placementId, CompanyName: company });
    employerAt.set(placementId, employer.ID);
  }
  for (let i = 0; i < spec.observers; i++) person(ROLE.observer, 'employer.example.com', { PlacementID: pick.pick(placementIds) });

  const learnerIds: number[] = [];
  for (let i = 0; i < spec.learners; i++) {
    const classroomId = pick.pick(classroomIds);
    const placementId = pick.pick(placementIds);
    const startOn = randomDate(pick, 2024, 2025);
    const learner = person(ROLE.learner, 'learner.example.com', {
      ULN: pick.chance(0.9) ? generateUln(pick.random) : null,
      NINO: pick.chance(0.8) ? randomNino(pick) : null,
      DOB: randomDate(pick, 1988, 2008),
      StartOn: startOn,
      PlannedEndDate: addMonths(startOn.slice(0, 10), pick.pick([12, 15, 18, 24])),
      DefaultAssessorID: pick.chance(0.1) && traineeIds.length > 0 ? pick.pick(traineeIds) : pick.pick(assessorIds),
      DefaultEmployerID: employerAt.get(placementId) ?? null,
      ClassroomID: classroomId,
      PlacementID: placementId,
      MobileNumber: pick.chance(0.7) ? `07${pick.int(100, 999)} ${pick.int(100000, 999999)}` : null,
      LearnerStatusID: 1,
    });
    learnerIds.push(learner.ID);
    const standardId = programmeOf.get(classroomId);
    if (standardId && pick.chance(spec.learnersWithAims)) seedLearningAim(store, learner, standardId, pick);
    if (iqaIds.length > 0 && pick.chance(0.15)) {
      store.load('assignments', { ID: store.nextId('assignments'), StaffID: pick.pick(iqaIds), LearnerID: learner.ID, Level: null, StandardID: null, UnitID: null });
    }
  }
  for (let i = 0; i < spec.archivedLearners; i++) {
    const learner = store.user(learnerIds[(i * 37 + 11) % learnerIds.length])!;
    store.load('users', { ...learner, Archived: true, LearnerStatusID: 3 });
  }
}

function seedPlacements(store: SandboxStore, spec: CentreSpec, pick: Picker): number[] {
  const ids: number[] = [];
  const add = (name: string, misid: string) => {
    const id = store.nextId('placements');
    store.load('placements', { ID: id, OrganisationID: spec.organisationId, Name: name, MISID: misid });
    ids.push(id);
  };
  for (const [name, misid] of spec.explicitPlacements) add(name, misid);
  const names = new Set(store.all('placements').filter((p) => p.OrganisationID === spec.organisationId).map((p) => p.Name));
  while (ids.length < spec.placements + spec.explicitPlacements.length) {
    const employer = pick.pick(spec.placementEmployers);
    const name = `${employer} - ${pick.pick(TOWNS)}`;
    if (names.has(name)) continue;
    names.add(name);
    add(name, `${asciiLetters(employer).slice(0, 3).toUpperCase()}${store.nextId('placements')}`);
  }
  return ids;
}

/** The learner's class programme as a learning aim, with the first few units started. */
function seedLearningAim(store: SandboxStore, learner: UserRecord, standardId: number, pick: Picker): void {
  const aimId = store.nextId('learningAims');
  store.load('learningAims', {
    ID: aimId, UserID: learner.ID, StandardID: standardId, Status: 1,
    StartOn: learner.StartOn, PlannedEndDate: learner.PlannedEndDate, Weighting: 100, FrameworkTemplateID: null,
  });
  const units = store.all('units').filter((u) => u.StandardID === standardId);
  const started = pick.int(1, units.length);
  for (const unit of units.slice(0, started)) {
    store.load('unitSummaries', {
      ID: store.nextId('unitSummaries'), UserID: learner.ID, UnitID: unit.ID, StandardID: standardId, LearningAimID: aimId,
      StartOn: learner.StartOn, PlannedEndDate: learner.PlannedEndDate, Weighting: Math.round(100 / units.length),
    });
  }
}

function uniqueMisid(first: string, last: string, pick: Picker, unique: UniqueText): string {
  const stem = `${asciiLetters(first).charAt(0)}${asciiLetters(last)}`.toUpperCase();
  for (;;) {
    const misid = `${stem}${pick.int(10, 999)}`;
    if (!unique.misids.has(misid)) {
      unique.misids.add(misid);
      return misid;
    }
  }
}

function uniqueEmail(first: string, last: string, domain: string, pick: Picker, unique: UniqueText): string {
  const stem = `${asciiLetters(first)}.${asciiLetters(last)}`.toLowerCase();
  let email = `${stem}@${domain}`;
  while (unique.emails.has(email)) email = `${stem}${pick.int(1, 999)}@${domain}`;
  unique.emails.add(email);
  return email;
}

/** Midnight UTC of a random day in the given years. */
function randomDate(pick: Picker, fromYear: number, toYear: number): string {
  return new Date(Date.UTC(pick.int(fromYear, toYear), pick.int(0, 11), pick.int(1, 28))).toISOString();
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_BANNED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** A National Insurance number of the valid shape: no D, F, I, Q, U, V; no O second; no banned pairs. */
function randomNino(pick: Picker): string {
  for (;;) {
    const prefix = pick.pick([...NINO_FIRST]) + pick.pick([...NINO_SECOND]);
    if (NINO_BANNED.has(prefix)) continue;
    return `${prefix}${String(pick.int(0, 999999)).padStart(6, '0')}${pick.pick(['A', 'B', 'C', 'D'])}`;
  }
}
