/**
 * Readiness: 200 once the database is open (migrated, seeded) and answers; 503 otherwise, within a
 * second whatever the database does (a probe never waits for a start-up or a stuck connection).
 */
import type { APIRoute } from 'astro';
import { pingDatabase } from '../../db/client';
import { databaseStatus } from '../lib/server/db';
import { isDraining } from '../lib/server/draining';

export const prerender = false;

function json(status: number, body: { status: string }): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(status === 503 && { 'Retry-After': '5' }) },
  });
}

export const GET: APIRoute = async () => {
  // Shutting down: still serving for SHUTDOWN_DELAY_MS, but the load balancer should stop sending.
  if (isDraining()) return json(503, { status: 'draining' });
  const current = databaseStatus();
  if (!('database' in current)) return json(503, { status: current.status === 'starting' ? 'starting' : 'unavailable' });
  if (await pingDatabase(current.database.db, 800)) return json(200, { status: 'ready' });
  return json(503, { status: 'unavailable' });
};
