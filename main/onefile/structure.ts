import { z } from 'zod';
import type { ApiCaller } from './caller';
import { searchPages, type PageOptions } from './paging';
import { idSegment } from './paths';
import {
  classroomSchema,
  customerSchema,
  learnerStatusSchema,
  organisationSchema,
  placementSchema,
  searchAnswer,
  type Classroom,
  type Customer,
  type LearnerStatus,
  type Organisation,
  type Placement,
} from './schemas';

/** The customer, organisations, classrooms, placements and learner statuses: where learners sit. */

/**
 * `GET Customer`'s answer: the customer as the guide shows it (`{ID, Name}`), or a list
 * holding only it, as an API answering its reads as lists would [assume]: before, such a
 * list stopped every import at its first call.
 */
const customerAnswer = z.union([customerSchema, z.array(customerSchema).length(1).transform((customers) => customers[0])]);

/** `GET Customer`: the customer the token belongs to (also the cheapest "is the token good?" check). */
export async function getCustomer(api: ApiCaller): Promise<Customer> {
  return api.parsed({ method: 'GET', route: 'GET Customer', path: 'Customer', read: true }, customerAnswer);
}

/** `POST Organisation/Search`: every organisation of the customer (a handful: unpaged). */
export async function searchOrganisations(api: ApiCaller, customerId: number): Promise<Organisation[]> {
  const route = 'POST Organisation/Search';
  idSegment(customerId, 'customer ID', route);
  return api.parsed({ method: 'POST', route, path: 'Organisation/Search', body: { CustomerID: customerId }, read: true }, searchAnswer(organisationSchema));
}

/** Filters for classroom and placement searches. */
export interface NamedFilter {
  OrganisationID?: number;
  Name?: string;
}

export function searchClassrooms(api: ApiCaller, filter: NamedFilter, options?: PageOptions): AsyncGenerator<Classroom[], void, undefined> {
  return searchPages(api, 'Classroom', filter, classroomSchema, options);
}

/**
 * `POST Classroom/Search` (the documented unpaged route): every classroom matching the
 * filter in one call. Its rows need nothing beyond ID, name and MIS ID.
 */
export async function listClassrooms(api: ApiCaller, filter: NamedFilter): Promise<Classroom[]> {
  return api.parsed({ method: 'POST', route: 'POST Classroom/Search', path: 'Classroom/Search', body: filter, read: true }, searchAnswer(classroomSchema));
}

/** `POST Placement/Search` (unpaged): every placement matching the filter in one call. */
export async function listPlacements(api: ApiCaller, filter: NamedFilter): Promise<Placement[]> {
  return api.parsed({ method: 'POST', route: 'POST Placement/Search', path: 'Placement/Search', body: filter, read: true }, searchAnswer(placementSchema));
}

export async function getClassroom(api: ApiCaller, id: number): Promise<Classroom> {
  const route = 'GET Classroom/{id}';
  return api.parsed({ method: 'GET', route, path: `Classroom/${idSegment(id, 'classroom ID', route)}`, read: true }, classroomSchema);
}

export function searchPlacements(api: ApiCaller, filter: NamedFilter, options?: PageOptions): AsyncGenerator<Placement[], void, undefined> {
  return searchPages(api, 'Placement', filter, placementSchema, options);
}

export async function getPlacement(api: ApiCaller, id: number): Promise<Placement> {
  const route = 'GET Placement/{id}';
  return api.parsed({ method: 'GET', route, path: `Placement/${idSegment(id, 'placement ID', route)}`, read: true }, placementSchema);
}

/** What `POST Classroom` and `POST Placement` are sent: the organisation and the name (an MIS ID when there is one). */
export interface NewPlace {
  OrganisationID: number;
  Name: string;
  MISID?: string;
}

/**
 * `POST Classroom` ("also present" in onefile-api.md, not in the import guides): creates
 * a classroom; the answer is the record, as `POST User`'s is [assume], checked for its
 * `ID`. The name is the user's own value, so a 400 is theirs to correct.
 */
export async function createClassroom(api: ApiCaller, place: NewPlace): Promise<Classroom> {
  return api.parsed({ method: 'POST', route: 'POST Classroom', path: 'Classroom', body: place, read: false, userValues: true }, classroomSchema);
}

/** `POST Placement`: creates a placement (an employer's site), as `createClassroom`. */
export async function createPlacement(api: ApiCaller, place: NewPlace): Promise<Placement> {
  return api.parsed({ method: 'POST', route: 'POST Placement', path: 'Placement', body: place, read: false, userValues: true }, placementSchema);
}

/** `GET Organisation/{id}/LearnerStatuses`: the statuses a learner can have (LearnerStatusID). */
export async function getLearnerStatuses(api: ApiCaller, organisationId: number): Promise<LearnerStatus[]> {
  const route = 'GET Organisation/{id}/LearnerStatuses';
  const path = `Organisation/${idSegment(organisationId, 'organisation ID', route)}/LearnerStatuses`;
  return api.parsed({ method: 'GET', route, path, read: true }, searchAnswer(learnerStatusSchema));
}

