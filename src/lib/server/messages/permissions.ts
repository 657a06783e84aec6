import { hasRole, type Actor } from '../auth/permissions';

export const messagePermissions = {
  /** Read the outbox (every outside message, recipients masked). */
  'messages.outbox': (user: Actor | null) => hasRole(user, 'admin'),
  /** See failed jobs and put them back in the queue. */
  'jobs.manage': (user: Actor | null) => hasRole(user, 'admin'),
  /** Choose what one receives, follow areas. */
  'messages.preferences': (user: Actor | null) => user !== null,
};
