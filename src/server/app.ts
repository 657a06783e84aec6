/**
 * The app as the launcher serves it: Astro's request handler (@astrojs/node, middleware mode) and
 * the shutdown hook that closes what the app opened. Loaded only by serving processes, never by the
 * cluster's primary (src/server/entry.ts imports it on demand).
 */
import { handler as astroHandler } from '@astrojs/node/server.js';
import { closeDatabase } from '../lib/server/db';
import type { RequestHandler } from './pipeline';

/** Astro's handler: every request that is not a file of the build. */
export const handler: RequestHandler = astroHandler;

/** Called once by the launcher after the last request drained: closes the database if it was opened. */
export async function shutdown(): Promise<void> {
  await closeDatabase();
}
