/**
 * Prometheus metrics (prom-client) of one serving process, at GET /metrics with
 * `Authorization: Bearer <METRICS_TOKEN>`; off (404) while METRICS_TOKEN is unset. Requests by
 * route (numbers and long ids in the path folded to `:id`) and status with their duration, the
 * process's default metrics (event-loop lag, memory, CPU). Each cluster worker answers for itself
 * (its `pid` label).
 */
import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import type { Wrapper } from './pipeline';

const registry = new client.Registry();
registry.setDefaultLabels({ pid: String(process.pid) });
client.collectDefaultMetrics({ register: registry });

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
