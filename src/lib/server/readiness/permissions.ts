/** Who may do what with inspection sites, checklists, inspections and mock rounds. */
import { hasRole, isStaff, type Actor } from '../auth/permissions';

export const readinessPermissions = {
  /** See sites, their scores and inspections, and mock rounds' plans. */
  'readiness.view': (user: Actor | null) => isStaff(user),
  /** Inspect a site against its checklist: grid workers and the office's inspectors. */
  'readiness.inspect': (user: Actor | null) => hasRole(user, 'grid_worker', 'moderator', 'admin'),
  /** Start a mock evaluation round (the draw). */
  'readiness.draw': (user: Actor | null) => hasRole(user, 'moderator', 'admin'),
  /** Edit checklist templates and import sites. */
  'readiness.configure': (user: Actor | null) => hasRole(user, 'admin'),
};
