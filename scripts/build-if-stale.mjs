/**
 * Runs `astro build` only when dist/ is missing or older than its inputs. Shared by npm start,
 * npm run bench and the test setups. The build's start time is kept in a stamp file inside dist/,
 * so a file saved while a build runs still counts as newer; a lock keeps two processes (two Vitest
 * projects, say) from building into dist/ at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// patches/ and the lock file: a patched or upgraded dependency that the build bundles (Astro's runtime) changes dist/ too.
const INPUTS = ['src', 'db', 'public', 'patches', 'astro.config.mjs', 'package.json', 'package-lock.json'];
const STAMP = path.join(ROOT, 'dist', '.build-stamp.json');
const LOCK = path.join(ROOT, 'node_modules', '.cache', 'wenming-build.lock');

/** Newest modification time (ms) under the given paths; missing paths count as 0. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      // A deleted file changes its folder's mtime, so folders count too.
      newest = Math.max(newest, stat.mtimeMs);
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

/**
 * Why dist/ must be rebuilt, or null when it is up to date.
 * @returns {string | null}
 */
export function staleReason() {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) return 'dist/ is missing';
  let builtAt;
  try {
    builtAt = JSON.parse(readFileSync(STAMP, 'utf8')).startedAt;
  } catch {
    return 'dist/ has no build stamp';
  }
  if (typeof builtAt !== 'number') return 'dist/ has no build stamp';
  return newestMtime(INPUTS) > builtAt ? 'sources changed since the last build' : null;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** Takes the build lock, waiting while another live process holds it. */
async function acquireLock(log) {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(LOCK, 'utf8').trim() || 0);
    if (holder && !pidAlive(holder)) {
      // Left behind by a build that was killed.
      rmSync(LOCK, { force: true });
      continue;
    }
    if (!announced) log(`waiting for another build (pid ${holder || '?'})`);
    announced = true;
    await sleep(500);
  }
}

function runAstroBuild(quiet) {
  return new Promise((resolve, reject) => {
    // process.execPath is the Node that runs us (node_modules/.bin/node, 24): Astro 7 needs it.
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: ROOT,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      // Always a production build: under Vitest NODE_ENV is "test", which gave Svelte's development
      // runtime (4 KB more per map page, and not what is deployed).
      env: { ...process.env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(undefined);
      else reject(new Error(`astro build failed (${signal ?? `exit ${code}`})${output ? `:\n${output.slice(-4000)}` : ''}`));
    });
  });
}

/**
 * Builds when stale. `quiet` keeps Astro's output unless the build fails (for test setups).
 * @param {{ quiet?: boolean, log?: (message: string) => void }} [options]
 * @returns {Promise<{ built: boolean, reason: string | null, ms: number }>}
 */
export async function buildIfStale({ quiet = false, log = (message) => console.log(`build: ${message}`) } = {}) {
  const started = Date.now();
  // Set by the browser tests' global setup while it serves dist/: rebuilding then would remove the
  // chunks that server still loads lazily, in the same test run.
  if (process.env.WENMING_BUILD_FROZEN && existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    return { built: false, reason: null, ms: 0 };
  }
  if (!staleReason()) return { built: false, reason: null, ms: 0 };
  await acquireLock(log);
  try {
    // Another process may have built while we waited for the lock.
    const reason = staleReason();
    if (!reason) return { built: false, reason: null, ms: Date.now() - started };
    log(`${reason}: running astro build`);
    const startedAt = Date.now();
    await runAstroBuild(quiet);
    writeFileSync(STAMP, JSON.stringify({ startedAt, finishedAt: Date.now() }) + '\n');
    log(`built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    return { built: true, reason, ms: Date.now() - started };
  } finally {
    rmSync(LOCK, { force: true });
  }
}

// `node scripts/build-if-stale.mjs` builds from the command line too.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildIfStale();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
