import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authPermissions } from '../../src/lib/server/auth/permissions';
import { ADMIN, itAnswersTheRoleTable, SIGNED_IN, STAFF } from '../support/roles';

describe('who may do what with accounts', () => {
  itAnswersTheRoleTable(authPermissions, {
    'account.read': [
      { when: 'of their own', record: { userId: 1 }, allowed: SIGNED_IN },
      { when: "of someone else's", record: { userId: 2 }, allowed: ADMIN },
    ],
    'account.update': [
      { when: 'of their own', record: { userId: 1 }, allowed: SIGNED_IN },
      { when: "of someone else's", record: { userId: 2 }, allowed: [] },
    ],
    'users.manage': { allowed: ADMIN },
    'staff.workspace': { allowed: STAFF },
  });
});

describe('the role tables', () => {
  it('exist for every domain that declares permissions', () => {
    const domains = readdirSync('src/lib/server', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(`src/lib/server/${entry.name}/permissions.ts`))
      .map((entry) => entry.name);
    expect(domains.filter((domain) => !existsSync(`tests/${domain}/roles.test.ts`))).toEqual([]);
  });
});
