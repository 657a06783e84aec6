/**
 * The production launcher, run by the server build's entry (src/server/entry.ts): with
 * WEB_CONCURRENCY above 1 (PostgreSQL only) this process becomes the cluster's primary, which forks
 * the serving workers and never loads the database; otherwise it serves itself.
 */
import cluster from 'node:cluster';
import { config } from '../lib/server/config';
import { logger } from '../lib/server/log';
import type { RequestHandler } from './pipeline';

export interface App {
  /**
   * Loads the app: Astro's request handler, and the hook that closes what the app opened (the
   * database), called once after the last request drained.
   */
  loadApp: () => Promise<{ handler: RequestHandler; shutdown: () => Promise<void> }>;
  /** The file workers run (the build's entry). */
  entry: string;
  /** The build's browser files. */
  clientDir: string;
}

export async function launch(app: App): Promise<void> {
  if (config.requestedConcurrency > 1 && !config.databaseUrl) {
    logger.warn('WEB_CONCURRENCY needs DATABASE_URL (PGlite belongs to one process): running one process');
  }
  // Each side loads only its own code: the primary never loads the app.
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./primary');
    return runPrimary({ entry: app.entry, processes: config.webConcurrency });
  }
  const { runWorker } = await import('./worker');
  return runWorker(app);
}
