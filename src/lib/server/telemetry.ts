/**
 * The process's Prometheus registry (prom-client) and the metrics that code outside the launcher
 * records: job runs and their durations (./jobs). GET /metrics (src/server/metrics.ts) serves the
 * registry, adding the request, database-pool and queue metrics. Kept on globalThis, so that a
 * module loaded twice (the dev server's reloads) never registers a metric twice.
 */
import client from 'prom-client';

const KEY = Symbol.for('wenming.telemetry');

function create() {
  const registry = new client.Registry();
  registry.setDefaultLabels({ pid: String(process.pid) });
  const jobRuns = new client.Counter({
    name: 'wenming_job_runs_total',
    help: 'Job runs finished by this process, by job name and outcome (done, retry, failed)',
    labelNames: ['name', 'outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new client.Histogram({
    name: 'wenming_job_duration_seconds',
    help: 'Time a job run took in this process, by job name',
    labelNames: ['name'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  return { registry, jobRuns, jobDuration };
}

type Telemetry = ReturnType<typeof create>;
const holder = globalThis as { [KEY]?: Telemetry };

export const telemetry: Telemetry = (holder[KEY] ??= create());
