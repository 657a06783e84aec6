import { describe } from 'vitest';
import { messagePermissions } from '../../src/lib/server/messages/permissions';
import { ADMIN, itAnswersTheRoleTable, SIGNED_IN } from '../support/roles';

describe('who may do what with messages and jobs', () => {
  itAnswersTheRoleTable(messagePermissions, {
    'messages.outbox': { allowed: ADMIN },
    'jobs.manage': { allowed: ADMIN },
    'messages.preferences': { allowed: SIGNED_IN },
  });
});
