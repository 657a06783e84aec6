/**
 * The rates dashboard's queries over 1,000,000 counted answers (100,000 respondents × 10 questions,
 * plus 300,000 survey answers) on the machine's PostgreSQL (TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), in a database of its own that is dropped afterwards.
 * The answers are generated in SQL (generate_series) and aggregated in bulk, as the demo seed does;
 * the dashboard then reads the aggregates. Prints p50/p95 per query; nothing is asserted on time.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { areas, quizCampaigns, quizQuestions } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { seedQuestionBank } from '../../src/lib/server/quizzes/seed';
import { getRatesReport } from '../../src/lib/server/metrics';
import { rebuildCampaignStats, startAttempt, submitAttempt } from '../../src/lib/server/quizzes';
import { adminUrl, databaseUrl } from '../support/db';

const RESPONDENTS = 100_000;
const PER_ATTEMPT = 10;
const RUNS = 50;
const name = `wenming_bench_${randomBytes(4).toString('hex')}`;
let database: Database;
let campaignId: number;

async function admin(statement: string) {
  const client = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`create database "${name}"`);
  database = await openDatabase({ url: databaseUrl(name), maxConnections: 4 });
  await migrateDatabase(database);
  const db = database.db;
  await seedDemoCity(db);
  await seedQuestionBank(db);
  const [campaign] = await db
    .insert(quizCampaigns)
    .values({ titleZh: '基准', titleEn: 'Bench', questionsPerAttempt: PER_ATTEMPT, timeLimitSeconds: 600, state: 'open' })
    .returning();
  campaignId = campaign!.id;
  const filled = Date.now();
  await db.execute(sql`
    insert into users (username, display_name, password_hash, role)
    select 'bench-' || i, '基准' || i, 'x', 'resident' from generate_series(1, ${RESPONDENTS}) as i`);
  // Communities get uneven shares (i² mod 30 repeats some far more than others); weeks spread over 8.
  await db.execute(sql`
    with c as (select array_agg(a.id order by a.code) as ids, array_agg(a.parent_id order by a.code) as subs from areas a where a.level = 'community'),
         s as (select id, parent_id from areas where level = 'subdistrict')
    insert into quiz_attempts (campaign_id, user_id, counted, state, drawn, started_at, deadline, submitted_at, score, community_id, subdistrict_id, district_id)
    select ${campaignId}, u.id, true, 'submitted', '[]'::jsonb, now() - (u.id % 56) * interval '1 day', now(), now() - (u.id % 56) * interval '1 day', 0,
           c.ids[1 + ((u.id::bigint * u.id) % 30)::int], c.subs[1 + ((u.id::bigint * u.id) % 30)::int], s.parent_id
    from users u cross join c join s on s.id = c.subs[1 + ((u.id::bigint * u.id) % 30)::int]
    where u.username like 'bench-%'`);
  await db.execute(sql`
    with q as (select array_agg(id order by id) as ids, count(*)::int as n from quiz_questions)
    insert into quiz_answers (attempt_id, question_id, chosen, correct)
    select a.id, q.ids[1 + ((a.id * 7 + j * 13) % q.n)::int], '["A"]'::jsonb, random() < 0.55 + 0.04 * (a.community_id % 10)
    from quiz_attempts a cross join q cross join generate_series(0, ${PER_ATTEMPT - 1}) as j
    where a.campaign_id = ${campaignId}`);
  await db.execute(sql`
    insert into survey_answers (attempt_id, item, value)
    select a.id, item, 1 + floor(random() * 5)::int
    from quiz_attempts a cross join unnest(array['support', 'participation', 'satisfaction']) as item
    where a.campaign_id = ${campaignId}`);
  const aggregated = Date.now();
  await rebuildCampaignStats(db, campaignId);
  const [answers] = (await db.execute(sql`select count(*)::int as n from quiz_answers`)) as unknown as { n: number }[];
  console.log(
    `\nmetrics bench: ${answers!.n.toLocaleString('en')} counted answers filled in ${((aggregated - filled) / 1000).toFixed(1)} s; ` +
      `aggregates rebuilt in ${((Date.now() - aggregated) / 1000).toFixed(1)} s`,
  );
}, 600_000);

afterAll(async () => {
  await database?.close();
  await admin(`drop database if exists "${name}" with (force)`);
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   (${RUNS} runs)`);
}

test('the rates dashboard over a million counted answers (PostgreSQL)', async ({ bench }) => {
  const db = database.db;
  const report = await getRatesReport(db, campaignId);
  expect(report.city.respondents).toBe(RESPONDENTS);
  console.log(`  (city awareness ${(report.city.measures.awareness.rate! * 100).toFixed(1)}%, ${report.trend.length} weeks)`);
  await measure('dashboard report (all levels, topics, trend)', () => getRatesReport(db, campaignId));
  await measure('dashboard report, population-weighted', () => getRatesReport(db, campaignId, { weighted: true }));
  await measure('public page / GET /api/v1/metrics (city and districts, per-district aggregates)', () => getRatesReport(db, campaignId, { trend: false, depth: 'district' }));
  const [resident] = (await db.execute(sql`select id, role from users where username = 'bench-1'`)) as unknown as { id: number; role: 'resident' }[];
  const actor = { id: resident!.id, role: resident!.role, departmentId: null, gridCellId: null };
  const [community] = await db.select({ id: areas.id }).from(areas).where(eq(areas.level, 'community')).limit(1);
  const questions = await db.select({ id: quizQuestions.id, correct: quizQuestions.correct }).from(quizQuestions);
  const right = new Map(questions.map((q) => [q.id, q.correct]));
  await measure('start + submit a practice attempt', async () => {
    const started = await startAttempt(db, actor, campaignId, { practice: true, communityId: community!.id });
    if (!started.ok) throw new Error(started.code);
    await submitAttempt(db, actor, started.attempt.id, { answers: Object.fromEntries(started.attempt.questions.map((q) => [q.id, right.get(q.id)!])), survey: { support: 5 } });
  });
  await bench('getRatesReport (PostgreSQL, 1M answers)', async () => {
    await getRatesReport(db, campaignId);
  }).run();
});
