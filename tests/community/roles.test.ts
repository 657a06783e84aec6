import { describe } from 'vitest';
import { communityPermissions } from '../../src/lib/server/community/permissions';
import { ADMIN, itAnswersTheRoleTable, OFFICE, SIGNED_IN } from '../support/roles';

describe('who may do what with updates, flags and points', () => {
  itAnswersTheRoleTable(communityPermissions, {
    'update.add': { allowed: SIGNED_IN },
    'community.moderate': { allowed: OFFICE },
    'flag.add': { allowed: SIGNED_IN },
    'points.own': { allowed: SIGNED_IN },
    'points.configure': { allowed: ADMIN },
    'points.manage': { allowed: OFFICE },
  });
});
