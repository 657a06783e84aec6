/**
 * What every form action of the portal shares, so each action is only its own parsing and command:
 * an Astro Action that accepts a form post (forms work without JavaScript), and, for most, the
 * signed-in user authorized for one permission before anything is read.
 */
import { defineAction, type ActionAPIContext } from 'astro:actions';
import type { SessionUser } from '../lib/server/auth/session';
import { authorize } from '../lib/server/http/guard';
import type { Action, ResourceOf } from '../lib/server/permissions';

/** A form action; the page reads its result with Astro.getActionResult(). */
export function formAction<T>(handler: (form: FormData, context: ActionAPIContext) => Promise<T>) {
  return defineAction({ accept: 'form', handler });
}

/** Permissions checked without a record (those with one are checked in the handler, after the lookup). */
type RecordlessAction = { [A in Action]: ResourceOf<A> extends undefined ? A : never }[Action];

/** A form action that first authorizes the signed-in user for `permission` (else 401/403), then runs with that user. */
export function authorizedFormAction<T>(permission: RecordlessAction, handler: (form: FormData, user: SessionUser, context: ActionAPIContext) => Promise<T>) {
  return formAction(async (form, context) => handler(form, authorize(context.locals, permission), context));
}
