/**
 * The node:http server of one serving process: every response, static files included, gets the
 * security headers and a request id, every request one access-log line; the build's files are
 * served from a list made at start (hashed /_astro/ assets cached for a year) and every other path
 * goes to the app handler (Astro's, wrapped as src/server/pipeline.ts says).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import path from 'node:path';
import send from 'send';
import { hasPrecompressedVariants, precompressedType, precompressedVariant } from '../lib/server/http/compress';
import { CSP_HEADER, FALLBACK_CSP, SECURITY_HEADERS } from '../lib/server/http/security-headers.js';
import { isDraining as notReady } from '../lib/server/draining';
import { clientAddress, type TrustProxy } from '../lib/server/http/proxy';
import { CLIENT_ADDRESS_HEADER } from '../lib/server/http/request';
import { logger } from '../lib/server/log';
import type { RequestHandler } from './pipeline';

export interface AppServerOptions {
  /** The app: every request that is not a file of the build. */
  handler: RequestHandler;
  /** The build's browser files (dist/client); none are served when absent. */
  clientDir?: string;
  /** The proxies believed (X-Forwarded-*, X-Request-Id). */
  trustProxy: TrustProxy;
}

export interface AppServer {
  server: http.Server;
  /** Requests being answered now. */
  inFlight(): number;
  /** From now on, keep-alive connections close after their response. */
  startDraining(): void;
}

/**
 * The build's files, listed once: a build never changes while it is served, and every other path
 * goes to the app without a look at the disk (a failed stat per page request was ~5% of its CPU).
 */
function listFiles(dir: string | undefined): Set<string> {
  if (!dir) return new Set();
  try {
    return new Set(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => '/' + path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
    );
  } catch {
    return new Set();
  }
}

/** Same rule as the app middleware, so that access log and app logs share the id. */
const SAFE_REQUEST_ID = /^[\w.-]{1,100}$/;

type HeadersArg = OutgoingHttpHeaders | (string | string[])[] | undefined;

/** Where a response keeps its request id for `decoratedWriteHead`. */
const REQUEST_ID = Symbol('wenming.requestId');
type DecoratedResponse = ServerResponse & { [REQUEST_ID]?: string };
const PROTOTYPE_WRITE_HEAD = http.ServerResponse.prototype.writeHead;

/** Whether writeHead's own headers argument (object or flat [name, value, ...] array) names a header. */
function headersArgHas(headers: HeadersArg, name: string): boolean {
  if (!headers) return false;
  if (Array.isArray(headers)) {
    if (Array.isArray(headers[0])) return (headers as unknown as string[][]).some((pair) => String(pair[0]).toLowerCase() === name);
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return true;
    return false;
  }
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function withoutPoweredBy(headers: HeadersArg): HeadersArg {
  if (!headers || Array.isArray(headers)) return headers;
  const copy = { ...headers };
  for (const key of Object.keys(copy)) if (key.toLowerCase() === 'x-powered-by') delete copy[key];
  return copy;
}

export function createAppServer(options: AppServerOptions): AppServer {
  const staticFiles = listFiles(options.clientDir);
  let draining = false;
  let inFlight = 0;

  function requestIdFor(req: IncomingMessage, viaTrustedProxy: boolean): string {
    const incoming = req.headers['x-request-id'];
    if (viaTrustedProxy && typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming)) return incoming;
    return randomUUID();
  }

  /**
   * Works out the client's address once, for the app (CLIENT_ADDRESS_HEADER, replacing any a client
   * sent); forwarded headers not sent by a trusted proxy are removed, so nothing downstream reads them.
   */
  function identifyClient(req: IncomingMessage): boolean {
    const forwardedFor = req.headers['x-forwarded-for'];
    const client = clientAddress(options.trustProxy, req.socket.remoteAddress, Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor);
    req.headers[CLIENT_ADDRESS_HEADER] = client.address;
    if (!client.viaTrustedProxy) {
      for (const name of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded']) delete req.headers[name];
    }
    return client.viaTrustedProxy;
  }

  /**
   * writeHead for every response of this server, which Node also calls for implicit headers (a bare
   * write() or end()), so the headers are added whichever path the response takes: the app, the
   * static file handler, or our 500. One function for all requests, finding the request id on the
   * response: a function made per request and set on the response kept the whole request alive
   * through every scavenge (see capture.ts).
   */
  function decoratedWriteHead(this: DecoratedResponse, statusCode: number, ...rest: unknown[]): ServerResponse {
    const headersIndex = typeof rest[0] === 'string' ? 1 : 0;
    const headers = rest[headersIndex] as HeadersArg;
    const has = (name: string) => this.hasHeader(name) || headersArgHas(headers, name.toLowerCase());
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!has(name)) this.setHeader(name, value);
    if (!has(CSP_HEADER)) this.setHeader('Content-Security-Policy', FALLBACK_CSP);
    if (!has('x-request-id')) this.setHeader('X-Request-Id', this[REQUEST_ID] ?? '');
    // While draining, keep-alive connections close after their response; already during the delay
    // before it (not ready, SHUTDOWN_DELAY_MS), so that a proxy holds no idle connection here when
    // the listener closes (one it reused just then would fail a request it may not retry).
    if (draining || notReady()) this.setHeader('Connection', 'close');
    this.removeHeader('X-Powered-By');
    rest[headersIndex] = withoutPoweredBy(headers);
    return (PROTOTYPE_WRITE_HEAD as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  }

  function decorate(res: ServerResponse, requestId: string) {
    (res as DecoratedResponse)[REQUEST_ID] = requestId;
    res.writeHead = decoratedWriteHead as ServerResponse['writeHead'];
  }

  /**
   * A file of the build; hashed assets under /_astro/ are cached for good. Text files have brotli
   * and gzip copies made at build time (astro.config.mjs, wenming:precompress): the one the client
   * takes is sent, with the original's type.
   */
  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const hashed = pathname.startsWith('/_astro/');
    const variant = precompressedVariant(staticFiles, pathname, req.headers['accept-encoding']);
    if (hasPrecompressedVariants(staticFiles, pathname)) res.setHeader('Vary', 'Accept-Encoding');
    const stream = send(req, variant?.path ?? pathname, { root: options.clientDir!, dotfiles: 'deny', index: false, immutable: hashed, maxAge: hashed ? '1y' : 0 });
    if (variant) {
      stream.on('headers', (response: ServerResponse) => {
        response.setHeader('Content-Encoding', variant.encoding);
        response.setHeader('Content-Type', precompressedType(pathname));
      });
    }
    stream
      .on('error', (error: { statusCode?: number; status?: number }) => {
        res.statusCode = error.statusCode ?? error.status ?? 500;
        res.end();
      })
      .pipe(res);
  }

  function failRequest(req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string) {
    // The stack goes to the log only, never to the client.
    logger.error('unhandled error', {
      requestId,
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Internal Server Error');
  }

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req, identifyClient(req));
    req.headers['x-request-id'] = requestId;
    decorate(res, requestId);
    inFlight++;
    res.once('close', () => {
      inFlight--;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields: Record<string, unknown> = {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        requestId,
      };
      // A response that never finished means the client went away (or we gave up on it): logged as
      // aborted, with no status unless one was sent.
      const aborted = !res.writableFinished;
      if (aborted) {
        fields.aborted = true;
        if (!res.headersSent) fields.status = null;
      }
      // 503 is the database or a drain saying "not now" (and /readyz while starting): a warning, not an error.
      const level = aborted || res.statusCode < 500 ? 'info' : res.statusCode === 503 ? 'warn' : 'error';
      logger[level]('request', fields);
      if (draining) server.closeIdleConnections();
    });
    let pathname: string;
    try {
      pathname = decodeURI((req.url ?? '/').split('?')[0]!);
    } catch {
      res.statusCode = 400;
      res.end('Bad request.');
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && staticFiles.has(pathname)) {
      serveStatic(req, res, pathname);
      return;
    }
    try {
      const result = options.handler(req, res);
      if (result && typeof (result as Promise<unknown>).catch === 'function') {
        (result as Promise<unknown>).catch((error) => failRequest(req, res, error, requestId));
      }
    } catch (error) {
      failRequest(req, res, error, requestId);
    }
  });
  // Node's default answers; never an X-Powered-By (Node sets none, Astro none: removed above anyway).
  server.on('clientError', (_error, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  return {
    server,
    inFlight: () => inFlight,
    startDraining() {
      draining = true;
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeIdleConnections();
    },
  };
}
