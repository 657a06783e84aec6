/**
 * Reports at scale: fills a fresh PostgreSQL database (BENCH_DATABASE_URL, default the local
 * server) with BENCH_REPORTS reports (default 1,000,000) over the demo city with generate_series,
 * rebuilds the map cell counts, starts the portal on it (one process per core, WEB_CONCURRENCY), and
 * measures with 20 connections: the map endpoint city-wide (one view, as most visitors open it), at
 * district level and at street level (windows spread over the city, so each asks something new), a report page and its JSON (random public reports, so nothing is served from a
 * warm row), and report submissions per second.
 *
 * Run: node scripts/bench/reports.mjs (scripts/bench.mjs can call it after its HTTP bench).
 * BENCH_KEEP=1 keeps the filled database (its name is printed) for EXPLAIN; BENCH_REUSE=<name>
 * measures an existing filled database again (new migrations are applied on start) and keeps it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildIfStale, ROOT } from '../build-if-stale.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COUNT = Number(process.env.BENCH_REPORTS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 20;
const REUSE = process.env.BENCH_REUSE;
const KEEP = Boolean(REUSE) || process.env.BENCH_KEEP === '1';
const NAME = REUSE ?? `wenming_bench_reports_${process.pid}`;
const dbUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  return url.toString();
})();

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

const pick = (items) => items[Math.floor(Math.random() * items.length)];

function load(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let non2xx = 0;
    const instance = autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      resolve({ rps: result.requests.total / (result.duration || DURATION), p50: percentile(latencies, 50), p95: percentile(latencies, 95), non2xx, errors: result.errors });
    });
    instance.on('response', (_client, status, _bytes, time) => {
      latencies.push(time);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
}

async function startPortal(env) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wenming-bench-reports-'));
  const logFile = path.join(dir, 'output.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server', 'entry.mjs')], { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: dir }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((t) => {
        try {
          return JSON.parse(t);
        } catch {
          return { msg: t };
        }
      });
    const url = lines.find((l) => l.msg === 'listening')?.url;
    if (url && lines.some((l) => l.msg === 'ready'))
      return {
        url,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            await exited;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    if (child.exitCode !== null) break;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`portal did not start:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
}

/** Migrates and seeds a fresh database (a first start), then adds COUNT reports and their map counts. */
async function fill(env) {
  // First start: migrate and seed the demo city, users and a few hundred demo reports.
  const portal = await startPortal(env);
  await portal.stop();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const started = performance.now();
  // Random points in the city's grid cells (bbox of a random cell, so almost all fall inside the city).
  // The status must not follow from the cell (n % 120 picks the cell), or a street view would hold one status only.
  // Points come from a hash of n, not random(): PostgreSQL memoizes the lateral per cell, which put
  // all reports of a cell on one point (421 distinct points for a million reports).
  await sql.unsafe(`
    insert into reports (category_id, description, status, version, lat, lng, map_cell, grid_id, community_id, subdistrict_id, district_id, department_id, deadline, source, created_at, updated_at)
    select c.id, '批量生成的测试上报 #' || n, s.status, 1, p.lat, p.lng,
      floor(p.lng / (360 / 2^16))::bigint * 1048576 + floor(p.lat / (360 / 2^16))::bigint + 524288,
      g.id, g.parent_id, null, null, c.department_id, current_date - (n % 30)::int, 'web', now() - (n % 400) * interval '1 day', now()
    from generate_series(1::bigint, ${COUNT}::bigint) n
    cross join lateral (select id, parent_id, min_lat, max_lat, min_lng, max_lng from areas where level = 'grid' order by id offset (n * 7919) % 120 limit 1) g
    cross join lateral (select g.min_lat + ((hashint8(n) & 1048575) / 1048576.0) * (g.max_lat - g.min_lat) as lat,
      g.min_lng + ((hashint8(n + 1000000007) & 1048575) / 1048576.0) * (g.max_lng - g.min_lng) as lng) p
    cross join lateral (select id, department_id from report_categories order by id offset n % 20 limit 1) c
    cross join lateral (select (array['accepted','assigned','in_progress','rectified','closed','closed','closed','submitted'])[1 + (n / 120) % 8] as status) s`);
  const filled = performance.now();
  await sql.unsafe(`delete from report_map_cells`);
  for (const level of [10, 12, 14, 16]) {
    const size = 360 / 2 ** (level + 2);
    await sql.unsafe(`insert into report_map_cells (level, cx, cy, category_id, status, count, sum_lat, sum_lng)
      select ${level}, floor(lng / ${size})::int, floor(lat / ${size})::int, category_id, status, count(*), sum(lat), sum(lng) from reports group by 2, 3, 4, 5`);
  }
  // The public reports per zoom-17 cell (rebuildMapCells in src/lib/server/reports/map.ts does the same, and
  // leaves out reports hidden by flags: the bench hides none).
  await sql.unsafe(`delete from report_street_cells`);
  await sql.unsafe(`insert into report_street_cells (cell, count, sum_lat, sum_lng)
    select floor(lng / ${360 / 2 ** 19})::bigint * 1048576 + floor(lat / ${360 / 2 ** 19})::bigint + 524288, count(*), sum(lat), sum(lng)
    from reports where status in ('accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed') group by 1`);
  await sql.unsafe('vacuum analyze reports');
  await sql.unsafe('vacuum analyze report_street_cells');
  await sql.unsafe('vacuum analyze report_map_cells');
  console.log(`Filled ${COUNT} reports in ${((filled - started) / 1000).toFixed(1)} s, map counts and analyze in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  await sql.end();
}

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
if (!REUSE) await admin.unsafe(`create database "${NAME}"`);
let portal;
try {
  await buildIfStale();
  const processes = os.availableParallelism();
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    WEB_CONCURRENCY: String(processes),
    DATABASE_URL: dbUrl,
    APP_SECRET: 'bench-secret',
    DATA_ENCRYPTION_KEY: 'b'.repeat(64),
    DEMO_MODE: 'true',
    LOG_LEVEL: 'info',
  };
  if (!REUSE) await fill(env);
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  // Public reports to ask for at random (a sample: drawing from all million would need them in memory).
  const publicIds = (await sql`select id from reports tablesample system (2) where status in ('accepted', 'assigned', 'in_progress', 'rectified', 'closed') limit 20000`).map(
    (row) => row.id,
  );
  const [{ count: total }] = await sql`select count(*)::int as count from reports`;
  const [extent] = await sql`select min(min_lng) as west, min(min_lat) as south, max(max_lng) as east, max(max_lat) as north from areas where level = 'grid'`;
  await sql.end();
  console.log(`Database ${NAME}: ${total} reports${KEEP ? ' (kept)' : ''}`);

  portal = await startPortal(env);
  const city = `${extent.west},${extent.south},${extent.east},${extent.north}`;
  // A street at zoom 17: about 400 m by 1 km, anywhere in the city.
  const streetWindow = () => {
    const west = extent.west + Math.random() * (extent.east - extent.west - 0.004);
    const south = extent.south + Math.random() * (extent.north - extent.south - 0.009);
    return `${west.toFixed(5)},${south.toFixed(5)},${(west + 0.004).toFixed(5)},${(south + 0.009).toFixed(5)}`;
  };
  // A district at zoom 14: about 4 km by 5 km, anywhere in the city (never the same view twice).
  const districtWindow = () => {
    const west = extent.west + Math.random() * (extent.east - extent.west - 0.04);
    const south = extent.south + Math.random() * (extent.north - extent.south - 0.045);
    return `${west.toFixed(5)},${south.toFixed(5)},${(west + 0.04).toFixed(5)},${(south + 0.045).toFixed(5)}`;
  };
  const rows = [];
  for (const [name, path] of [
    ['map city-wide (zoom 12)', () => `/api/v1/reports/map?bbox=${city}&zoom=12`],
    ['map district-level (zoom 14)', () => `/api/v1/reports/map?bbox=${districtWindow()}&zoom=14`],
    ['map street-level (zoom 17)', () => `/api/v1/reports/map?bbox=${streetWindow()}&zoom=17`],
    ['report page', () => `/reports/${pick(publicIds)}`],
    ['report JSON', () => `/api/v1/reports/${pick(publicIds)}`],
  ]) {
    const options = { url: portal.url, requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }] };
    // The warm-up also opens the database in every process.
    await load({ ...options, duration: 2 });
    rows.push({ name, ...(await load(options)) });
  }
  // Submissions: the demo resident, one photo each, an Idempotency-Key per request.
  const session = await fetch(`${portal.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'resident', password: 'wenming2026' }),
  });
  const cookie = session.headers
    .getSetCookie()
    .find((c) => c.startsWith('session='))
    ?.split(';')[0];
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: 'gray' } })
    .jpeg()
    .toBuffer();
  const boundary = 'wenmingbench';
  const part = (name, value) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part('lat', '28.2001') + part('lng', '113.0001') + part('category', 'other') + part('description', '压测提交的上报内容')),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="photos"; filename="p.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  let n = 0;
  rows.push({
    name: 'submit (POST /api/v1/reports)',
    ...(await load({
      url: `${portal.url}/api/v1/reports`,
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      setupClient: (client) => client.on('headers', () => {}),
      requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': `bench-${process.pid}-${n++}` } }) }],
    })),
  });
  console.log(
    `\n${total} reports, ${CONNECTIONS} connections, ${DURATION} s each, portal in ${processes} processes (${os.cpus().length} cores: ${os.cpus()[0]?.model}; load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  for (const row of rows)
    console.log(
      `  ${row.name.padEnd(32)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p95 ${row.p95.toFixed(1).padStart(6)} ms  non-2xx ${row.non2xx}`,
    );
} finally {
  await portal?.stop().catch(() => {});
  if (!KEEP) await admin.unsafe(`drop database if exists "${NAME}" with (force)`);
  await admin.end();
}
