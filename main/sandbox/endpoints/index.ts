import { route, type Route } from '../routes';
import { customerRoutes } from './customer';
import { userRoutes } from './users';
import { userAssignRoutes } from './user-assign';
import { classPlacementRoutes } from './classes-placements';
import { programmeRoutes } from './programmes';
import { programmeAssignRoutes } from './programme-assign';

/**
 * `POST Authentication` with `X-CustomerToken` (checked by the server before this
 * runs): the session token is the raw body, a JSON string with `quotedToken`, or `{"TokenID": ...}` with `tokenInObject`.
 */
const authenticationRoute = route(
  'POST',
  'Authentication',
  ({ issueSession, switches }) => {
    const token = issueSession();
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
