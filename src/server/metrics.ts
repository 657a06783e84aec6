/**
 * Prometheus metrics (prom-client) of one serving process, at GET /metrics with
 * `Authorization: Bearer <METRICS_TOKEN>`; off (404) while METRICS_TOKEN is unset. Requests by
 * route (numbers and long ids in the path folded to `:id`) and status with their duration; the
 * PostgreSQL pool (size, connections in use, queries waiting for one, queries, timeouts); the job
 * queue (jobs queued, running and failed by name, read from the database when scraped; runs and
 * their durations in src/lib/server/telemetry.ts); the process's default metrics (event-loop lag,
 * memory, CPU). Each cluster worker answers for itself (its `pid` label).
 */
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import { poolStats } from '../../db/client';
import { telemetry } from '../lib/server/telemetry';
import type { Wrapper } from './pipeline';

const registry = telemetry.registry;
if (!registry.getSingleMetric('nodejs_eventloop_lag_seconds')) client.collectDefaultMetrics({ register: registry });

const requests = new client.Counter({
  name: 'wenming_http_requests_total',
  help: 'HTTP requests answered by the app, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const duration = new client.Histogram({
  name: 'wenming_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

// The PostgreSQL pool of this process (db/client.ts counts; PGlite has none, so these stay 0).
new client.Gauge({
  name: 'wenming_db_pool_size',
  help: 'PostgreSQL connections this process may open (DATABASE_POOL_SIZE)',
  registers: [registry],
  collect() {
    this.set(poolStats.size);
  },
});
new client.Gauge({
  name: 'wenming_db_pool_in_use',
  help: 'PostgreSQL connections busy with a query or a transaction now',
  registers: [registry],
  collect() {
    this.set(Math.min(poolStats.holders, poolStats.size));
  },
});
new client.Gauge({
  name: 'wenming_db_pool_waiting',
  help: 'Queries and transactions waiting for a free PostgreSQL connection now',
  registers: [registry],
  collect() {
    this.set(Math.max(0, poolStats.holders - poolStats.size));
  },
});
new client.Counter({
  name: 'wenming_db_queries_total',
  help: 'Queries sent to PostgreSQL (inside transactions included)',
  registers: [registry],
  collect() {
    this.reset();
    this.inc(poolStats.queries);
  },
});
new client.Counter({
  name: 'wenming_db_transactions_total',
  help: 'Transactions started on PostgreSQL',
  registers: [registry],
  collect() {
    this.reset();
    this.inc(poolStats.transactions);
  },
});
new client.Counter({
  name: 'wenming_db_timeouts_total',
  help: 'Queries and transactions given up after DATABASE_STATEMENT_TIMEOUT_MS (no connection or no answer in time)',
  registers: [registry],
  collect() {
    this.reset();
    this.inc(poolStats.timeouts);
  },
});
new client.Counter({
  name: 'wenming_db_errors_total',
  help: 'Queries and transactions that failed otherwise (constraint violations included)',
  registers: [registry],
  collect() {
    this.reset();
    this.inc(poolStats.errors);
  },
});

// The queue, as the database has it (the same on every instance): read at scrape time, bounded.
new client.Gauge({
  name: 'wenming_jobs',
  help: 'Jobs in the queue by name and status (queued, running, failed), as the database has them',
  labelNames: ['name', 'status'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const { openedDatabase } = await import('../lib/server/db');
    const database = openedDatabase();
    if (!database) return;
    const { jobCountsByName } = await import('../lib/server/jobs');
    const rows = await Promise.race([jobCountsByName(database.db).catch(() => []), new Promise<[]>((resolve) => setTimeout(() => resolve([]), 1_000).unref())]);
    for (const row of rows) this.set({ name: row.name, status: row.status }, Number(row.n));
  },
});

/** A path as a route: ids and file names folded, so the label set stays small. */
export function routeOf(url: string): string {
  const path = url.split('?')[0]!;
  if (path.startsWith('/_astro/') || path.startsWith('/media/')) return path.slice(0, path.indexOf('/', 1) + 1) + '*';
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) || /^[\w-]{20,}$/.test(segment) || /\.\w+$/.test(segment) ? ':id' : segment))
    .join('/')
    .slice(0, 100);
}

function authorized(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Counts every request it wraps, and answers /metrics itself (for the token's holder only). */
export function metrics(token: string | undefined): Wrapper {
  return (next) => (req, res) => {
    if (req.url?.split('?')[0] === '/metrics') {
      if (!token || !authorized(req.headers.authorization, token)) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Not found');
        return undefined;
      }
      return registry.metrics().then((text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.end(text);
      });
    }
    const stop = duration.startTimer();
    res.once('finish', () => {
      const route = routeOf(req.url ?? '/');
      stop({ method: req.method, route });
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    return next(req, res);
  };
}
