import type { SessionUser } from '../auth/session';
import { can, type Action, type ResourceOf } from '../permissions';
import { forbidden, unauthenticated } from './errors';

/** The signed-in user, or a 401 (pages redirect to the login form). */
export function requireUser(locals: App.Locals): SessionUser {
  if (!locals.user) throw unauthenticated();
  return locals.user;
}

/** Declares what a page, action or endpoint needs: the user when allowed, else 401/403. */
export function authorize<A extends Action>(locals: App.Locals, action: A, ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]): SessionUser {
  const user = requireUser(locals);
  if (!can(user, action, ...resource)) throw forbidden();
  return user;
}
