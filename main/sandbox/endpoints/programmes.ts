import { notFound } from '../errors';
import { route, type Route } from '../routes';
import { bodyFilter, pick, searchRoutes } from './search';

/**
 * Reading programme structure: standards and their units, framework templates, and a
 * learner's learning aims and unit summaries.
 */
export const programmeRoutes: Route[] = [
  ...searchRoutes('Standard', ({ store, body }) => {
    const matches = bodyFilter(body, { ints: ['OrganisationID'], texts: ['Title', 'Reference'] });
    return store.all('standards').filter((s) => matches({ ...s })).map((s) => pick(s, ['ID', 'Title']));
  }),
  route('GET', 'Standard/{id}', ({ store, params }) => {
    const standard = /^\d+$/.test(params.id) ? store.standard(Number(params.id)) : undefined;
    if (!standard) throw notFound(`Standard ${params.id} was not found.`);
    return { status: 200, json: standard };
  }),
  ...searchRoutes('Unit', ({ store, body }) => {
    const matches = bodyFilter(body, { ints: ['StandardID', 'OrganisationID'], texts: ['Title'] });
    return store.all('units').filter((u) => matches({ ...u })).map((u) => pick(u, ['ID', 'Title', 'StandardID']));
  }),
  route('GET', 'Unit/{id}', ({ store, params }) => {
    const unit = store.unit(params.id);
    if (!unit) throw notFound(`Unit ${params.id} was not found.`);
    return { status: 200, json: unit };
  }),
  ...searchRoutes('FrameworkTemplate', ({ store, body }) => {
    const matches = bodyFilter(body, { ints: ['OrganisationID'], texts: ['Name'] });
    return store.all('templates').filter((t) => matches({ ...t })).map((t) => pick(t, ['ID', 'Name']));
  }),
  // Not in OneFile's guides [assume]: the template's standards, units and default dates.
  route('GET', 'FrameworkTemplate/{id}', ({ store, params }) => {
    const template = /^\d+$/.test(params.id) ? store.template(Number(params.id)) : undefined;
    if (!template) throw notFound(`Framework template ${params.id} was not found.`);
    return { status: 200, json: template };
  }),
  ...searchRoutes('LearningAim', ({ store, body }) => {
    const matches = bodyFilter(body, { ints: ['UserID', 'StandardID', 'ID'] });
    return store.all('learningAims').filter((a) => matches({ ...a })).map((a) => ({ ...a }));
  }),
  ...searchRoutes('UnitSummary', ({ store, body }) => {
    const matches = bodyFilter(body, { ints: ['UserID', 'StandardID', 'LearningAimID', 'ID'], texts: ['UnitID'] });
    return store.all('unitSummaries').filter((s) => matches({ ...s })).map((s) => ({ ...s }));
  }),
];
