/** What the primary and the serving processes share: the URL to announce, the warm-up, the drain message. */
import { logger } from '../lib/server/log';

/** Opens the database now rather than on the first visitor's request: /readyz migrates and seeds it. */
export async function warmUp(url: string): Promise<void> {
  const started = Date.now();
  try {
    const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(120_000) });
    await response.arrayBuffer();
    if (response.ok) logger.info('ready', { url, ms: Date.now() - started });
    else logger.warn('not ready: the database did not open (see the log above); /readyz answers 503', { status: response.status });
  } catch (error) {
    logger.warn('not ready: /readyz could not be requested', { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The message that asks a cluster worker to drain and exit. */
export const SHUTDOWN_MESSAGE = 'wenming:shutdown';

/** The URL people can open on this port: wildcard hosts are reached through localhost. */
export function urlOnPort(host: string, port: number): string {
  const name = ['0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
