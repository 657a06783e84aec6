/**
 * One demo account per role (demo mode only). The README lists them; all share DEMO_PASSWORD.
 */
import { and, asc, eq } from 'drizzle-orm';
import { hashPassword } from './password';
import type { Db } from '../../../../db/client';
import { areas, departments, privacyConsents, users, type Role } from '../../../../db/schema';
import { config } from '../config';

export const DEMO_PASSWORD = 'wenming2026';

export const DEMO_ACCOUNTS: { username: string; phone: string; displayName: string; role: Role }[] = [
  { username: 'resident', phone: '13800000001', displayName: '李居民', role: 'resident' },
  { username: 'volunteer', phone: '13800000002', displayName: '王志愿', role: 'volunteer' },
  { username: 'leader', phone: '13800000003', displayName: '张队长', role: 'team_leader' },
  { username: 'staff', phone: '13800000004', displayName: '赵城管', role: 'department_staff' },
  { username: 'grid', phone: '13800000005', displayName: '刘网格', role: 'grid_worker' },
  { username: 'moderator', phone: '13800000006', displayName: '陈审核', role: 'moderator' },
  { username: 'admin', phone: '13800000007', displayName: '周管理', role: 'admin' },
];

export async function seedDemoUsers(db: Db): Promise<void> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (existing) return;
  const [chengguan] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, 'chengguan'));
  const [cell] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.level, 'grid')))
    .orderBy(asc(areas.code))
    .limit(1);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((account) => ({
          ...account,
          passwordHash,
          phoneVerifiedAt: now,
          departmentId: account.role === 'department_staff' ? chengguan!.id : null,
          gridCellId: account.role === 'grid_worker' ? cell!.id : null,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (created.length) await tx.insert(privacyConsents).values(created.map((user) => ({ userId: user.id, version: config.privacyNoticeVersion })));
  });
}
