/** What the primary and the serving processes share: the URL to announce, the warm-up, the drain message. */
import { logger } from '../lib/server/log';

/**
 * Opens the database now rather than on the first visitor's request (/readyz starts the start-up),
 * and says once when it is ready. A failed start-up is tried again in the background: this keeps
 * asking, says "not ready" once, and "ready" when it is.
 */
export async function warmUp(url: string): Promise<void> {
  const started = Date.now();
  let warned = false;
  for (;;) {
    try {
      const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json().catch(() => ({}))) as { status?: string };
      if (response.ok) {
        logger.info('ready', { url, ms: Date.now() - started });
        return;
      }
      if (body.status !== 'starting' && !warned) {
        warned = true;
        logger.warn('not ready: the database did not open (see the log above); /readyz answers 503 until it does', { status: response.status });
      }
    } catch (error) {
      if (!warned) {
        warned = true;
        logger.warn('not ready: /readyz could not be requested', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, warned ? 5_000 : 500).unref());
  }
}

/** The message that asks a cluster worker to drain and exit. */
export const SHUTDOWN_MESSAGE = 'wenming:shutdown';

/** The URL people can open on this port: wildcard hosts are reached through localhost. */
export function urlOnPort(host: string, port: number): string {
  const name = ['0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
