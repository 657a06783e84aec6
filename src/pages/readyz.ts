/** Readiness: 200 once the database is open (migrated, seeded) and answers; 503 otherwise. */
import type { APIRoute } from 'astro';
import { pingDatabase } from '../../db/client';
import { getDb } from '../lib/server/db';
import { errorFields, logger } from '../lib/server/log';

export const prerender = false;

function json(status: number, body: { status: string }): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}

export const GET: APIRoute = async () => {
  try {
    if (await pingDatabase(await getDb())) return json(200, { status: 'ready' });
  } catch (error) {
    // Opening failed (unreachable server, failed migration): say so in the log, not to the prober.
    logger.warn('database not ready', errorFields(error));
  }
  return json(503, { status: 'unavailable' });
};
