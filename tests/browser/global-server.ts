/**
 * Global setup of the browser project: builds the app if stale, then serves that one build for the
 * whole run, as production does (dist/server/entry.mjs, PGlite in a fresh temporary DATA_DIR, demo
 * data), on a free port. Tests read its URL with inject('baseUrl'); teardown stops it with SIGTERM.
 * The server's log goes to tests/.artifacts/browser-server.log, to read when a test fails.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ARTIFACTS_DIR, startServer } from './support/server';

export default async function setup(project: TestProject) {
  await buildIfStale({ quiet: true, log: (message) => console.log(`[browser] build: ${message}`) });
  // The runtime tests, in other projects of this run, must not rebuild under this server's feet.
  process.env.WENMING_BUILD_FROZEN = '1';
  const logFile = path.join(ARTIFACTS_DIR, 'browser-server.log');
  const server = await startServer({ logFile });
  console.log(`[browser] serving ${server.url} (log: ${path.relative(process.cwd(), logFile)})`);
  project.provide('baseUrl', server.url);

  return async () => {
    delete process.env.WENMING_BUILD_FROZEN;
    const { code, signal } = await server.stop('SIGTERM');
    if (code !== 0) console.warn(`[browser] the server exited with ${signal ?? code}:\n${server.output().slice(-4000)}`);
  };
}
