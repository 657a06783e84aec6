/**
 * A serving process (the only one, or a worker of the cluster): listens, and on SIGTERM, SIGINT or
 * the primary's message drains the requests in flight, then calls the app's shutdown hook (which
 * closes the database) and exits.
 */
import cluster from 'node:cluster';
import { config } from '../lib/server/config';
import { startDraining as stopBeingReady } from '../lib/server/draining';
import { errorFields, logger } from '../lib/server/log';
import { createAppServer } from './http-server';
import { listen, type Listening } from './listen';
import type { App } from './launcher';
import { SHUTDOWN_MESSAGE, urlOnPort, warmUp } from './lifecycle';
import { wrapHandler } from './pipeline';
import { setListeningOrigin } from '../lib/server/http/origin';

export async function runWorker(app: App): Promise<void> {
  const loaded = await app.loadApp();
  const { server, inFlight, startDraining } = createAppServer({
    handler: wrapHandler(loaded.handler),
    clientDir: app.clientDir,
    trustProxy: config.trustProxy,
  });
  /** Set once listening; closed (every socket) when draining. */
  let listening: Listening | undefined;

  let shuttingDown = false;
  async function shutdown(signal: string) {
    if (shuttingDown && signal === 'primary') return;
    if (shuttingDown) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    shuttingDown = true;
    // /readyz answers 503 from now on; requests are served as before for the delay, so that the
    // load balancer notices and stops sending before the listener closes.
    stopBeingReady();
    if (config.shutdownDelayMs > 0) {
      logger.info('not ready: draining before closing', { signal, delayMs: config.shutdownDelayMs });
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    }
    logger.info('shutting down', { signal, inFlight: inFlight() });
    const closed = listening ? listening.close() : Promise.resolve();
    startDraining();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      logger.warn('drain timed out: closing remaining connections', { inFlight: inFlight(), timeoutMs: config.shutdownTimeoutMs });
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    await closed;
    clearTimeout(timer);
    logger.info('server closed', { drained: !timedOut });
    try {
      await loaded.shutdown();
      logger.info('app closed');
    } catch (error) {
      logger.error('closing the app failed', errorFields(error));
      process.exit(1);
    }
    logger.info('exiting', { code: 0 });
    process.exit(0);
  }

  // A second signal while draining forces the exit (see shutdown).
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) void shutdown('primary');
  });

  try {
    // A cluster's worker listens on the socket its primary shares out.
    listening = await listen(server, { port: config.port, host: config.host, sockets: cluster.isWorker ? 1 : config.listenSockets });
  } catch (error) {
    logger.error('cannot listen', { host: config.host, port: config.port, error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  const url = urlOnPort(config.host, listening.port);
  // Absolute links use PUBLIC_ORIGIN; a demo server without it uses the address it listens on.
  setListeningOrigin(url);
  // In a cluster the primary announces the URL and warms up.
  if (cluster.isWorker) return;
  logger.info('listening', { url });
  void warmUp(url);
}
