import { hasRole, type Actor } from '../auth/permissions';

export const privacyPermissions = {
  /** See the retention periods and the nightly sweep's last runs, and change the periods within their bounds. */
  'privacy.retention.manage': (user: Actor | null) => hasRole(user, 'admin'),
};
