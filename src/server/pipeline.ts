/**
 * How a request reaches the app: the launcher's node:http server hands every path that is not a
 * file of the build to `appHandler`, which is Astro's handler wrapped by the `APP_WRAPPERS` below,
 * outermost first. A wrapper is a plain function from handler to handler, so a response cache,
 * compression or a metric is added by writing one and listing it here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../lib/server/config';
import { MicroCache } from '../lib/server/http/microcache';
import { cacheAndCompress } from '../lib/server/http/respond';
import { metrics } from './metrics';

/** A node:http handler; Astro's returns a promise that settles when the response is done. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Wraps a handler: may answer itself, change the request or response, or call `next`. */
export type Wrapper = (next: RequestHandler) => RequestHandler;

/**
 * Applied around Astro's handler, outermost first: request metrics and /metrics (METRICS_TOKEN),
 * anonymous pages from the micro-cache for MICRO_CACHE_TTL_MS (one render per page per second),
 * and text answers compressed.
 */
export const APP_WRAPPERS: Wrapper[] = [metrics(config.metricsToken), cacheAndCompress({ cache: new MicroCache({ ttlMs: config.microCacheTtlMs }) })];

/** The handler with the wrappers applied, the first listed outermost. */
export function wrapHandler(handler: RequestHandler, wrappers: Wrapper[] = APP_WRAPPERS): RequestHandler {
  return wrappers.reduceRight<RequestHandler>((next, wrap) => wrap(next), handler);
}
