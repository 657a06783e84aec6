/**
 * `npm test`'s pretest: makes a fresh machine ready for the test suite, one line per thing checked.
 *  - PostgreSQL for the postgres project: started with pg_ctlcluster when nothing answers on 127.0.0.1:5432
 *    (unless TEST_DATABASE_URL points at another server, which is then only checked).
 *  - Chromium for the browser project: installed from Debian's packages when /usr/bin/chromium is missing.
 *  - nginx for the multi-instance test (tests/runtime/nginx.postgres.test.ts) and pg_dump/pg_restore
 *    for the backup test: installed from Debian's packages (nginx, postgresql-client) when missing.
 *  - A Chinese font, so that screenshots of our zh-CN pages show characters rather than boxes
 *    (a warning only: the tests pass without it).
 * Exits non-zero, saying what is missing and how to install it, when it cannot fix something itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

const CHROMIUM = '/usr/bin/chromium';
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const isRoot = process.getuid?.() === 0;
const problems = [];

function line(ok, what, detail) {
  console.log(`pretest: ${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
}

/** Runs a command with its output shown, so a slow apt-get is visibly alive. */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  return result.status === 0;
}

function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A TCP connect succeeds while PostgreSQL is still starting up; a query proves it accepts connections. */
async function acceptsConnections(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function checkPostgres() {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
  const { hostname, port } = new URL(url);
  const target = `${hostname}:${port || 5432}`;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) && (port || '5432') === '5432';
  if (await acceptsConnections(url)) return line(true, 'PostgreSQL', `answers on ${target}`);
  if (!local) {
    problems.push(`PostgreSQL at ${target} (TEST_DATABASE_URL) does not answer; start it or unset TEST_DATABASE_URL.`);
    return line(false, 'PostgreSQL', `nothing answers on ${target}`);
  }
  if (await portOpen('127.0.0.1', 5432)) {
    // Something listens but refuses queries: maybe a cluster still starting; give it a moment below.
    line(true, 'PostgreSQL', 'port 5432 open, waiting for it to accept connections');
  } else {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
    if (versions.length === 0) {
      problems.push('PostgreSQL is not installed: apt-get install -y postgresql (then trust auth for 127.0.0.1), or set TEST_DATABASE_URL.');
      return line(false, 'PostgreSQL', 'no cluster under /etc/postgresql');
    }
    const version = versions.sort().at(-1);
    console.log(`pretest: starting PostgreSQL ${version} (pg_ctlcluster --skip-systemctl-redirect ${version} main start)`);
    if (!run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'])) {
      problems.push(`PostgreSQL did not start: run pg_ctlcluster --skip-systemctl-redirect ${version} main start as root and read its log under /var/log/postgresql.`);
      return line(false, 'PostgreSQL', 'pg_ctlcluster failed');
    }
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await acceptsConnections(url)) return line(true, 'PostgreSQL', `started, answers on ${target}`);
    await sleep(250);
  }
  problems.push(`PostgreSQL on ${target} did not accept connections within 30 s.`);
  line(false, 'PostgreSQL', 'not accepting connections after 30 s');
}

let aptUpdated = false;

/** apt-get install, after one apt-get update per run (a fresh machine's package lists are empty). */
function aptInstall(pkg) {
  console.log(`pretest: installing ${pkg} from Debian (apt-get update; apt-get install -y ${pkg})`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) aptUpdated = run('apt-get', ['update'], env);
  return aptUpdated && run('apt-get', ['install', '-y', pkg], env);
}

function checkChromium() {
  if (existsSync(CHROMIUM)) return line(true, 'Chromium', CHROMIUM);
  const howTo = 'as root: apt-get update && apt-get install -y chromium';
  if (!isRoot) {
    problems.push(`Chromium is missing (${CHROMIUM}), needed by the browser tests; install it ${howTo}.`);
    return line(false, 'Chromium', `${CHROMIUM} missing and not root`);
  }
  if (aptInstall('chromium') && existsSync(CHROMIUM)) return line(true, 'Chromium', `installed ${CHROMIUM}`);
  problems.push(`Chromium could not be installed (${CHROMIUM}); install it ${howTo}.`);
  line(false, 'Chromium', 'apt-get install failed');
}

/** A Debian package that provides `file`, installed (as root) when the file is missing. */
function checkDebianTool(what, file, pkg, neededBy) {
  if (existsSync(file)) return line(true, what, file);
  const howTo = `as root: apt-get update && apt-get install -y ${pkg}`;
  if (!isRoot) {
    problems.push(`${what} is missing (${file}), needed by ${neededBy}; install it ${howTo}.`);
    return line(false, what, `${file} missing and not root`);
  }
  if (aptInstall(pkg) && existsSync(file)) return line(true, what, `installed ${file}`);
  problems.push(`${what} could not be installed (${file}); install it ${howTo}.`);
  line(false, what, 'apt-get install failed');
}

function chineseFonts() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n').filter(Boolean) : [];
}

function checkChineseFont() {
  const found = chineseFonts();
  if (found.length > 0) return line(true, 'Chinese font', found[0]);
  const howTo = 'as root: apt-get install -y fonts-wqy-microhei';
  if (isRoot && aptInstall('fonts-wqy-microhei') && chineseFonts().length > 0) {
    return line(true, 'Chinese font', 'installed fonts-wqy-microhei');
  }
  console.log(`pretest: warn Chinese font missing: screenshots will show boxes; install one ${howTo}`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = major > 22 || (major === 22 && minor >= 12);
  if (!ok) problems.push(`Node ${process.versions.node} is too old for Astro 7; run tests through npm (node_modules/.bin/node) after npm ci.`);
  line(ok, 'Node', process.versions.node);
}

checkNode();
await checkPostgres();
checkChromium();
// The test runs its own nginx on a free port, whatever the package starts (or not) on port 80.
checkDebianTool('nginx', '/usr/sbin/nginx', 'nginx', 'the multi-instance test behind nginx');
checkDebianTool('pg_dump', '/usr/bin/pg_dump', 'postgresql-client', 'npm run backup and its test');
checkChineseFont();

if (problems.length > 0) {
  console.error('\npretest: the test suite cannot run yet:');
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
