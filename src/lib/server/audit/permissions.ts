import { hasRole, type Actor } from '../auth/permissions';

export const auditPermissions = {
  /** Browse the audit log. */
  'audit.browse': (user: Actor | null) => hasRole(user, 'admin'),
};
