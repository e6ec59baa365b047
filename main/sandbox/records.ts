/**
 * What the sandbox stores, shaped like OneFile's JSON (PascalCase keys, `ID` in
 * capitals) so a record can be answered as it is.
 */

/** Unit IDs are opaque: integers for most units, text (`KS_COMM1`) for some. */
export type UnitId = number | string;

/**
 * The sandbox's own copy of OneFile's role numbers, on purpose: it stands for OneFile,
 * so the contract tests catch the client and the engine if their numbers (one table,
 * `shared/fields.ts` ROLE_IDS) were ever wrong.
 */
export const ROLE = {
  learner: 1,
  traineeAssessor: 4,
  assessor: 5,
  iqa: 10,
  employer: 40,
  observer: 45,
} as const;

export const ROLES: readonly number[] = Object.values(ROLE);

export interface CustomerRecord {
  ID: number;
  Name: string;
}

export interface OrganisationRecord {
  ID: number;
  CustomerID: number;
  Name: string;
  KeychainCreationForNewUserActive: boolean;
  KeychainEmailSuppression: boolean;
}

/** Every user field the API knows. Absent optional fields are null, never undefined. */
export interface UserRecord {
  ID: number;
  Username: string;
  OrganisationID: number;
  Role: number;
  FirstName: string;
  LastName: string;
  /** Null for a learner made without one (the `learnerEmail` switch). */
  Email: string | null;
  MISID: string | null;
  ULN: string | null;
  NINO: string | null;
  DOB: string | null;
  StartOn: string | null;
  PlannedEndDate: string | null;
  DefaultAssessorID: number | null;
  DefaultEmployerID: number | null;
  ClassroomID: number | null;
  PlacementID: number | null;
  CentreRegister: string | null;
  EpisodeName: string | null;
  CompanyName: string | null;
  HomeAddress: string | null;
  WorkAddress: string | null;
  Telephone: string | null;
  MobileNumber: string | null;
  L12: string | null;
  L13: string | null;
  L14: string | null;
  L15: string | null;
  L16: string | null;
  LearnerStatusID: number | null;
  SupportFunding: string | null;
  Archived: boolean;
  LastModified: string;
}

export interface ClassroomRecord {
  ID: number;
  OrganisationID: number;
  Name: string;
  MISID: string | null;
}

export interface PlacementRecord {
  ID: number;
  OrganisationID: number;
  Name: string;
  MISID: string | null;
}

export interface StandardRecord {
  ID: number;
  OrganisationID: number;
  Title: string;
  /** The apprenticeship standard's reference, e.g. ST0070. */
  Reference: string;
  Level: number;
}

export interface UnitRecord {
  ID: UnitId;
  StandardID: number;
  OrganisationID: number;
  Title: string;
}

export interface TemplateUnit {
  UnitID: UnitId;
  StartOn: string | null;
  PlannedEndDate: string | null;
  Weighting: number;
}

export interface TemplateStandard {
  StandardID: number;
  StartOn: string | null;
  PlannedEndDate: string | null;
  Weighting: number;
  Units: TemplateUnit[];
}

export interface FrameworkTemplateRecord {
  ID: number;
  OrganisationID: number;
  Name: string;
  Standards: TemplateStandard[];
}

/** A standard once assigned to a learner. Status 1 = in progress [assume]. */
export interface LearningAimRecord {
  ID: number;
  UserID: number;
  StandardID: number;
  Status: number;
  StartOn: string | null;
  PlannedEndDate: string | null;
  Weighting: number | null;
  FrameworkTemplateID: number | null;
}

/** A unit once assigned to a learner, under one of the learner's learning aims. */
export interface UnitSummaryRecord {
  ID: number;
  UserID: number;
  UnitID: UnitId;
  StandardID: number;
  LearningAimID: number;
  StartOn: string | null;
  PlannedEndDate: string | null;
  Weighting: number | null;
}

/** A staff user assigned to a learner (POST User/{staffId}/Assign). Level null = default. */
export interface AssignmentRecord {
  ID: number;
  StaffID: number;
  LearnerID: number;
  Level: number | null;
  StandardID: number | null;
  UnitID: UnitId | null;
}

export interface LearnerStatus {
  ID: number;
  Name: string;
}

/** Learner statuses every organisation offers (GET Organisation/{id}/LearnerStatuses). */
export const LEARNER_STATUSES: readonly LearnerStatus[] = [
  { ID: 1, Name: 'Continuing' },
  { ID: 2, Name: 'Completed' },
  { ID: 3, Name: 'Withdrawn' },
  { ID: 4, Name: 'Transferred' },
  { ID: 6, Name: 'Break in learning' },
];

export interface RecordsByKind {
  customers: CustomerRecord;
  organisations: OrganisationRecord;
  users: UserRecord;
  classrooms: ClassroomRecord;
  placements: PlacementRecord;
  standards: StandardRecord;
  units: UnitRecord;
  templates: FrameworkTemplateRecord;
  learningAims: LearningAimRecord;
  unitSummaries: UnitSummaryRecord;
  assignments: AssignmentRecord;
}

export type RecordKind = keyof RecordsByKind;

export const RECORD_KINDS: readonly RecordKind[] = [
  'customers',
  'organisations',
  'users',
  'classrooms',
  'placements',
  'standards',
  'units',
  'templates',
  'learningAims',
  'unitSummaries',
  'assignments',
];

/** One stored change: the record's whole new version. The persistence log is a list of these. */
export interface Put<K extends RecordKind = RecordKind> {
  kind: K;
  record: RecordsByKind[K];
}
