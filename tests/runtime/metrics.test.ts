/** /metrics (src/server/metrics.ts): off without the token, request counts by route and status with it. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer, type AppServer } from '../../src/server/http-server';
import { metrics, routeOf } from '../../src/server/metrics';
import { wrapHandler } from '../../src/server/pipeline';

const TOKEN = 'metrics-token-for-tests';

describe('the metrics endpoint', () => {
  let app: AppServer;
  let url: string;

  beforeAll(async () => {
    const handler = wrapHandler(
      (req, res) => {
        res.statusCode = req.url?.startsWith('/reports/') ? 200 : 404;
        res.end('ok');
        return undefined;
      },
      [metrics(TOKEN)],
    );
    app = createAppServer({ handler, trustProxy: { kind: 'none' } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    app.server.closeAllConnections();
    await new Promise((resolve) => app.server.close(resolve));
  });

  it('is a 404 without the token or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-of-some-length' }] as Record<string, string>[]) {
      const response = await fetch(new URL('/metrics', url), { headers });
      await response.arrayBuffer();
      expect(response.status).toBe(404);
    }
  });

  it('counts requests by route and status, ids folded, and reports event-loop lag', async () => {
    for (const target of ['/reports/12', '/reports/34', '/nowhere']) await (await fetch(new URL(target, url))).arrayBuffer();
    const response = await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/wenming_http_requests_total\{method="GET",route="\/reports\/:id",status="200",pid="\d+"\} 2/);
    expect(text).toMatch(/wenming_http_requests_total\{method="GET",route="\/nowhere",status="404",pid="\d+"\} 1/);
    expect(text).toContain('wenming_http_request_duration_seconds_bucket');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    // The database pool and the queue (their values: tests/runtime/resilience.postgres.test.ts, tests/jobs/queue.test.ts).
    for (const name of [
      'wenming_db_pool_size',
      'wenming_db_pool_in_use',
      'wenming_db_pool_waiting',
      'wenming_db_queries_total',
      'wenming_db_timeouts_total',
      'wenming_jobs',
      'wenming_job_runs_total',
      'wenming_job_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(routeOf('/media/reports/abc.jpg')).toBe('/media/*');
  });
});
