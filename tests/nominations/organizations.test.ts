import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, users } from '../../db/schema';
import { changeUserRole } from '../../src/lib/server/auth';
import { getNominationForOffice, listNominationsForOffice, submitNomination } from '../../src/lib/server/nominations';
import { can } from '../../src/lib/server/permissions';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { createAccount, createCommunity, story, tempStorage } from './fixtures';

describe(`organization accounts on ${testDriver}`, () => {
  let database: Database;
  let storage: LocalDiskStorage;
  let communityId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    storage = tempStorage();
    ({ communityId } = await createCommunity(database.db, 'org'));
  });
  afterAll(async () => database?.close());

  it('lets an admin make an account an organization only with its name, and audits the change', async () => {
    const admin = await createAccount(database.db, 'admin');
    const account = await createAccount(database.db, 'resident');
    expect(await changeUserRole(database.db, admin, account.id, { role: 'organization', organizationName: '  ' })).toMatchObject({
      ok: false,
      fields: { organizationName: 'admin.users.error.organizationName' },
    });
    expect(await changeUserRole(database.db, admin, account.id, { role: 'organization', organizationName: ' 芙蓉区第一中学 ' })).toEqual({ ok: true });
    const [row] = await database.db.select({ role: users.role, organizationName: users.organizationName }).from(users).where(eq(users.id, account.id));
    expect(row).toEqual({ role: 'organization', organizationName: '芙蓉区第一中学' });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.role.change'), eq(auditLog.targetId, String(account.id))));
    expect(entry!.summary).toMatchObject({ after: { role: 'organization', organizationName: '芙蓉区第一中学' } });

    // Back to a resident: the name goes with the role.
    expect(await changeUserRole(database.db, admin, account.id, { role: 'resident' })).toEqual({ ok: true });
    const [after] = await database.db.select({ organizationName: users.organizationName }).from(users).where(eq(users.id, account.id));
    expect(after!.organizationName).toBeNull();
  });

  it('keeps an organization account without a name out of the database', async () => {
    const account = await createAccount(database.db, 'resident');
    await expect(database.db.update(users).set({ role: 'organization' }).where(eq(users.id, account.id))).rejects.toThrow();
  });

  it('lets an organization nominate but not review, and shows the office its name as the nominating organization', async () => {
    const admin = await createAccount(database.db, 'admin');
    const account = await createAccount(database.db, 'resident');
    await changeUserRole(database.db, admin, account.id, { role: 'organization', organizationName: '雨花区志愿者协会' });
    const organization = { ...account, role: 'organization' as const };
    expect(can(organization, 'nominations.create')).toBe(true);
    expect(can(organization, 'nominations.review')).toBe(false);
    expect(can(organization, 'staff.workspace')).toBe(false);

    const submitted = await submitNomination(database.db, storage, organization, {
      nomineeName: '刘志愿',
      communityId,
      category: 'dedication',
      story: story('刘志愿'),
      nominatorContact: '0731-88886666',
      evidence: '',
    });
    expect(submitted.ok).toBe(true);
    if (!submitted.ok) return;
    const detail = await getNominationForOffice(database.db, submitted.nomination.id);
    expect(detail!.nominator).toMatchObject({ role: 'organization', organizationName: '雨花区志愿者协会' });
    const queue = await listNominationsForOffice(database.db);
    expect(queue.find((row) => row.id === submitted.nomination.id)?.nominator).toMatchObject({ role: 'organization', organizationName: '雨花区志愿者协会' });
  });
});
