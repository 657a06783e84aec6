/**
 * Global setup of the browser project: builds the app if stale, then serves that one build for the
 * whole run, as production does (scripts/serve.mjs, PGlite in a fresh temporary DATA_DIR, demo
 * data), on a free port. Tests read its URL with inject('baseUrl'); teardown stops it with SIGTERM.
 */
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { startServer } from './support/server';

export default async function setup(project: TestProject) {
  await buildIfStale({ quiet: true, log: (message) => console.log(`[browser] build: ${message}`) });
  const server = await startServer();
  console.log(`[browser] serving ${server.url}`);
  project.provide('baseUrl', server.url);

  return async () => {
    const { code, signal } = await server.stop('SIGTERM');
    if (code !== 0) console.warn(`[browser] the server exited with ${signal ?? code}:\n${server.output().slice(-4000)}`);
  };
}
