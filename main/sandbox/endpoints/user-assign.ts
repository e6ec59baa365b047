import { ROLE, type AssignmentRecord, type UserRecord } from '../records';
import type { SandboxStore } from '../store';
import { isBlank, readBool, readInt, readText } from '../coerce';
import { ERROR_CODE, validationError } from '../errors';
import { route, type CallContext, type Route } from '../routes';
import { existingUser } from './users';
import { sameText } from './search';

/**
 * Assigning staff to a learner: `POST User/{staffId}/Assign` with
 * `{LearnerID, Level, StandardID | UnitID}`. `{id}` is the staff user, as every
 * integration does it. Level 3 needs a StandardID the learner has a learning aim
 * for, level 2 a UnitID the learner has a unit summary for, 1 = additional, none =
 * default. Assigning the same thing again changes nothing (idempotent) [assume], or with
 * `staffAssignAgain: refused` is refused (400, -124) as already assigned.
 * `assignPath: learner-in-path` plays the newest guide's reading instead: `{id}` the
 * learner and the staff user as `UserID` in the body.
 */
export const userAssignRoutes: Route[] = [
  route('POST', 'User/{id}/Assign', assignStaff, { write: true }),
  route('POST', 'User/{id}/AssignPlacement/{placementId}/{grantAccess}', assignPlacement, { write: true }),
];

function assignStaff({ store, body, params, switches }: CallContext) {
  // The path's `{id}` is the staff user (what integrations do), or with `assignPath:
  // learner-in-path` the learner, the staff user then coming as `UserID` in the body.
  const learnerInPath = switches.assignPath === 'learner-in-path';
  const staffId = learnerInPath ? readInt(body.UserID, 'UserID') : /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  if (learnerInPath && staffId == null) throw validationError(ERROR_CODE.requiredFieldMissing, 'Required field missing: UserID (the user being assigned).');
  const staff = staffId != null ? store.user(staffId) : undefined;
  if (!staff) throw validationError(ERROR_CODE.userNotFound, `User ${staffId ?? params.id} (the user being assigned) was not found.`);
  const checked = switches.staffReferences === 'checked';
  if (checked && staff.Role === ROLE.learner) throw validationError(ERROR_CODE.notAStaffUser, `User ${staff.ID} is a learner: only staff users can be assigned to a learner.`);
  const learnerId = learnerInPath ? (/^\d+$/.test(params.id) ? Number(params.id) : null) : readInt(body.LearnerID, 'LearnerID');
  // `staffReferences: unchecked`: the learner of whatever organisation, as a OneFile taking the IDs as given would.
  const learner = learnerOfOrganisation(store, learnerId, checked ? staff.OrganisationID : (store.user(learnerId ?? -1)?.OrganisationID ?? staff.OrganisationID));
  const assignment: AssignmentRecord = { ID: 0, StaffID: staff.ID, LearnerID: learner.ID, Level: null, StandardID: null, UnitID: null };
  const level = readInt(body.Level, 'Level') ?? null;
  if (level !== null && ![1, 2, 3].includes(level)) {
    throw validationError(ERROR_CODE.badLevel, `Level ${level} is not an assignment level: use 3 (learning aim), 2 (unit summary), 1 (additional) or none (default).`);
  }
  assignment.Level = level;
  if (level === 3) assignment.StandardID = assignedStandard(store, learner, readInt(body.StandardID, 'StandardID'));
  if (level === 2) assignment.UnitID = assignedUnit(store, learner, body.UnitID);
  const existing = store.assignmentsOf(learner.ID).find(
    (a) => a.StaffID === staff.ID && a.Level === assignment.Level && a.StandardID === assignment.StandardID && String(a.UnitID) === String(assignment.UnitID),
  );
  if (existing && switches.staffAssignAgain === 'refused') {
    const what = level === 3 ? ` for standard ${assignment.StandardID}` : level === 2 ? ` for unit ${assignment.UnitID}` : '';
    throw validationError(ERROR_CODE.alreadyAssigned, `User ${staff.ID} is already assigned to learner ${learner.ID} at level ${level ?? 'default'}${what}.`);
  }
  if (!existing) store.put('assignments', { ...assignment, ID: store.nextId('assignments') });
  return { status: 204 };
}

/** The learner named by an ID in a body or path: exists, is a learner, and is in that organisation. */
export function learnerOfOrganisation(store: SandboxStore, learnerId: number | null | undefined, organisationId: number): UserRecord {
  if (learnerId == null) throw validationError(ERROR_CODE.requiredFieldMissing, 'Required field missing: LearnerID.');
  const learner = store.user(learnerId);
  if (!learner || learner.OrganisationID !== organisationId) {
    throw validationError(ERROR_CODE.userNotFound, `Learner ${learnerId} was not found in organisation ${organisationId}.`);
  }
  if (learner.Role !== ROLE.learner) throw validationError(ERROR_CODE.notALearner, `User ${learnerId} is not a learner.`);
  return learner;
}

function assignedStandard(store: SandboxStore, learner: UserRecord, standardId: number | null | undefined): number {
  if (standardId == null) throw validationError(ERROR_CODE.requiredFieldMissing, 'Level 3 (learning aim) needs a StandardID.');
  if (store.standard(standardId)?.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.standardNotFound, `Standard ${standardId} was not found in organisation ${learner.OrganisationID}.`);
  }
  if (!store.learningAimsOf(learner.ID).some((a) => a.StandardID === standardId)) {
    throw validationError(ERROR_CODE.standardNotAssigned, `Learner ${learner.ID} has no learning aim for standard ${standardId}: assign the standard first.`);
  }
  return standardId;
}

function assignedUnit(store: SandboxStore, learner: UserRecord, value: unknown) {
  const unitId = readText(value);
  if (unitId == null || isBlank(unitId)) throw validationError(ERROR_CODE.requiredFieldMissing, 'Level 2 (unit summary) needs a UnitID.');
  const unit = store.unit(unitId);
  if (!unit || unit.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.unitNotFound, `Unit ${unitId} was not found in organisation ${learner.OrganisationID}.`);
  }
  if (!store.unitSummariesOf(learner.ID).some((s) => sameText(s.UnitID, String(unit.ID)))) {
    throw validationError(ERROR_CODE.unitNotAssigned, `Learner ${learner.ID} has no unit summary for unit ${unit.ID}: assign the unit first.`);
  }
  return unit.ID;
}

/** Moves a user to a placement of their organisation; `grantAccess` is accepted and not modelled. */
function assignPlacement({ store, params, now }: CallContext) {
  const user = existingUser(store, params.id);
  const placementId = /^\d+$/.test(params.placementId) ? Number(params.placementId) : NaN;
  if (store.placement(placementId)?.OrganisationID !== user.OrganisationID) {
    throw validationError(ERROR_CODE.placementNotFound, `Placement ${params.placementId} was not found in organisation ${user.OrganisationID}.`);
  }
  if (readBool(params.grantAccess) === undefined) {
    throw validationError(ERROR_CODE.badFlag, `grantAccess must be true or false, not "${params.grantAccess}".`);
  }
  store.put('users', { ...user, PlacementID: placementId, LastModified: new Date(now).toISOString() });
  return { status: 204 };
}
