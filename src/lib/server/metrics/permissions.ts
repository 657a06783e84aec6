import { hasRole, type Actor } from '../auth/permissions';

export const metricsPermissions = {
  /** The office's dashboard: rates down to communities, maps, trends and CSV export. */
  'metrics.dashboard': (user: Actor | null) => hasRole(user, 'moderator', 'admin'),
};
