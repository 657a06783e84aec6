import { describe } from 'vitest';
import { auditPermissions } from '../../src/lib/server/audit/permissions';
import { ADMIN, itAnswersTheRoleTable } from '../support/roles';

describe('who may browse the audit log', () => {
  itAnswersTheRoleTable(auditPermissions, { 'audit.browse': { allowed: ADMIN } });
});
