/**
 * `npm run bench`: HTTP throughput and latency of the production server (dist/server/entry.mjs: PGlite,
 * demo data, a temporary DATA_DIR) against a bare node:http server that sends the same bytes, so
 * the ratio shows what the portal itself costs. Then the domain benches (tests/bench/**\/*.bench.ts).
 *
 * Both servers run in child processes of their own and autocannon in this one; on a 2-core machine
 * the load generator shares the CPU with the server, so read the ratio rather than the absolute
 * numbers. Options: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS
 * (default 50); BENCH_PGLITE=0, BENCH_POSTGRES=0, BENCH_CLUSTER=0 (the logged-in pages again on two processes),
 * BENCH_SIGNUPS=0, BENCH_REPORTS=0, BENCH_DOMAIN=0 skip parts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, globSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { buildIfStale, ROOT } from './build-if-stale.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** The launcher, as npm start runs it. */
const LAUNCHER = path.join(ROOT, 'dist', 'server', 'entry.mjs');
/** Where the PostgreSQL rows get a fresh database of their own (dropped at the end); BENCH_POSTGRES=0 skips them. */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** What a phone's browser sends with every request. */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };

function machineFacts() {
  const cpus = os.cpus();
  console.log('Machine');
  console.log(`  CPU     ${cpus[0]?.model ?? 'unknown'}`);
  console.log(`  cores   ${cpus.length} (available to Node: ${os.availableParallelism()})`);
  console.log(`  memory  ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB (free ${(os.freemem() / 2 ** 30).toFixed(1)} GiB)`);
  console.log(`  Node    ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`);
  console.log(
    `  load    ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} (1, 5, 15 min)`,
  );
  console.log(`  run     ${DURATION} s per target after ${WARMUP} s of warm-up on the same ${CONNECTIONS} connections\n`);
}

/**
 * Starts a Node script as a child whose output goes to a file (not a pipe this process must drain
 * while it generates load), and waits for its {"msg":"listening"} line and any extra line wanted.
 */
async function startChild(name, script, env, { readyMsg } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `wenming-bench-${name}-`));
  const logFile = path.join(dir, 'output.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  // If the bench is interrupted, take the servers with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => {
    exited = true;
    process.off('exit', killOnExit);
  });
  const lines = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((text) => {
        try {
          return JSON.parse(text);
        } catch {
          return { msg: text };
        }
      });
  const deadline = Date.now() + 180_000;
  let url;
  while (Date.now() < deadline) {
    const seen = lines();
    url ??= seen.find((line) => line.msg === 'listening')?.url;
    if (seen.some((line) => typeof line.msg === 'string' && line.msg.startsWith('not ready'))) break;
    if (url && (!readyMsg || seen.some((line) => line.msg === readyMsg))) {
      return {
        url,
        dir,
        async stop() {
          if (!exited) {
            child.kill('SIGTERM');
            await new Promise((resolve) => child.once('exit', resolve));
          }
        },
      };
    }
    if (exited) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not start:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
}

/**
 * The bytes the portal answers for each target (a path, asked anonymously or with an account's
 * cookie, with a browser's Accept-Encoding and Accept-Language), for the bare server to replay.
 */
async function captureResponses(baseUrl, targets) {
  const captured = {};
  for (const target of targets) {
    // node:http, not fetch(): the bytes as sent, compressed or not.
    const raw = await rawGet(new URL(target.path, baseUrl), target.headers);
    const headers = {};
    for (const [name, value] of Object.entries(raw.headers)) {
      // Per-connection and per-request headers are the bare server's own business.
      if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id'].includes(name)) headers[name] = value;
    }
    captured[target.path] = { status: raw.status, headers, body: raw.body.toString('base64') };
  }
  return captured;
}

function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const BARE_SERVER = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
const captured = JSON.parse(readFileSync(process.env.BENCH_CAPTURE, 'utf8'));
const routes = new Map(Object.entries(captured).map(([target, r]) => [target, { ...r, body: Buffer.from(r.body, 'base64') }]));
const server = http.createServer((req, res) => {
  const route = routes.get(req.url);
  if (!route) { res.writeHead(404); res.end(); return; }
  res.writeHead(route.status, { ...route.headers, 'content-length': route.body.length });
  res.end(route.body);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', url: 'http://127.0.0.1:' + server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One autocannon run; latencies are recorded per response, since autocannon reports no p95. With
 * `warmup` seconds, the run lasts warmup + seconds on the same connections and only responses
 * after the warm-up count: restarting the load generator after a warm-up would open its 50
 * connections and send their 50 first requests in the same millisecond, a burst the server then
 * answers one after another (up to ~200 ms for the last at ~2 ms a page), which a crowd of people
 * does not do and which alone set the logged-in pages' p99.
 */
function load(url, seconds, options = {}, warmup = 0) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let non2xx = 0;
    const started = performance.now();
    const counting = () => performance.now() - started >= warmup * 1000;
    const instance = autocannon({ url, connections: CONNECTIONS, duration: warmup + seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      resolve({
        rps: warmup > 0 ? latencies.length / seconds : result.requests.total / (result.duration || seconds),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        errors: result.errors + result.timeouts,
        non2xx,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!counting()) return;
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) non2xx++;
    });
  });
}

function table(rows) {
  const header = ['target', 'database', 'portal req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'bare req/s', 'bare p99', 'portal/bare', 'errors', 'non-2xx'];
  const body = rows.map((r) => [
    r.target,
    r.database,
    r.portal.rps.toFixed(0),
    r.portal.p50.toFixed(1),
    r.portal.p95.toFixed(1),
    r.portal.p99.toFixed(1),
    r.bare ? r.bare.rps.toFixed(0) : '',
    r.bare ? r.bare.p99.toFixed(1) : '',
    r.bare ? `${((100 * r.portal.rps) / r.bare.rps).toFixed(1)}%` : '',
    String(r.portal.errors),
    String(r.portal.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const format = (row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(format(row));
}

/** Logs in through the API; the cookies a browser then sends (session and device). */
async function logIn(baseUrl, login) {
  const response = await fetch(new URL('/api/v1/session', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'wenming2026' }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('session='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`could not log in as ${login}: ${response.status}`);
  // A browser keeps the device cookie its first signed-in page sets and sends it from then on
  // (autocannon keeps no cookies: without it, every request would be a new device).
  const page = await fetch(new URL('/account', baseUrl), { headers: { cookie }, redirect: 'manual' });
  const device = page.headers
    .getSetCookie()
    .find((c) => c.startsWith('wm_device='))
    ?.split(';')[0];
  return device ? `${cookie}; ${device}` : cookie;
}

/**
 * What is measured: the anonymous pages a campaign push sends residents to, then (on PostgreSQL)
 * logged-in pages, each with its account's cookie.
 */
async function targetsFor(baseUrl, { loggedIn, anonymousPages = true }) {
  const reportsPage = await (await fetch(new URL('/reports', baseUrl))).text();
  const reportId = /href="\/reports\/(\d+)"/.exec(reportsPage)?.[1];
  if (!reportId) throw new Error('no public report on /reports');
  const anonymous = ['/', '/reports', `/reports/${reportId}`, '/good-people', '/quiz/rates', '/api/v1/categories'].map((p) => ({ path: p, label: p, headers: BROWSER_HEADERS }));
  if (!loggedIn) return anonymous;
  const resident = await logIn(baseUrl, 'resident');
  const volunteer = await logIn(baseUrl, 'volunteer');
  const moderator = await logIn(baseUrl, 'moderator');
  const campaigns = await (await fetch(new URL('/api/v1/quiz-campaigns', baseUrl))).json();
  const campaignId = (campaigns.campaigns ?? campaigns).find?.((c) => c.state === 'open')?.id ?? (campaigns.campaigns ?? campaigns)[0]?.id;
  const quizPage = await (await fetch(new URL(`/quiz/${campaignId}`, baseUrl), { headers: { cookie: resident } })).text();
  const communityId = Number(/<option value="(\d+)"/.exec(quizPage)?.[1]);
  const started = await fetch(new URL(`/api/v1/quiz-campaigns/${campaignId}/attempts`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: resident },
    body: JSON.stringify({ practice: true, communityId }),
  });
  if (!started.ok) throw new Error(`could not start a quiz attempt: ${started.status} ${await started.text()}`);
  const attemptId = (await started.json()).attempt.id;
  const as = (cookie) => ({ ...BROWSER_HEADERS, cookie });
  return [
    ...(anonymousPages ? anonymous : []),
    { path: '/reports/mine', label: '/reports/mine (resident)', headers: as(resident), loggedIn: true },
    { path: '/volunteer/me', label: '/volunteer/me (volunteer)', headers: as(volunteer), loggedIn: true },
    { path: `/quiz/attempts/${attemptId}`, label: '/quiz/attempts/{id} (resident)', headers: as(resident), loggedIn: true },
    { path: '/staff/reports', label: '/staff/reports (moderator)', headers: as(moderator), loggedIn: true },
  ];
}

/** One portal (PGlite or PostgreSQL) against a bare node:http server sending the same bytes, target by target. */
async function pagesBench(database, env, { loggedIn = false, anonymousPages = true } = {}) {
  const servers = [];
  try {
    const portal = await startChild(`portal-${database}`, LAUNCHER, { HOST: '127.0.0.1', PORT: '0', DEMO_MODE: 'true', LOG_LEVEL: 'info', ...env }, { readyMsg: 'ready' });
    servers.push(portal);
    const targets = await targetsFor(portal.url, { loggedIn, anonymousPages });
    const captureFile = path.join(portal.dir, 'capture.json');
    const captured = await captureResponses(portal.url, targets);
    writeFileSync(captureFile, JSON.stringify(captured));
    for (const target of targets) {
      const r = captured[target.path];
      console.log(`  ${target.label}: ${r.status}, ${Buffer.from(r.body, 'base64').length} bytes${r.headers['content-encoding'] ? ` (${r.headers['content-encoding']})` : ''}`);
    }
    const bareScript = path.join(portal.dir, 'bare-server.mjs');
    writeFileSync(bareScript, BARE_SERVER);
    const bare = await startChild('bare', bareScript, { BENCH_CAPTURE: captureFile });
    servers.push(bare);

    const rows = [];
    for (const target of targets) {
      const row = { target: target.label, database };
      for (const [name, server] of [
        ['portal', portal],
        ['bare', bare],
      ]) {
        const url = new URL(target.path, server.url).href;
        process.stdout.write(`  ${database} ${name} ${target.label}: `);
        const result = await load(url, DURATION, { headers: target.headers }, WARMUP);
        console.log(`${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms`);
        row[name] = result;
      }
      rows.push(row);
    }
    return { rows, portal };
  } catch (error) {
    for (const server of servers.reverse()) await server.stop();
    throw error;
  } finally {
    // The PGlite portal stays up for the sign-up bench; the caller stops it.
    for (const server of servers.slice(1)) {
      await server.stop();
      rmSync(server.dir, { recursive: true, force: true });
    }
  }
}

async function httpBench() {
  await buildIfStale();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wenming-bench-data-'));
  const rows = [];
  let pglitePortal;
  try {
    console.log(`Anonymous pages, portal against a bare node:http server with the same bytes (${CONNECTIONS} connections; ${JSON.stringify(BROWSER_HEADERS)})`);
    if (process.env.BENCH_PGLITE !== '0') {
      console.log('PGlite (embedded default, one process):');
      const pglite = await pagesBench('PGlite', { DATA_DIR: dataDir, DATABASE_URL: '' });
      rows.push(...pglite.rows);
      pglitePortal = pglite.portal;
    }
    if (process.env.BENCH_POSTGRES !== '0') {
      const name = `wenming_bench_pages_${process.pid}`;
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      try {
        console.log('PostgreSQL (one process), with logged-in pages:');
        const pg = await pagesBench(
          'PostgreSQL',
          {
            DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wenming-bench-pg-')),
            DATABASE_URL: url.toString(),
            APP_SECRET: 'bench-secret-'.padEnd(40, 'x'),
            DATA_ENCRYPTION_KEY: 'c'.repeat(64),
            WEB_CONCURRENCY: '1',
          },
          { loggedIn: true },
        );
        rows.push(...pg.rows);
        await pg.portal.stop();
        rmSync(pg.portal.dir, { recursive: true, force: true });
        if (process.env.BENCH_CLUSTER !== '0') {
          // As deployed on a 2-core machine: one process per core (the database is seeded already).
          console.log('PostgreSQL (two processes, WEB_CONCURRENCY=2), logged-in pages:');
          const cluster = await pagesBench(
            'PostgreSQL x2',
            {
              DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wenming-bench-pg-')),
              DATABASE_URL: url.toString(),
              APP_SECRET: 'bench-secret-'.padEnd(40, 'x'),
              DATA_ENCRYPTION_KEY: 'c'.repeat(64),
              WEB_CONCURRENCY: '2',
            },
            { loggedIn: true, anonymousPages: false },
          );
          rows.push(...cluster.rows);
          await cluster.portal.stop();
          rmSync(cluster.portal.dir, { recursive: true, force: true });
        }
      } finally {
        await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
        await admin.end();
      }
    }
    console.log('');
    table(rows);
    console.log('\n  Targets: anonymous pages >= 30% of bare and p99 <= 50 ms; logged-in pages p99 <= 100 ms on PostgreSQL.');
    for (const row of rows) {
      const share = row.portal.rps / row.bare.rps;
      const loggedIn = row.target.includes('(');
      const ok = loggedIn ? row.portal.p99 <= 100 : share >= 0.3 && row.portal.p99 <= 50;
      console.log(`  ${ok ? 'met    ' : 'MISSED '} ${row.database} ${row.target}: ${(share * 100).toFixed(1)}% of bare, p99 ${row.portal.p99.toFixed(1)} ms`);
    }
    if (pglitePortal && process.env.BENCH_SIGNUPS !== '0') await signupBench(pglitePortal.url);
  } finally {
    if (pglitePortal) {
      await pglitePortal.stop();
      rmSync(pglitePortal.dir, { recursive: true, force: true });
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Volunteer sign-ups through POST/DELETE /api/v1/shifts/{id}/signup on the portal: 50 volunteers
 * (one per connection) each alternate signing up and cancelling, all on one 10-seat shift (every
 * request waits for that shift's row lock, and cancellations promote from the waitlist), then each on
 * a shift of their own. Accounts are made through the API first.
 */
async function signupBench(baseUrl) {
  console.log(`\nVolunteer sign-ups (${CONNECTIONS} connections, one volunteer each; POST and DELETE alternate)`);
  const call = async (target, { method = 'GET', cookie, body } = {}) => {
    const headers = {};
    if (cookie) headers.cookie = cookie;
    if (body) headers['content-type'] = 'application/json';
    return fetch(new URL(target, baseUrl), { method, headers, body: body && JSON.stringify(body), redirect: 'manual' });
  };
  const cookieOf = (response) =>
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))
      ?.split(';')[0];
  const leader = cookieOf(await call('/api/v1/session', { method: 'POST', body: { login: 'leader', password: 'wenming2026' } }));
  const hour = 3_600_000;
  const publish = async (projectId, startsAt, capacity) =>
    call('/api/v1/shifts', {
      method: 'POST',
      cookie: leader,
      body: { projectId, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + hour).toISOString(), capacity },
    });
  const base = Date.now() + 3 * 24 * hour;
  const { shifts } = await (await call('/api/v1/shifts')).json();
  let projectId;
  let hot;
  for (const id of new Set(shifts.map((shift) => shift.project.id))) {
    const response = await publish(id, base, 10);
    if (response.status === 201) {
      projectId = id;
      hot = (await response.json()).shift.id;
      break;
    }
  }
  if (!projectId) throw new Error('the demo leader leads no project');
  const own = [];
  for (let k = 0; k < CONNECTIONS; k++) own.push((await (await publish(projectId, base + (k + 2) * 2 * hour, 10)).json()).shift.id);

  const cookies = [];
  let communityId;
  const checkDigit = (first17) => '10X98765432'[[...first17].reduce((sum, digit, i) => sum + Number(digit) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i], 0) % 11];
  for (let k = 0; k < CONNECTIONS; k++) {
    const created = await call('/api/v1/users', {
      method: 'POST',
      body: {
        phone: `135${String(Date.now() % 1e4).padStart(4, '0')}${String(k).padStart(4, '0')}`,
        password: 'bench-password-1',
        displayName: `压测${k}`,
        consentVersion: '2026-11',
      },
    });
    const cookie = cookieOf(created);
    communityId ??= Number(/<option value="(\d+)"/.exec(await (await call('/volunteer/register', { cookie })).text())[1]);
    const first17 = `110101${1980 + Math.floor(k / 28)}01${String(1 + (k % 28)).padStart(2, '0')}${String(k).padStart(3, '0')}`;
    const registered = await call('/api/v1/volunteers', {
      method: 'POST',
      cookie,
      body: { realName: '压测志愿者', idNumber: first17 + checkDigit(first17), phone: '13900000000', communityId },
    });
    if (registered.status !== 201) throw new Error(`volunteer registration answered ${registered.status}: ${await registered.text()}`);
    cookies.push(cookie);
  }

  const rows = [];
  for (const [target, shiftOf] of [
    ['one shift', () => hot],
    [`${CONNECTIONS} shifts`, (k) => own[k]],
  ]) {
    let connections = 0;
    const requests = [
      {
        setupRequest: (request, context) => {
          context.k ??= connections++;
          context.n = (context.n ?? 0) + 1;
          return {
            ...request,
            method: context.n % 2 === 1 ? 'POST' : 'DELETE',
            path: `/api/v1/shifts/${shiftOf(context.k % CONNECTIONS)}/signup`,
            headers: { ...request.headers, cookie: cookies[context.k % CONNECTIONS] },
          };
        },
      },
    ];
    process.stdout.write(`  ${target}: measure ${DURATION} s... `);
    const result = await load(baseUrl, DURATION, { requests });
    console.log(`${result.rps.toFixed(0)} req/s`);
    rows.push({ target, database: 'PGlite', portal: result });
    // Leave every volunteer cancelled, whatever request the run stopped on.
    await Promise.all(cookies.map((cookie, k) => call(`/api/v1/shifts/${shiftOf(k)}/signup`, { method: 'DELETE', cookie })));
  }
  console.log('');
  table(rows);
}

/** Reports at a million rows on the machine's PostgreSQL (scripts/bench/reports.mjs); BENCH_REPORTS=0 skips it. */
function reportsBench() {
  if (process.env.BENCH_REPORTS === '0') return 0;
  console.log('\nReports at scale (scripts/bench/reports.mjs)');
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'reports.mjs')], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

function domainBenches() {
  if (process.env.BENCH_DOMAIN === '0') return 0;
  const files = globSync('tests/bench/**/*.bench.ts', { cwd: ROOT });
  console.log(`\nDomain benches (${files.length ? files.join(', ') : 'none yet under tests/bench/'})`);
  if (files.length === 0) return 0;
  // The benches append their targets here (one JSON line each), printed side by side at the end.
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'wenming-bench-results-'));
  const resultsFile = path.join(resultsDir, 'targets.jsonl');
  try {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'bench', '--run', '--config', 'vitest.bench.config.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS: resultsFile },
    });
    domainTargets(resultsFile);
    return result.status ?? 1;
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/** The domain benches' timings beside their targets (p95 limits), one row per target and database. */
function domainTargets(file) {
  let rows = [];
  try {
    rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return;
  }
  if (rows.length === 0) return;
  const header = ['target', 'database', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'limit', 'result'];
  const body = rows.map((r) => [
    r.target,
    r.database,
    String(r.n),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
    r.limit ? `p95 <= ${r.limit.p95} ms` : '',
    r.limit ? (r.p95 <= r.limit.p95 ? 'met' : 'MISSED') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const format = (row) => row.map((cell, i) => (i < 2 || i >= 6 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(
    '\nDomain targets (load ' +
      os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ') +
      ')',
  );
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(format(row));
}

// Ctrl-C: exit through process.exit so that the 'exit' hooks above stop the servers.
process.once('SIGINT', () => process.exit(130));
machineFacts();
try {
  await httpBench();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const reportsStatus = reportsBench();
process.exit(domainBenches() || reportsStatus);
