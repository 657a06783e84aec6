import { describe } from 'vitest';
import { cityPermissions } from '../../src/lib/server/city/permissions';
import { ADMIN, itAnswersTheRoleTable } from '../support/roles';

describe('who may change the city and the settings', () => {
  itAnswersTheRoleTable(cityPermissions, { 'city.import': { allowed: ADMIN }, 'settings.update': { allowed: ADMIN } });
});
