import { LEARNER_STATUSES } from '../records';
import { notFound } from '../errors';
import { route, type Route } from '../routes';
import { bodyFilter, pick, searchRoutes } from './search';

/** The customer, its organisations and their learner statuses. */
export const customerRoutes: Route[] = [
  route('GET', 'Customer', ({ store, switches }) => {
    const customer = pick(store.customer(), ['ID', 'Name']);
    return { status: 200, json: switches.customerAnswer === 'list' ? [customer] : customer };
  }),
  ...searchRoutes('Organisation', ({ store, body, switches }) => {
    const matches = bodyFilter(body, { ints: ['CustomerID', 'ID'], texts: ['Name'] }, switches.textFilters);
    return store
      .all('organisations')
      .filter((o) => matches({ ...o }))
      .map((o) => pick(o, ['ID', 'Name', 'KeychainCreationForNewUserActive', 'KeychainEmailSuppression']));
  }),
  route('GET', 'Organisation/{id}/LearnerStatuses', ({ store, params }) => {
    if (!store.organisation(Number(params.id))) throw notFound(`Organisation ${params.id} was not found.`);
    return { status: 200, json: LEARNER_STATUSES };
  }),
];
