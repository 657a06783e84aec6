/** Shared set-up for quiz and metrics tests: the demo city, its question bank, accounts and a campaign. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { areas, quizCampaigns, users, type Role } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { seedQuestionBank } from '../../src/lib/server/quizzes/seed';
import type { Actor } from '../../src/lib/server/auth/permissions';

export async function seedQuizWorld(db: Db): Promise<{ communities: { id: number; parentId: number }[] }> {
  await seedDemoCity(db);
  await seedQuestionBank(db);
  const communities = await db.select({ id: areas.id, parentId: areas.parentId }).from(areas).where(eq(areas.level, 'community')).orderBy(asc(areas.code));
  return { communities: communities.map((c) => ({ id: c.id, parentId: c.parentId! })) };
}

let counter = 0;
/** Accounts that can take quizzes; the password hash is never checked in these tests. */
export async function createActors(db: Db, count: number, role: Role = 'resident'): Promise<Actor[]> {
  const rows = Array.from({ length: count }, () => {
    counter++;
    return { username: `tester-${process.pid}-${counter}`, displayName: `测试${counter}`, passwordHash: 'x', role };
  });
  const created = await db.insert(users).values(rows).returning({ id: users.id, role: users.role });
  return created.map((u) => ({ id: u.id, role: u.role, departmentId: null, gridCellId: null }));
}

export async function createOpenCampaign(db: Db, overrides: Partial<typeof quizCampaigns.$inferInsert> = {}): Promise<number> {
  const [campaign] = await db
    .insert(quizCampaigns)
    .values({ titleZh: '测试问答', titleEn: 'Test quiz', questionsPerAttempt: 10, timeLimitSeconds: 600, withSurvey: true, state: 'open', ...overrides })
    .returning({ id: quizCampaigns.id });
  return campaign!.id;
}
