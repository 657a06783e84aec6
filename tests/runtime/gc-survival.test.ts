/**
 * What a request leaves behind for the garbage collector. V8 collects young objects cheaply, in a
 * scavenge that copies only what is still reachable; a request's objects should be dead by then.
 * They were not: a getter made per request (an object literal's `get x()`, defineProperty with a
 * new closure), a per-request object used as a prototype (Object.create), or a closure made in a
 * class constructor and kept by the render gave objects hidden classes of their own in old space,
 * and through them the scavenger kept the whole request (its rows, its rendered page) alive until
 * the next full GC. Under load 12-20% of everything allocated survived each scavenge (12-19 ms
 * pauses), old space filled at ~30 MB/s and a full GC came every second or so, each stalling every
 * request in flight: the logged-in pages' p99 (issue 18).
 *
 * Measured here with V8's own trace (--trace-gc-nvp) on the production server: the share of what
 * requests allocate that a scavenge still finds alive, over a few thousand requests of signed-in
 * and anonymous pages (the micro-cache off, so every page is rendered). Few requests are in flight
 * at once, so what survives is what something keeps, not what is still being rendered.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ROOT, startServer, type RunningServer } from '../browser/support/server';
import { createTestDatabase, testDriver } from '../support/db';
import { logIn } from '../support/instances';

/** The scavenges' lines of --trace-gc-nvp: bytes allocated since the last one, and bytes that survived. */
function scavenges(output: string): { allocated: number; survived: number }[] {
  const found: { allocated: number; survived: number }[] = [];
  for (const line of output.split('\n')) {
    if (!/\bgc=s\b/.test(line)) continue;
    const allocated = /\ballocated=(\d+)/.exec(line);
    const survived = /\bnew_space_survived=(\d+)/.exec(line);
    if (allocated && survived) found.push({ allocated: Number(allocated[1]), survived: Number(survived[1]) });
  }
  return found;
}

/** A signed-in browser's cookies: the session, and the device cookie it keeps from its first signed-in page. */
async function signedIn(base: string, login: string): Promise<string> {
  const session = await logIn(base, login);
  const page = await fetch(new URL('/account', base), { headers: { cookie: session }, redirect: 'manual' });
  const device = page.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('wm_device='))
    ?.split(';')[0];
  return device ? `${session}; ${device}` : session;
}

describe.runIf(testDriver === 'postgres')('garbage a request leaves (production server, PostgreSQL)', () => {
  let server: RunningServer;
  let database: Database;

  beforeAll(async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    database = await createTestDatabase();
    server = await startServer({
      env: {
        DATABASE_URL: database.url!,
        APP_SECRET: randomBytes(32).toString('base64url'),
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        // Every page rendered, none answered from the micro-cache.
        MICRO_CACHE_TTL_MS: '0',
      },
      nodeArgs: ['--trace-gc-nvp'],
    });
  }, 240_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.close();
  });

  it('a scavenge finds little of what requests allocated still alive', async () => {
    const resident = await signedIn(server.url, 'resident');
    const volunteer = await signedIn(server.url, 'volunteer');
    const targets: [string, string | null][] = [
      ['/reports/mine', resident],
      ['/volunteer/me', volunteer],
      ['/login', null],
      ['/privacy', null],
      ['/healthz', null],
    ];
    const get = async (path: string, cookie: string | null) => {
      const response = await fetch(new URL(path, server.url), { headers: { 'accept-language': 'zh-CN', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    };
    // Warm up (JIT, caches, the pool), then measure from here on.
    for (let i = 0; i < 50; i++) for (const [path, cookie] of targets) await get(path, cookie);
    const before = server.output().length;
    const perWorker = 500;
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = 0; i < perWorker; i++) {
          const [path, cookie] = targets[(i + worker) % targets.length]!;
          await get(path, cookie);
        }
      }),
    );
    // The trace is printed as the GC runs; give the last lines a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const measured = scavenges(server.output().slice(before));
    expect(measured.length, 'scavenges during the load (none: the trace is missing)').toBeGreaterThanOrEqual(3);
    const allocated = measured.reduce((sum, s) => sum + s.allocated, 0);
    const survived = measured.reduce((sum, s) => sum + s.survived, 0);
    // Measured on this test: 15.8% of 528 MB before the fix (11 scavenges), 3.0% of 480 MB after.
    expect(survived / allocated, `${survived} of ${allocated} bytes survived ${measured.length} scavenges`).toBeLessThan(0.08);
  }, 180_000);

  it("postgres.js keeps no query's rows once the query is answered (patches/postgres+3.4.9.patch)", async () => {
    // postgres.js 3.4.9 made resolve and reject closures in each query's constructor, and through
    // them the scavenger kept every query's rows alive until the next full GC: 40-47% of what a
    // loop of 300-row selects allocated survived each scavenge, 0.1% with the patch.
    await database.db.execute(
      sql`create table gc_rows as select g as id, now() - g * interval '1 hour' as at, repeat('电线杆和墙面贴满了小广告', 3) || g as text from generate_series(1, 300) g`,
    );
    const script = `
      const { default: postgres } = await import('postgres');
      const sql = postgres(process.env.URL, { max: 1, onnotice: () => {} });
      const end = Date.now() + 3000;
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (Date.now() < end) {
          await sql.unsafe('select id, at, text from gc_rows', [], { prepare: true }).values();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }));
      await sql.end();`;
    const run = spawnSync(process.execPath, ['--trace-gc-nvp', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, URL: database.url! }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    // The first scavenges run while the young generation grows; the steady state is what counts.
    const measured = scavenges(run.stdout).slice(2);
    expect(measured.length, 'scavenges during the loop').toBeGreaterThanOrEqual(3);
    const allocated = measured.reduce((sum, s) => sum + s.allocated, 0);
    const survived = measured.reduce((sum, s) => sum + s.survived, 0);
    expect(survived / allocated, `${survived} of ${allocated} bytes survived ${measured.length} scavenges`).toBeLessThan(0.05);
  }, 60_000);
});
