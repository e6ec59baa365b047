import type { FrameworkTemplateRecord, LearningAimRecord, TemplateStandard, UnitId, UserRecord } from '../records';
import type { SandboxStore } from '../store';
import { readBool } from '../coerce';
import { ERROR_CODE, validationError } from '../errors';
import { route, type CallContext, type Reply, type Route } from '../routes';
import type { AssignAnswers } from '../switches';
import { learnerOfOrganisation } from './user-assign';

/**
 * Giving a learner programme structure. Deliberately NOT idempotent, so that a
 * client that sends an assignment twice is caught: assigning a standard again makes
 * a second learning aim, a unit again a second unit summary, and a framework template
 * with onlyChangeAssigned=false applies the whole template again (new aims). The
 * `programmeAssignAgain: refused` switch plays a OneFile refusing a standard or unit the
 * learner has (400, code -124), as a public SDK notes a repeated unit assign "only
 * passes first time".
 */
export const programmeAssignRoutes: Route[] = [
  route('POST', 'FrameworkTemplate/{id}/Assign/{userId}/{onlyChangeAssigned}', assignTemplate, { write: true }),
  route('POST', 'Standard/{id}/Assign/{learnerId}', assignStandard, { write: true }),
  route('POST', 'Unit/{id}/Assign/{learnerId}/{standardId}', assignUnit, { write: true }),
];

function anyLearner(store: SandboxStore, id: string): UserRecord {
  const user = /^\d+$/.test(id) ? store.user(Number(id)) : undefined;
  if (!user) throw validationError(ERROR_CODE.userNotFound, `Learner ${id} was not found.`);
  return learnerOfOrganisation(store, user.ID, user.OrganisationID);
}

/**
 * A learner with no learning aims gets the whole template whatever the flag. Otherwise
 * `true` only touches the learner's aims for the template's standards (their dates
 * and weightings set from the template, missing unit summaries added), and `false`
 * applies the whole template afresh.
 */
function assignTemplate({ store, params, switches, later }: CallContext) {
  const learner = anyLearner(store, params.userId);
  const template = /^\d+$/.test(params.id) ? store.template(Number(params.id)) : undefined;
  if (!template || template.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.frameworkTemplateNotFound, `Framework template ${params.id} was not found in organisation ${learner.OrganisationID}.`);
  }
  const onlyChangeAssigned = readBool(params.onlyChangeAssigned);
  if (onlyChangeAssigned === undefined) {
    throw validationError(ERROR_CODE.badFlag, `onlyChangeAssigned must be true or false, not "${params.onlyChangeAssigned}".`);
  }
  const apply = () => {
    const aims = store.learningAimsOf(learner.ID);
    for (const entry of template.Standards) {
      if (aims.length === 0 || !onlyChangeAssigned) {
        createAimFromTemplate(store, learner, template, entry);
      } else {
        for (const aim of aims.filter((a) => a.StandardID === entry.StandardID)) updateAimFromTemplate(store, aim, template, entry);
      }
    }
  };
  // The `templateApply` switch: made before the answer, some time after it, or never.
  if (switches.templateApply === 'at-once') apply();
  else if (switches.templateApply === 'in-background') later(switches.templateApplyMs, apply);
  return { status: 204 };
}

function createAimFromTemplate(store: SandboxStore, learner: UserRecord, template: FrameworkTemplateRecord, entry: TemplateStandard): void {
  const aim: LearningAimRecord = {
    ID: store.nextId('learningAims'), UserID: learner.ID, StandardID: entry.StandardID, Status: 1,
    StartOn: entry.StartOn, PlannedEndDate: entry.PlannedEndDate, Weighting: entry.Weighting, FrameworkTemplateID: template.ID,
  };
  store.put('learningAims', aim);
  for (const unit of entry.Units) addUnitSummary(store, aim, unit.UnitID, unit.StartOn ?? aim.StartOn, unit.PlannedEndDate ?? aim.PlannedEndDate, unit.Weighting);
}

function updateAimFromTemplate(store: SandboxStore, aim: LearningAimRecord, template: FrameworkTemplateRecord, entry: TemplateStandard): void {
  store.put('learningAims', { ...aim, StartOn: entry.StartOn, PlannedEndDate: entry.PlannedEndDate, Weighting: entry.Weighting, FrameworkTemplateID: template.ID });
  const summaries = store.unitSummariesOf(aim.UserID).filter((s) => s.LearningAimID === aim.ID);
  for (const unit of entry.Units) {
    const startOn = unit.StartOn ?? entry.StartOn;
    const plannedEndDate = unit.PlannedEndDate ?? entry.PlannedEndDate;
    const summary = summaries.find((s) => String(s.UnitID) === String(unit.UnitID));
    if (summary) store.put('unitSummaries', { ...summary, StartOn: startOn, PlannedEndDate: plannedEndDate, Weighting: unit.Weighting });
    else addUnitSummary(store, aim, unit.UnitID, startOn, plannedEndDate, unit.Weighting);
  }
}

function addUnitSummary(store: SandboxStore, aim: LearningAimRecord, unitId: UnitId, startOn: string | null, plannedEndDate: string | null, weighting: number | null): number {
  const id = store.nextId('unitSummaries');
  store.put('unitSummaries', {
    ID: id, UserID: aim.UserID, UnitID: unitId, StandardID: aim.StandardID, LearningAimID: aim.ID,
    StartOn: startOn, PlannedEndDate: plannedEndDate, Weighting: weighting,
  });
  return id;
}

/** A programme assign's answer by the `assignAnswers` switch: the new record's bare ID [seen], the record, or 204 with nothing. */
function assignedReply(record: { ID: number }, answers: AssignAnswers): Reply {
  if (answers === 'record') return { status: 200, json: record };
  if (answers === 'empty') return { status: 204 };
  return { status: 200, json: record.ID };
}

/** Answers the new learning aim's ID as a bare integer (by default). A second assignment makes a second aim. */
function assignStandard({ store, params, switches }: CallContext) {
  const learner = anyLearner(store, params.learnerId);
  const standard = /^\d+$/.test(params.id) ? store.standard(Number(params.id)) : undefined;
  if (!standard || standard.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.standardNotFound, `Standard ${params.id} was not found in organisation ${learner.OrganisationID}.`);
  }
  // The `programmeAssignAgain` switch: a standard the learner has already, refused rather than given again.
  if (switches.programmeAssignAgain === 'refused' && store.learningAimsOf(learner.ID).some((a) => a.StandardID === standard.ID)) {
    throw validationError(ERROR_CODE.alreadyAssigned, `Standard ${standard.ID} is already assigned to learner ${learner.ID}.`);
  }
  const aim: LearningAimRecord = {
    ID: store.nextId('learningAims'), UserID: learner.ID, StandardID: standard.ID, Status: 1,
    StartOn: learner.StartOn, PlannedEndDate: learner.PlannedEndDate, Weighting: null, FrameworkTemplateID: null,
  };
  store.put('learningAims', aim);
  return assignedReply(aim, switches.assignAnswers);
}

/**
 * Answers the new unit summary's ID as a bare integer (by default). The unit must belong to the
 * standard, and the learner must already have a learning aim for that standard (the
 * newest such aim gets the summary).
 */
function assignUnit({ store, params, switches }: CallContext) {
  const learner = anyLearner(store, params.learnerId);
  const unit = store.unit(params.id);
  if (!unit || unit.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.unitNotFound, `Unit ${params.id} was not found in organisation ${learner.OrganisationID}.`);
  }
  const standard = /^\d+$/.test(params.standardId) ? store.standard(Number(params.standardId)) : undefined;
  if (!standard || standard.OrganisationID !== learner.OrganisationID) {
    throw validationError(ERROR_CODE.standardNotFound, `Standard ${params.standardId} was not found in organisation ${learner.OrganisationID}.`);
  }
  if (unit.StandardID !== standard.ID) {
    throw validationError(ERROR_CODE.unitNotInStandard, `Unit ${unit.ID} is not a unit of standard ${standard.ID}.`);
  }
  const aim = store.learningAimsOf(learner.ID).filter((a) => a.StandardID === standard.ID).pop();
  if (!aim) {
    throw validationError(ERROR_CODE.standardNotAssigned, `Learner ${learner.ID} has no learning aim for standard ${standard.ID}: assign the standard first.`);
  }
  if (switches.programmeAssignAgain === 'refused' && store.unitSummariesOf(learner.ID).some((u) => u.UnitID === unit.ID && u.StandardID === standard.ID)) {
    throw validationError(ERROR_CODE.alreadyAssigned, `Unit ${unit.ID} is already assigned to learner ${learner.ID} for standard ${standard.ID}.`);
  }
  const id = addUnitSummary(store, aim, unit.ID, aim.StartOn, aim.PlannedEndDate, null);
  return assignedReply(store.unitSummariesOf(learner.ID).find((summary) => summary.ID === id)!, switches.assignAnswers);
}
