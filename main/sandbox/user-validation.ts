import type { SandboxStore } from './store';
import { ROLE, ROLES, LEARNER_STATUSES, type UserRecord } from './records';
import { ERROR_CODE, validationError } from './errors';
import { readDate, readInt, readText } from './coerce';
import type { Body } from './body';

const INT_FIELDS = ['OrganisationID', 'Role', 'DefaultAssessorID', 'DefaultEmployerID', 'ClassroomID', 'PlacementID', 'LearnerStatusID'] as const;
const DATE_FIELDS = ['DOB', 'StartOn', 'PlannedEndDate'] as const;
const TEXT_FIELDS = [
  'FirstName', 'LastName', 'Email', 'MISID', 'ULN', 'NINO', 'CentreRegister', 'EpisodeName', 'CompanyName',
  'HomeAddress', 'WorkAddress', 'Telephone', 'MobileNumber', 'L12', 'L13', 'L14', 'L15', 'L16', 'SupportFunding',
] as const;

/** The writable fields a user need not have: a whole-record update clears those its body lacks (the `userUpdates` switch). */
export const OPTIONAL_USER_FIELDS: readonly string[] = [
  // A learner's assessor, class and placement are required of it: kept.
  ...INT_FIELDS.filter((field) => !['OrganisationID', 'Role', 'DefaultAssessorID', 'ClassroomID', 'PlacementID'].includes(field)),
  ...DATE_FIELDS,
  ...TEXT_FIELDS.filter((field) => field !== 'FirstName' && field !== 'LastName' && field !== 'Email'),
];

/** The user fields a caller may set, by create or update. Everything else in a body is ignored. */
export type WritableUserFields = Partial<Omit<UserRecord, 'ID' | 'Username' | 'Archived' | 'LastModified'>>;

/**
 * The user fields a body sets, coerced (numbers from text, dates to UTC ISO, text
 * fields as text). Fields the body does not mention are absent, so an update touches
 * only what was sent.
 */
export function readUserFields(body: Body): WritableUserFields {
  const fields: Record<string, unknown> = {};
  for (const key of INT_FIELDS) {
    const value = readInt(body[key], key);
    if (value !== undefined) fields[key] = value;
  }
  for (const key of DATE_FIELDS) {
    const value = readDate(body[key], key);
    if (value !== undefined) fields[key] = value;
  }
  for (const key of TEXT_FIELDS) {
    const value = readText(body[key]);
    if (value !== undefined) fields[key] = value;
  }
  return fields as WritableUserFields;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const ASSESSOR_ROLES: readonly number[] = [ROLE.assessor, ROLE.traineeAssessor];

/** Fields a role needs beyond OrganisationID, FirstName, LastName, Email and Role. */
function roleRequirements(role: number): (keyof UserRecord)[] {
  if (role === ROLE.learner) return ['DefaultAssessorID', 'ClassroomID', 'PlacementID'];
  if (role === ROLE.employer || role === ROLE.observer) return ['PlacementID'];
  return [];
}

/**
 * Checks a user as it would be stored (for an update: the stored user with the sent
 * fields laid over it). Throws the first failure as a 400 with its code.
 */
export function validateUser(
  store: SandboxStore,
  user: WritableUserFields,
  learnerEmail: 'required' | 'optional' = 'required',
  staffReferences: 'checked' | 'unchecked' = 'checked',
): void {
  // The `learnerEmail` switch: a OneFile creating a learner without an email, as its guide to creating users has it.
  const emailOptional = learnerEmail === 'optional' && user.Role === ROLE.learner;
  const missing = (['OrganisationID', 'Role', 'FirstName', 'LastName', 'Email'] as const).filter((key) => user[key] == null && !(key === 'Email' && emailOptional));
  if (missing.length > 0) {
    throw validationError(ERROR_CODE.requiredFieldMissing, `Required field${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}.`);
  }
  const organisationId = user.OrganisationID!;
  if (!store.organisation(organisationId)) {
    throw validationError(ERROR_CODE.organisationNotFound, `Organisation ${organisationId} was not found.`);
  }
  const role = user.Role!;
  if (!ROLES.includes(role)) {
    throw validationError(ERROR_CODE.badRole, `Role ${role} is not a role: use 1, 4, 5, 10, 40 or 45.`);
  }
  const roleMissing = roleRequirements(role).filter((key) => user[key as keyof WritableUserFields] == null);
  if (roleMissing.length > 0) {
    throw validationError(ERROR_CODE.requiredFieldMissing, `Required for role ${role}: ${roleMissing.join(', ')}.`);
  }
  if (user.Email != null && !EMAIL.test(user.Email)) {
    throw validationError(ERROR_CODE.badEmail, `Email "${user.Email}" is not a valid email address.`);
  }
  checkReferences(store, organisationId, user, staffReferences === 'checked');
}

function checkReferences(store: SandboxStore, organisationId: number, user: WritableUserFields, staffChecked: boolean): void {
  if (user.ClassroomID != null && store.classroom(user.ClassroomID)?.OrganisationID !== organisationId) {
    throw validationError(ERROR_CODE.classroomNotFound, `Classroom ${user.ClassroomID} was not found in organisation ${organisationId}.`);
  }
  if (user.PlacementID != null && store.placement(user.PlacementID)?.OrganisationID !== organisationId) {
    throw validationError(ERROR_CODE.placementNotFound, `Placement ${user.PlacementID} was not found in organisation ${organisationId}.`);
  }
  if (user.DefaultAssessorID != null) {
    const assessor = store.user(user.DefaultAssessorID);
    if (!assessor || (staffChecked && (assessor.OrganisationID !== organisationId || !ASSESSOR_ROLES.includes(assessor.Role)))) {
      throw validationError(ERROR_CODE.defaultAssessorNotAssessor, `DefaultAssessorID ${user.DefaultAssessorID} is not an assessor of organisation ${organisationId}.`);
    }
  }
  if (user.DefaultEmployerID != null) {
    const employer = store.user(user.DefaultEmployerID);
    if (!employer || (staffChecked && (employer.OrganisationID !== organisationId || employer.Role !== ROLE.employer))) {
      throw validationError(ERROR_CODE.defaultEmployerNotEmployer, `DefaultEmployerID ${user.DefaultEmployerID} is not an employer of organisation ${organisationId}.`);
    }
  }
  if (user.LearnerStatusID != null && !LEARNER_STATUSES.some((s) => s.ID === user.LearnerStatusID)) {
    throw validationError(ERROR_CODE.learnerStatusNotFound, `LearnerStatusID ${user.LearnerStatusID} is not a learner status of organisation ${organisationId}.`);
  }
}

/** `L13` as sent, where the `sexCodes` switch plays a OneFile that keeps only the ILR's codes. */
export function checkSexCode(sent: WritableUserFields, sexCodes: 'any' | 'ilr'): void {
  if (sexCodes !== 'ilr' || sent.L13 == null || sent.L13 === 'M' || sent.L13 === 'F') return;
  throw validationError(ERROR_CODE.badSex, `L13 "${sent.L13}" is not a sex code: use M or F.`);
}

/** How the `uniqueUserFields` refusal names each field. */
const UNIQUE_FIELD_WORDS: Readonly<Record<string, string>> = { Email: 'Email address', MISID: 'MIS ID', ULN: 'ULN', NINO: 'NI number' };

/**
 * The `uniqueUserFields` switch: a value of one of those fields that another user of the
 * customer has (any organisation, archived or not; compared without case or surrounding
 * spaces) is refused. `fields` are the values being set; `ownId` the user being updated.
 */
export function checkUniqueFields(store: SandboxStore, fields: WritableUserFields, unique: readonly string[], ownId?: number): void {
  const taken = userHolding(store, fields, unique, ownId);
  if (taken) throw validationError(ERROR_CODE.valueInUse, `${UNIQUE_FIELD_WORDS[taken.field] ?? taken.field} ${taken.value} is already in use by another user.`);
}

/** The first other user holding one of `fields`' values of the `unique` fields (compared without case or surrounding spaces). */
export function userHolding(store: SandboxStore, fields: WritableUserFields, unique: readonly string[], ownId?: number): { user: UserRecord; field: string; value: string } | undefined {
  for (const field of unique) {
    const value = (fields as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const wanted = value.trim().toLowerCase();
    const user = store.all('users').find((other) => {
      const held = (other as unknown as Record<string, unknown>)[field];
      return other.ID !== ownId && typeof held === 'string' && held.trim().toLowerCase() === wanted;
    });
    if (user) return { user, field, value };
  }
  return undefined;
}
