/**
 * The server build's entry (dist/server/entry.mjs): Astro's request handler from @astrojs/node in
 * middleware mode, the app's shutdown hook, and `start()`, which runs our launcher. Running the file
 * itself (`node dist/server/entry.mjs`) starts it; `npm start` imports it and calls `start()`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { handler as astroHandler, options } from '@astrojs/node/server.js';
import { closeDatabase } from '../lib/server/db';
import { launch } from './launcher';
import type { RequestHandler } from './pipeline';

export { options };

/** Astro's handler: every request that is not a file of the build. */
export const handler: RequestHandler = astroHandler;

/** Called once by the launcher after the last request drained: closes the database if it was opened. */
export async function shutdown(): Promise<void> {
  await closeDatabase();
}

const ENTRY = fileURLToPath(import.meta.url);

export function start(): Promise<void> {
  return launch({ handler, shutdown, entry: ENTRY, clientDir: path.join(path.dirname(ENTRY), '..', 'client') });
}

if (process.argv[1] && path.resolve(process.argv[1]) === ENTRY) void start();
