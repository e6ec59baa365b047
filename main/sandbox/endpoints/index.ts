import { route, type Route } from '../routes';
import { customerRoutes } from './customer';
import { userRoutes } from './users';
import { userAssignRoutes } from './user-assign';
import { classPlacementRoutes } from './classes-placements';
import { programmeRoutes } from './programmes';
import { programmeAssignRoutes } from './programme-assign';

/**
 * `POST Authentication` with `X-CustomerToken` (checked by the server before this
 * runs): the session token is the raw body, a JSON string with `quotedToken`, or `{"TokenID": ...}` with `tokenInObject`;
 * or, with `sessionTokenIn`, an `X-TokenID` header beside an empty body or the session's expiry.
 */
const authenticationRoute = route(
  'POST',
  'Authentication',
  ({ issueSession, switches, now }) => {
    const token = issueSession();
    if (switches.sessionTokenIn === 'header') return { status: 200, text: '', headers: { 'X-TokenID': token } };
    if (switches.sessionTokenIn === 'header-and-expiry') {
      return { status: 200, text: JSON.stringify(new Date(now + switches.sessionLifetimeMs).toISOString()), headers: { 'X-TokenID': token } };
    }
    return { status: 200, text: switches.tokenInObject ? JSON.stringify({ TokenID: token }) : switches.quotedToken ? JSON.stringify(token) : token };
  },
  { auth: 'customer' },
);

/** Every route the sandbox serves; within an entity, literal routes come before `{id}` ones. */
export const ROUTES: readonly Route[] = [
  authenticationRoute,
  ...customerRoutes,
  ...userRoutes,
  ...userAssignRoutes,
  ...classPlacementRoutes,
  ...programmeRoutes,
  ...programmeAssignRoutes,
];
