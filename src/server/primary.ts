/**
 * The cluster's primary: forks the workers (which share the port), replaces one that dies, logs
 * the URL once and warms the database up, and on SIGTERM or SIGINT asks every worker to drain and
 * waits. It never opens the database nor serves a request.
 */
import cluster from 'node:cluster';
import { config } from '../lib/server/config';
import { logger } from '../lib/server/log';
import { SHUTDOWN_MESSAGE, urlOnPort, warmUp } from './lifecycle';

export async function runPrimary({ entry, processes }: { entry: string; processes: number }): Promise<void> {
  cluster.setupPrimary({ exec: entry });
  let stopping = false;
  let exitCode = 0;
  const fork = () => cluster.fork();
  /** Workers that got as far as listening: one that dies before cannot start, and forking again would loop. */
  const started = new Set<number>();
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal: reason, processes: workers().length });
    // A message, not a signal: a terminal's Ctrl-C already signals the whole group, and a second
    // signal would make the workers exit without draining.
    // (A worker already on its way out may have closed its channel: nothing to tell it then.)
    for (const worker of workers()) if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE, () => {});
  };
  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0) exitCode = 1;
    if (!stopping && started.has(worker.id)) {
      logger.error('worker died: starting another', { pid: worker.process.pid, code, signal });
      fork();
      return;
    }
    if (!stopping) {
      logger.error('a worker could not start: stopping', { pid: worker.process.pid, code, signal });
      stop('worker failure');
    }
    if (workers().length === 0) {
      logger.info('exiting', { code: exitCode });
      process.exit(exitCode);
    }
  });
  cluster.on('listening', (worker, address) => {
    started.add(worker.id);
    if (started.size > 1) return;
    const url = urlOnPort(config.host, address.port);
    logger.info('listening', { url, processes });
    void warmUp(url);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < processes; i++) fork();
}
