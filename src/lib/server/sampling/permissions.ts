import { hasRole, type Actor } from '../auth/permissions';

export const samplingPermissions = {
  /** Run random-sample surveys: create, load the frame, draw, send links, close, see results (the office). */
  'sampling.manage': (user: Actor | null) => hasRole(user, 'moderator', 'admin'),
  /** Follow up sampled people not yet reached and record what happened (the office and grid workers). */
  'sampling.followUp': (user: Actor | null) => hasRole(user, 'moderator', 'admin', 'grid_worker'),
};
