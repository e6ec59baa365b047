import { ApiError, notFound } from '../errors';
import { route, type CallContext, type Route } from '../routes';
import { bodyFilter, pick, searchRoutes } from './search';

/** `programmeRows: documented`: only the keys the guides and integrations show. */
const DOCUMENTED_AIM_KEYS = ['ID', 'StandardID', 'UserID', 'Status'] as const;
const DOCUMENTED_SUMMARY_KEYS = ['ID', 'UnitID', 'StandardID', 'UserID'] as const;

/** Only the paged learning aim and unit summary searches are documented; the switch can take the unpaged ones away. */
function unpagedAllowed(context: CallContext, paged: boolean, entity: string): void {
  if (!paged && !context.switches.unpagedProgrammeSearch) {
    throw notFound(`No HTTP resource was found that matches POST ${entity}/Search.`);
  }
}

/**
 * Reading programme structure: standards and their units, framework templates, and a
 * learner's learning aims and unit summaries.
 */
export const programmeRoutes: Route[] = [
  ...searchRoutes('Standard', ({ store, body, switches }) => {
    const matches = bodyFilter(body, { ints: ['OrganisationID'], texts: ['Title', 'Reference'] }, switches.textFilters);
    return store.all('standards').filter((s) => matches({ ...s })).map((s) => pick(s, ['ID', 'Title']));
  }),
  route('GET', 'Standard/{id}', ({ store, params }) => {
    const standard = /^\d+$/.test(params.id) ? store.standard(Number(params.id)) : undefined;
    if (!standard) throw notFound(`Standard ${params.id} was not found.`);
    return { status: 200, json: standard };
  }),
  ...searchRoutes('Unit', ({ store, body, switches }) => {
    const matches = bodyFilter(body, { ints: ['StandardID', 'OrganisationID'], texts: ['Title'] }, switches.textFilters);
    return store.all('units').filter((u) => matches({ ...u })).map((u) => pick(u, ['ID', 'Title', 'StandardID']));
  }),
  route('GET', 'Unit/{id}', ({ store, params }) => {
    const unit = store.unit(params.id);
    if (!unit) throw notFound(`Unit ${params.id} was not found.`);
    return { status: 200, json: unit };
  }),
  ...searchRoutes('FrameworkTemplate', ({ store, body, switches }) => {
    const matches = bodyFilter(body, { ints: ['OrganisationID'], texts: ['Name'] }, switches.textFilters);
    return store
      .all('templates')
      .filter((t) => matches({ ...t }))
      .map((t) => (switches.templateNameKey === 'Title' ? { ID: t.ID, Title: t.Name } : pick(t, ['ID', 'Name'])));
  }),
  // Not in OneFile's guides [assume]: the template's standards, units and default dates.
  // `templateDetail` plays a OneFile without it (any refusal a server might give).
  route('GET', 'FrameworkTemplate/{id}', ({ store, params, switches }) => {
    if (switches.templateDetail !== 'served') {
      const status = switches.templateDetail;
      throw new ApiError(status, undefined, status === 405 ? "The requested resource does not support http method 'GET'." : 'An error has occurred.');
    }
    const template = /^\d+$/.test(params.id) ? store.template(Number(params.id)) : undefined;
    if (!template) throw notFound(`Framework template ${params.id} was not found.`);
    return { status: 200, json: template };
  }),
  ...searchRoutes('LearningAim', (context, paged) => {
    unpagedAllowed(context, paged, 'LearningAim');
    const matches = bodyFilter(context.body, { ints: ['UserID', 'StandardID', 'ID'] }, 'exact', context.switches.numberFilters);
    const aims = context.store.all('learningAims').filter((a) => matches({ ...a }));
    return context.switches.programmeRows === 'documented' ? aims.map((a) => pick(a, DOCUMENTED_AIM_KEYS)) : aims.map((a) => ({ ...a }));
  }),
  ...searchRoutes('UnitSummary', (context, paged) => {
    unpagedAllowed(context, paged, 'UnitSummary');
    const matches = bodyFilter(context.body, { ints: ['UserID', 'StandardID', 'LearningAimID', 'ID'], texts: ['UnitID'] }, context.switches.textFilters, context.switches.numberFilters);
    const summaries = context.store
      .all('unitSummaries')
      .filter((s) => matches({ ...s }))
      .map((s) => (context.switches.summaryUnitIds === 'lower-case' && typeof s.UnitID === 'string' ? { ...s, UnitID: s.UnitID.toLowerCase() } : s));
    return context.switches.programmeRows === 'documented' ? summaries.map((s) => pick(s, DOCUMENTED_SUMMARY_KEYS)) : summaries.map((s) => ({ ...s }));
  }),
];
