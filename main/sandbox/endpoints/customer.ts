import { LEARNER_STATUSES } from '../records';
import { notFound } from '../errors';
import { route, type Route } from '../routes';
import type { SandboxSwitches } from '../switches';
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
      .map((o) => withKeychain(pick(o, ['ID', 'Name', 'KeychainCreationForNewUserActive', 'KeychainEmailSuppression']), switches.keychain));
  }),
  route('GET', 'Organisation/{id}/LearnerStatuses', ({ store, params }) => {
    if (!store.organisation(Number(params.id))) throw notFound(`Organisation ${params.id} was not found.`);
    return { status: 200, json: LEARNER_STATUSES };
  }),
];

/** An organisation's row with the Keychain flags the `keychain` switch plays (`off`: as stored). */
function withKeychain(row: Record<string, unknown>, keychain: SandboxSwitches['keychain']): Record<string, unknown> {
  if (keychain === 'off') return row;
  const { KeychainCreationForNewUserActive: _creation, KeychainEmailSuppression: _suppression, ...rest } = row;
  if (keychain === 'unsaid') return rest;
  return { ...rest, KeychainCreationForNewUserActive: true, KeychainEmailSuppression: keychain === 'suppressed' };
}
