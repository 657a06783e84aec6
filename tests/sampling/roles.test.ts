import { describe } from 'vitest';
import { samplingPermissions } from '../../src/lib/server/sampling/permissions';
import { itAnswersTheRoleTable } from '../support/roles';

describe('who may do what with sample surveys', () => {
  itAnswersTheRoleTable(samplingPermissions, {
    'sampling.manage': { allowed: ['moderator', 'admin'] },
    'sampling.followUp': { allowed: ['moderator', 'admin', 'grid_worker'] },
  });
});
