import { describe } from 'vitest';
import { readinessPermissions } from '../../src/lib/server/readiness/permissions';
import { ADMIN, itAnswersTheRoleTable, OFFICE, STAFF } from '../support/roles';

describe('who may do what with readiness', () => {
  itAnswersTheRoleTable(readinessPermissions, {
    'readiness.view': { allowed: STAFF },
    'readiness.inspect': { allowed: ['grid_worker', ...OFFICE] },
    'readiness.draw': { allowed: OFFICE },
    'readiness.configure': { allowed: ADMIN },
  });
});
