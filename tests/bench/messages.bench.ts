/**
 * Messages at scale, on the machine's PostgreSQL (BENCH_DATABASE_URL, default the local server):
 * a fresh database with BENCH_MESSAGE_REPORTS reports (default 1,000,000; a quarter assigned or in
 * progress with deadlines spread over ±30 days, about 2,700 made public in the last 24 hours) and
 * BENCH_SUBSCRIBERS area followers (default 100,000; 80% following a community, 20% a 1 km circle,
 * all on the daily digest, one in ten with an e-mail address). It times:
 *
 * - the deadline check (runDeadlineCheck): the first run, which records every overdue report's
 *   ticket and every warning (the backlog), then a steady-state run 15 minutes later (nothing new);
 * - the daily digest of area follows (sendAreaDigests), then its rerun (all already sent).
 *
 * Both run as jobs on one worker, in batches (one department's index range per transaction; 2,000
 * follows per batch, one bulk insert each), so page serving never waits on them beyond the
 * database's shared CPU. BENCH_MESSAGE_REPORTS=0 skips this bench.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, test } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { sendAreaDigests } from '../../src/lib/server/messages/follows';
import { runDeadlineCheck } from '../../src/lib/server/reports/deadline-check';
import { prepareCity } from '../reports/fixtures';

const REPORTS = Number(process.env.BENCH_MESSAGE_REPORTS ?? 1_000_000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = `wenming_bench_messages_${process.pid}`;
const url = (() => {
  const parsed = new URL(ADMIN_URL);
  parsed.pathname = `/${NAME}`;
  return parsed.toString();
})();

let database: Database | undefined;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

beforeAll(async () => {
  if (REPORTS === 0) return;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${NAME}"`);
  await admin.end();
  database = await openDatabase({ url, maxConnections: 4 });
  await migrateDatabase(database);
  await prepareCity(database.db);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  await sql.unsafe(`
    insert into reports (category_id, description, status, version, lat, lng, map_cell, grid_id, community_id, subdistrict_id, district_id, department_id, deadline, source, created_at, updated_at)
    select c.id, '批量生成的测试上报 #' || n, s.status, 1, p.lat, p.lng, 0, g.id, g.parent_id, null, null, c.department_id,
      case when s.status in ('assigned', 'in_progress') then current_date + ((n % 61) - 30)::int end, 'web',
      now() - ((n % 365000) * interval '1 day') / 1000, now()
    from generate_series(1::bigint, ${REPORTS}::bigint) n
    cross join lateral (select id, parent_id, min_lat, max_lat, min_lng, max_lng from areas where level = 'grid' order by id offset (n * 7919) % 120 limit 1) g
    cross join lateral (select g.min_lat + ((hashint8(n) & 1048575) / 1048576.0) * (g.max_lat - g.min_lat) as lat,
      g.min_lng + ((hashint8(n + 1000000007) & 1048575) / 1048576.0) * (g.max_lng - g.min_lng) as lng) p
    cross join lateral (select id, department_id from report_categories order by id offset n % 20 limit 1) c
    cross join lateral (select (array['accepted','assigned','in_progress','rectified','closed','closed','closed','submitted'])[1 + (n / 120) % 8] as status) s`);
  await sql.unsafe(`
    insert into users (username, display_name, password_hash, role)
    select 'sub' || n, '订阅者' || n, 'x', 'resident' from generate_series(1, ${SUBSCRIBERS}) n`);
  await sql.unsafe(`
    insert into area_follows (user_id, area_id, lat, lng, radius_m, digest)
    select u.id,
      case when u.id % 5 <> 0 then (select id from areas where level = 'community' order by id offset u.id % 30 limit 1) end,
      case when u.id % 5 = 0 then r.lat end, case when u.id % 5 = 0 then r.lng end, case when u.id % 5 = 0 then 1000 end, true
    from users u cross join lateral (select lat, lng from reports where id = 1 + (u.id * 7) % ${REPORTS}) r
    where u.username like 'sub%'`);
  await sql.unsafe(`insert into contact_emails (user_id, email) select id, username || '@example.test' from users where username like 'sub%' and id % 10 = 0`);
  await sql.unsafe('vacuum analyze');
  console.log(`Messages bench: ${REPORTS} reports, ${SUBSCRIBERS} subscribers filled in ${seconds(performance.now() - started)}`);
  await sql.end();
}, 1_800_000);

afterAll(async () => {
  if (!database) return;
  await database.close();
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${NAME}" with (force)`);
  await admin.end();
});

test('deadline check and area digest at scale', async () => {
  if (!database) return;
  const db = database.db;
  const now = new Date();
  let t = performance.now();
  const first = await runDeadlineCheck(db, now);
  console.log(
    `  deadline check, first run (backlog): ${seconds(performance.now() - t)}; ${first.departments} departments, events ${JSON.stringify(first.events)}, ${first.notices} notices`,
  );
  t = performance.now();
  const steady = await runDeadlineCheck(db, new Date(now.getTime() + 15 * 60_000));
  console.log(`  deadline check, steady state (15 min later): ${seconds(performance.now() - t)}; events ${JSON.stringify(steady.events)}`);
  t = performance.now();
  const digest = await sendAreaDigests(db, now);
  console.log(
    `  area digest: ${seconds(performance.now() - t)}; ${digest.reports} reports of the last 24 h against ${digest.follows} follows → ${digest.digests} digests, ${digest.emails} e-mails queued`,
  );
  t = performance.now();
  const again = await sendAreaDigests(db, new Date(now.getTime() + 60_000));
  console.log(`  area digest rerun (all sent): ${seconds(performance.now() - t)}; ${again.digests} digests`);
}, 1_800_000);
