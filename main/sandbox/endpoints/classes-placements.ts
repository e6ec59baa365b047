import type { ClassroomRecord, PlacementRecord } from '../records';
import { readInt, readText } from '../coerce';
import { ERROR_CODE, notFound, validationError } from '../errors';
import { createdReply, route, type CallContext, type Route } from '../routes';
import { bodyFilter, pick, searchRoutes } from './search';

type Kind = 'classrooms' | 'placements';

/**
 * Classrooms and placements have the same shape `{ID, Name, MISID}`: search (by
 * OrganisationID, Name, MISID), read, create (200 + the record) and update (204).
 */
export const classPlacementRoutes: Route[] = [...routesFor('Classroom', 'classrooms'), ...routesFor('Placement', 'placements')];

function routesFor(entity: string, kind: Kind): Route[] {
  return [
    ...searchRoutes(entity, ({ store, body, switches }) => {
      const matches = bodyFilter(body, { ints: ['OrganisationID'], texts: ['Name', 'MISID'] }, switches.textFilters);
      return store.all(kind).filter((r) => matches({ ...r })).map((r) => pick(r, ['ID', 'Name', 'MISID']));
    }),
    route('GET', `${entity}/{id}`, ({ store, params }) => ({ status: 200, json: existing(entity, kind, store, params.id) })),
    route('POST', entity, (context) => create(kind, context), { write: true }),
    route('POST', `${entity}/{id}`, (context) => update(entity, kind, context), { write: true }),
  ];
}

function existing(entity: string, kind: Kind, store: CallContext['store'], id: string): ClassroomRecord | PlacementRecord {
  const record = /^\d+$/.test(id) ? store.get(kind, Number(id)) : undefined;
  if (!record) throw notFound(`${entity} ${id} was not found.`);
  return record;
}

function create(kind: Kind, { store, body, switches }: CallContext) {
  const organisationId = readInt(body.OrganisationID, 'OrganisationID');
  const name = readText(body.Name);
  const missing = [organisationId == null && 'OrganisationID', name == null && 'Name'].filter(Boolean);
  if (missing.length > 0) throw validationError(ERROR_CODE.requiredFieldMissing, `Required field${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}.`);
  if (!store.organisation(organisationId!)) throw validationError(ERROR_CODE.organisationNotFound, `Organisation ${organisationId} was not found.`);
  if (switches.placeCreate === 'existing') {
    const key = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
    const there = store.all(kind).find((r) => r.OrganisationID === organisationId && key(r.Name) === key(name!));
    if (there) return createdReply(there, switches.createAnswers);
  }
  const record = { ID: store.nextId(kind), OrganisationID: organisationId!, Name: name!, MISID: readText(body.MISID) ?? null };
  store.put(kind, record);
  return createdReply(record, switches.createAnswers);
}

function update(entity: string, kind: Kind, { store, body, params }: CallContext) {
  const record = existing(entity, kind, store, params.id);
  const name = readText(body.Name);
  const misid = readText(body.MISID);
  if (name === null) throw validationError(ERROR_CODE.requiredFieldMissing, 'Name cannot be emptied.');
  store.put(kind, { ...record, ...(name !== undefined && { Name: name }), ...(misid !== undefined && { MISID: misid }) });
  return { status: 204 };
}
