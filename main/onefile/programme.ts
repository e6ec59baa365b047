import type { ApiCaller, ApiRequest } from './caller';
import { z } from 'zod';
import { OneFileError } from './errors';
import type { EnvironmentKnowledge } from './knowledge';
import { collect, searchPages, type PageOptions } from './paging';
import { idSegment, unitSegment } from './paths';
import {
  createdIdSchema,
  frameworkTemplateSchema,
  learningAimSchema,
  searchAnswer,
  standardSchema,
  unitSchema,
  unitSummarySchema,
  type FrameworkTemplate,
  type LearningAim,
  type Standard,
  type Unit,
  type UnitSummary,
} from './schemas';

/** A learner's programme: standards, units, framework templates, learning aims, unit summaries. */

export interface StandardFilter {
  OrganisationID?: number;
  Title?: string;
}

export interface UnitFilter {
  StandardID?: number;
  OrganisationID?: number;
  Title?: string;
}

export function searchStandards(api: ApiCaller, filter: StandardFilter, options?: PageOptions): AsyncGenerator<Standard[], void, undefined> {
  return searchPages(api, 'Standard', filter, standardSchema, options);
}

/** `POST Standard/Search` (unpaged): every standard matching the filter in one call. */
export async function listStandards(api: ApiCaller, filter: StandardFilter): Promise<Standard[]> {
  return api.parsed({ method: 'POST', route: 'POST Standard/Search', path: 'Standard/Search', body: filter, read: true }, searchAnswer(standardSchema));
}

/** `POST Unit/Search` (unpaged): every unit matching the filter (a standard's, or the organisation's [seen]) in one call. */
export async function listUnits(api: ApiCaller, filter: UnitFilter): Promise<Unit[]> {
  return api.parsed({ method: 'POST', route: 'POST Unit/Search', path: 'Unit/Search', body: filter, read: true }, searchAnswer(unitSchema));
}

export async function getStandard(api: ApiCaller, id: number): Promise<Standard> {
  const route = 'GET Standard/{id}';
  return api.parsed({ method: 'GET', route, path: `Standard/${idSegment(id, 'standard ID', route)}`, read: true }, standardSchema);
}

export function searchUnits(api: ApiCaller, filter: UnitFilter, options?: PageOptions): AsyncGenerator<Unit[], void, undefined> {
  return searchPages(api, 'Unit', filter, unitSchema, options);
}

export async function getUnit(api: ApiCaller, id: string): Promise<Unit> {
  const route = 'GET Unit/{id}';
  return api.parsed({ method: 'GET', route, path: `Unit/${unitSegment(id, route)}`, read: true }, unitSchema);
}

/**
 * `POST FrameworkTemplate/Search`: documented without paging, so it is one call
 * yielding one page (an organisation has a handful of templates). An iterator like
 * the other searches so callers treat them alike.
 */
export async function* searchFrameworkTemplates(api: ApiCaller, filter: { OrganisationID?: number }): AsyncGenerator<FrameworkTemplate[], void, undefined> {
  const route = 'POST FrameworkTemplate/Search';
  const rows = await api.parsed({ method: 'POST', route, path: 'FrameworkTemplate/Search', body: filter, read: true }, searchAnswer(frameworkTemplateSchema));
  if (rows.length > 0) yield rows;
}

/**
 * `POST FrameworkTemplate/Search/{page}/{size}`: not in the guides (the unpaged search is),
 * read only where this OneFile cuts unpaged searches short (directory/download.ts); a
 * refusal leaves the unpaged answer standing.
 */
export function searchFrameworkTemplatePages(api: ApiCaller, filter: { OrganisationID?: number }, options?: PageOptions): AsyncGenerator<FrameworkTemplate[], void, undefined> {
  return searchPages(api, 'FrameworkTemplate', filter, frameworkTemplateSchema, options);
}

/**
 * `GET FrameworkTemplate/{id}`: the template's standards and units. In no OneFile
 * guide and no public integration (docs/onefile-assumptions.md), so it is optional:
 * any refusal (404, 405, 400, 403, 500, another shape) marks it unavailable for this
 * environment and the answer is `null`, "contents unknown". The planner then gives
 * the template only to learners with no learning aims. Network failures and the rate
 * limit are not refusals: they are thrown as usual.
 */
export async function getFrameworkTemplate(api: ApiCaller, id: number, knowledge: EnvironmentKnowledge): Promise<FrameworkTemplate | null> {
  const route = 'GET FrameworkTemplate/{id}';
  const path = `FrameworkTemplate/${idSegment(id, 'framework template ID', route)}`;
  if (knowledge.templateContentsAvailability === 'unavailable') return null;
  try {
    const template = await api.parsed({ method: 'GET', route, path, read: true, optional: true }, frameworkTemplateSchema);
    knowledge.templateContentsAnswered('available');
    return template;
  } catch (error) {
    if (error instanceof OneFileError && error.kind === 'unsupported') {
      knowledge.templateContentsAnswered('unavailable');
      return null;
    }
    throw error;
  }
}

/**
 * `POST FrameworkTemplate/{id}/Assign/{userId}/{onlyChangeAssigned}`: gives the
 * learner the template's learning aims and unit summaries. Send `false` for a learner
 * who does not have those aims yet; `true` only updates aims the learner already has.
 */
export async function assignFrameworkTemplate(api: ApiCaller, templateId: number, userId: number, onlyChangeAssigned: boolean): Promise<void> {
  const route = 'POST FrameworkTemplate/{id}/Assign/{userId}/{onlyChangeAssigned}';
  const path = `FrameworkTemplate/${idSegment(templateId, 'framework template ID', route)}/Assign/${idSegment(userId, 'learner ID', route)}/${onlyChangeAssigned ? 'true' : 'false'}`;
  await api.done({ method: 'POST', route, path, read: false });
}

/**
 * The new learning aim's or unit summary's ID from a programme assign's success answer:
 * the bare ID [seen], or a record carrying one. A success with nothing in it (204, an
 * empty body) is a success all the same, its ID unknown (null): the importer needs the
 * ID for nothing but its reports, and taking it for an unknown outcome cost a search and
 * a pause per assign. A body that says something else is not read as success: it is an
 * unknown outcome, checked in OneFile before anything is sent again (a 200 carrying an
 * error would otherwise pass for done).
 */
const assignedIdSchema = z.union([createdIdSchema, z.undefined().transform(() => null)]);

async function assignedId(api: ApiCaller, request: ApiRequest): Promise<number | null> {
  return api.parsed(request, assignedIdSchema);
}

/** `POST Standard/{id}/Assign/{learnerId}`: creates a learning aim; returns its LearningAimID (null if the answer had none). */
export async function assignStandard(api: ApiCaller, standardId: number, learnerId: number): Promise<number | null> {
  const route = 'POST Standard/{id}/Assign/{learnerId}';
  const path = `Standard/${idSegment(standardId, 'standard ID', route)}/Assign/${idSegment(learnerId, 'learner ID', route)}`;
  return assignedId(api, { method: 'POST', route, path, read: false });
}

/**
 * `POST Unit/{id}/Assign/{learnerId}/{standardId}`: creates a unit summary under the
 * learner's learning aim for that standard (assign the standard first); returns its
 * UnitSummaryID (null if the answer had none).
 */
export async function assignUnit(api: ApiCaller, unitId: string, learnerId: number, standardId: number): Promise<number | null> {
  const route = 'POST Unit/{id}/Assign/{learnerId}/{standardId}';
  const path = `Unit/${unitSegment(unitId, route)}/Assign/${idSegment(learnerId, 'learner ID', route)}/${idSegment(standardId, 'standard ID', route)}`;
  return assignedId(api, { method: 'POST', route, path, read: false });
}

/**
 * The learner's learning aims, through the documented paged route
 * (`POST LearningAim/Search/{page}/{size}`; the unpaged one is in no guide).
 */
export async function searchLearningAims(api: ApiCaller, userId: number, paging?: PageOptions): Promise<LearningAim[]> {
  idSegment(userId, 'learner ID', 'POST LearningAim/Search/{page}/{size}');
  // Another learner's rows (a OneFile that ignored UserID) are never taken for this one's.
  return (await collect(searchPages(api, 'LearningAim', { UserID: userId }, learningAimSchema, paging))).filter((a) => a.UserID === undefined || a.UserID === userId);
}

/** The learner's unit summaries, through the documented paged route (`POST UnitSummary/Search/{page}/{size}`). */
export async function searchUnitSummaries(api: ApiCaller, userId: number, paging?: PageOptions): Promise<UnitSummary[]> {
  idSegment(userId, 'learner ID', 'POST UnitSummary/Search/{page}/{size}');
  return (await collect(searchPages(api, 'UnitSummary', { UserID: userId }, unitSummarySchema, paging))).filter((s) => s.UserID === undefined || s.UserID === userId);
}
