/**
 * Global setup of the browser project: builds the app if stale, then serves that one build for the
 * whole run, as production does (dist/server/entry.mjs, PGlite in a fresh temporary DATA_DIR, demo
 * data), on a free port. Tests read its URL with inject('baseUrl'); teardown stops it with SIGTERM.
 * The server's log goes to tests/.artifacts/browser-server.log, to read when a test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../db/client';
import { settings } from '../../db/schema';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ARTIFACTS_DIR, startServer } from './support/server';

export default async function setup(project: TestProject) {
  await buildIfStale({ quiet: true, log: (message) => console.log(`[browser] build: ${message}`) });
  // The runtime tests, in other projects of this run, must not rebuild under this server's feet.
  process.env.WENMING_BUILD_FROZEN = '1';
  const logFile = path.join(ARTIFACTS_DIR, 'browser-server.log');
  // The whole run's browser tests file reports, nominations and sign-ups as the same few demo
  // accounts from one address, far beyond a resident's submission limits (tested on their own in
  // tests/limits): the run's database starts with those limits raised out of the way.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wenming-browser-'));
  const database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  const generous = [
    { per: 'account', max: 100_000, minutes: 1 },
    { per: 'address', max: 100_000, minutes: 1 },
  ];
  for (const key of ['limits.report', 'limits.nomination', 'limits.objection', 'limits.volunteer', 'limits.signup', 'limits.code']) {
    await database.db
      .insert(settings)
      .values({ key, value: generous })
      .onConflictDoUpdate({ target: settings.key, set: { value: generous } });
  }
  await database.close();
  const server = await startServer({ logFile, dataDir });
  console.log(`[browser] serving ${server.url} (log: ${path.relative(process.cwd(), logFile)})`);
  project.provide('baseUrl', server.url);

  return async () => {
    delete process.env.WENMING_BUILD_FROZEN;
    const { code, signal } = await server.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) console.warn(`[browser] the server exited with ${signal ?? code}:\n${server.output().slice(-4000)}`);
  };
}
