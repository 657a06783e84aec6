import { describe } from 'vitest';
import { metricsPermissions } from '../../src/lib/server/metrics/permissions';
import { itAnswersTheRoleTable, OFFICE } from '../support/roles';

describe('who may open the rates dashboard', () => {
  itAnswersTheRoleTable(metricsPermissions, { 'metrics.dashboard': { allowed: OFFICE } });
});
