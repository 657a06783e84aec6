/** The office's overview and weekly bulletin. */
import { hasRole, type Actor } from '../auth/permissions';

export const overviewPermissions = {
  /** Open the campaign overview and print the weekly bulletin (创城工作通报). */
  'overview.view': (user: Actor | null) => hasRole(user, 'moderator', 'admin'),
};
