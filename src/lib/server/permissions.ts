/**
 * The one place that answers "may this user do this?". Pages, actions, API routes and island flags
 * all ask can(); each domain's rules live in its own permissions.ts and are merged here.
 */
import { auditPermissions } from './audit/permissions';
import { authPermissions, type Actor } from './auth/permissions';
import { cityPermissions } from './city/permissions';
import { overviewPermissions } from './overview/permissions';
import { readinessPermissions } from './readiness/permissions';
import { volunteerPermissions } from './volunteers/permissions';
import { metricsPermissions } from './metrics/permissions';
import { quizPermissions } from './quizzes/permissions';
import { reportPermissions } from './reports/permissions';
import { nominationPermissions } from './nominations/permissions';
import { messagePermissions } from './messages/permissions';
import { placePermissions } from './places/permissions';
import { privacyPermissions } from './privacy/permissions';
import { communityPermissions } from './community/permissions';
import { samplingPermissions } from './sampling/permissions';

const policies = {
  ...authPermissions,
  ...auditPermissions,
  ...cityPermissions,
  ...readinessPermissions,
  ...overviewPermissions,
  ...volunteerPermissions,
  ...quizPermissions,
  ...metricsPermissions,
  ...reportPermissions,
  ...nominationPermissions,
  ...messagePermissions,
  ...placePermissions,
  ...privacyPermissions,
  ...communityPermissions,
  ...samplingPermissions,
};

type Policies = typeof policies;
export type Action = keyof Policies;
/** The record an action is checked against, for actions that need one. */
export type ResourceOf<A extends Action> = Parameters<Policies[A]> extends [unknown, infer R] ? R : undefined;

export function can<A extends Action>(user: Actor | null, action: A, ...resource: ResourceOf<A> extends undefined ? [] : [ResourceOf<A>]): boolean {
  const rule = policies[action] as (user: Actor | null, resource?: unknown) => boolean;
  return rule(user, resource[0]);
}

export type { Actor };
