import { describe } from 'vitest';
import { overviewPermissions } from '../../src/lib/server/overview/permissions';
import { itAnswersTheRoleTable, OFFICE } from '../support/roles';

describe('who may open the campaign overview', () => {
  itAnswersTheRoleTable(overviewPermissions, { 'overview.view': { allowed: OFFICE } });
});
