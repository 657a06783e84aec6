import { describe } from 'vitest';
import { placePermissions } from '../../src/lib/server/places/permissions';
import { ADMIN, itAnswersTheRoleTable } from '../support/roles';

describe('who may import the gazetteer', () => {
  itAnswersTheRoleTable(placePermissions, { 'places.import': { allowed: ADMIN } });
});
