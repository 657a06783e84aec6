import { describe } from 'vitest';
import { privacyPermissions } from '../../src/lib/server/privacy/permissions';
import { ADMIN, itAnswersTheRoleTable } from '../support/roles';

describe('who may do what with personal-data settings', () => {
  itAnswersTheRoleTable(privacyPermissions, {
    'privacy.retention.manage': { allowed: ADMIN },
  });
});
