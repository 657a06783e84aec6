/**
 * The production launcher: serves the built files (dist/client) and the app (dist/server/entry.mjs,
 * built by @astrojs/node in middleware mode) from our own node:http server, so that every response, static files included,
 * gets the security headers and a request id, every request one access-log line, and SIGTERM a
 * graceful drain that ends with the database closed.
 *
 * Environment: HOST (default localhost), PORT (default 4321; 0 picks a free port), TRUST_PROXY
 * (accept X-Request-Id from the proxy in front), SHUTDOWN_TIMEOUT_MS (default 10000), LOG_LEVEL,
 * WEB_CONCURRENCY (default 1: processes sharing the port through node:cluster; PostgreSQL only, since
 * the embedded PGlite belongs to one process).
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import send from 'send';
import { CSP_HEADER, FALLBACK_CSP, SECURITY_HEADERS } from '../src/lib/server/http/security-headers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'dist', 'server', 'entry.mjs');
const CLIENT_DIR = path.join(ROOT, 'dist', 'client');

// Settings may sit in a .env file beside package.json (see .env.example); the environment wins.
const ENV_FILE = path.join(ROOT, '.env');
if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);

function flag(value) {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase());
}

const env = process.env;
const host = env.HOST || 'localhost';
const port = env.PORT === undefined || env.PORT === '' ? 4321 : Number(env.PORT);
const trustProxy = flag(env.TRUST_PROXY);
const shutdownTimeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000);

// Same JSON lines as src/lib/server/log.ts, which this separate module graph cannot import.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
const minLevel = LEVELS[/** @type {keyof typeof LEVELS} */ (env.LOG_LEVEL)] ?? LEVELS.info;
/** @param {keyof typeof LEVELS} level @param {string} msg @param {Record<string, unknown>} [fields] */
function log(level, msg, fields) {
  if (LEVELS[level] < minLevel) return;
  // In a cluster, which process wrote the line.
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(cluster.isWorker && { pid: process.pid }), ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

/** The URL people can open on this port: wildcard hosts are reached through localhost. */
function urlOnPort(actualPort) {
  const name = ['0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${actualPort}`;
}

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log('error', 'invalid PORT', { port: env.PORT });
  process.exit(1);
}
const requestedConcurrency = env.WEB_CONCURRENCY === undefined || env.WEB_CONCURRENCY === '' ? 1 : Number(env.WEB_CONCURRENCY);
if (!Number.isInteger(requestedConcurrency) || requestedConcurrency < 1 || requestedConcurrency > 64) {
  log('error', 'invalid WEB_CONCURRENCY: a whole number from 1 to 64', { value: env.WEB_CONCURRENCY });
  process.exit(1);
}
if (requestedConcurrency > 1 && !env.DATABASE_URL) log('warn', 'WEB_CONCURRENCY needs DATABASE_URL (PGlite belongs to one process): running one process');
const concurrency = env.DATABASE_URL ? requestedConcurrency : 1;
/** True in the processes that serve requests: the only process, or a worker of the cluster. */
const serving = concurrency === 1 || cluster.isWorker;

if (!existsSync(ENTRY)) {
  log('error', 'no build found: run npm run build (or npm start, which builds when needed)', { entry: ENTRY });
  process.exit(1);
}

if (!serving) await runPrimary();

/**
 * The cluster's primary: forks the workers, which share the port, replaces one that dies, logs the
 * URL once and warms the database up, and on SIGTERM or SIGINT asks every worker to drain and waits.
 */
async function runPrimary() {
  let stopping = false;
  let exitCode = 0;
  const fork = () => cluster.fork();
  /** Workers that got as far as listening: one that dies before cannot start, and forking again would loop. */
  const started = new Set();
  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0) exitCode = 1;
    if (!stopping && started.has(worker.id)) {
      log('error', 'worker died: starting another', { pid: worker.process.pid, code, signal });
      fork();
      return;
    }
    if (!stopping) {
      log('error', 'a worker could not start: stopping', { pid: worker.process.pid, code, signal });
      stop('worker failure');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) {
      log('info', 'exiting', { code: exitCode });
      process.exit(exitCode);
    }
  });
  cluster.on('listening', (worker, address) => {
    started.add(worker.id);
    if (started.size > 1) return;
    const url = urlOnPort(address.port);
    log('info', 'listening', { url, processes: concurrency });
    void warmUp(url);
  });
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal, processes: Object.keys(cluster.workers ?? {}).length });
    // A message, not a signal: a terminal's Ctrl-C already signals the whole group, and a second
    // signal would make the workers exit without draining.
    // (A worker already on its way out may have closed its channel: nothing to tell it then.)
    for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send('wenming:shutdown', () => {});
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < concurrency; i++) fork();
  // The workers do the rest; the primary never loads the app.
  await new Promise(() => {});
}

/** @type {{ handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<unknown> }} */
const { handler } = await import(pathToFileURL(ENTRY).href);

/**
 * The build's files, listed once: a build never changes while it is served, and every other path
 * goes to Astro without a look at the disk (a failed stat per page request was ~5% of its CPU).
 */
const staticFiles = new Set(
  readdirSync(CLIENT_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => '/' + path.relative(CLIENT_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
);

/** Serves a file of the build; hashed assets under /_astro/ are cached for good. */
function serveStatic(req, res, pathname) {
  send(req, pathname, { root: CLIENT_DIR, dotfiles: 'deny', index: false, immutable: pathname.startsWith('/_astro/'), maxAge: pathname.startsWith('/_astro/') ? '1y' : 0 })
    .on('error', (error) => {
      res.statusCode = error.statusCode ?? error.status ?? 500;
      res.end();
    })
    .pipe(res);
}

/** Same rule as the app middleware, so that access log and app logs share the id. */
const SAFE_REQUEST_ID = /^[\w.-]{1,100}$/;

function requestIdFor(req) {
  const incoming = req.headers['x-request-id'];
  if (trustProxy && typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}

/** Whether writeHead's own headers argument (object or flat [name, value, ...] array) names a header. */
function headersArgHas(headers, name) {
  if (!headers) return false;
  if (Array.isArray(headers)) {
    if (Array.isArray(headers[0])) return headers.some((pair) => String(pair[0]).toLowerCase() === name);
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return true;
    return false;
  }
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function withoutPoweredBy(headers) {
  if (!headers || Array.isArray(headers)) return headers;
  const copy = { ...headers };
  for (const key of Object.keys(copy)) if (key.toLowerCase() === 'x-powered-by') delete copy[key];
  return copy;
}

let shuttingDown = false;

/**
 * Hooks writeHead, which Node also calls for implicit headers (a bare write() or end()), so the
 * headers are added whichever path the response takes: Astro, the static file handler, or our 500.
 */
function decorate(res, requestId) {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    const headersIndex = typeof rest[0] === 'string' ? 1 : 0;
    const headers = rest[headersIndex];
    const has = (name) => res.hasHeader(name) || headersArgHas(headers, name.toLowerCase());
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!has(name)) res.setHeader(name, value);
    if (!has(CSP_HEADER)) res.setHeader('Content-Security-Policy', FALLBACK_CSP);
    if (!has('x-request-id')) res.setHeader('X-Request-Id', requestId);
    // While draining, keep-alive connections close after their response.
    if (shuttingDown) res.setHeader('Connection', 'close');
    res.removeHeader('X-Powered-By');
    rest[headersIndex] = withoutPoweredBy(headers);
    return writeHead.call(this, statusCode, ...rest);
  };
}

function failRequest(req, res, error, requestId) {
  // The stack goes to the log only, never to the client.
  log('error', 'unhandled error', {
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

let inFlight = 0;

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const requestId = requestIdFor(req);
  req.headers['x-request-id'] = requestId;
  decorate(res, requestId);
  inFlight++;
  res.once('close', () => {
    inFlight--;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const fields = {
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
      requestId,
    };
    // A response that never finished means the client went away (or we gave up on it).
    if (!res.writableFinished) Object.assign(fields, { aborted: true });
    log(res.statusCode >= 500 ? 'error' : 'info', 'request', fields);
    if (shuttingDown) server.closeIdleConnections();
  });
  let pathname;
  try {
    pathname = decodeURI((req.url ?? '/').split('?')[0]);
  } catch {
    res.statusCode = 400;
    res.end('Bad request.');
    return;
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && staticFiles.has(pathname)) return serveStatic(req, res, pathname);
  try {
    const result = handler(req, res);
    if (result && typeof (/** @type {Promise<unknown>} */ (result).catch) === 'function') {
      /** @type {Promise<unknown>} */ (result).catch((error) => failRequest(req, res, error, requestId));
    }
  } catch (error) {
    failRequest(req, res, error, requestId);
  }
});
// Node's default answers; never an X-Powered-By (Node sets none, Astro none: removed above anyway).
server.on('clientError', (error, socket) => {
  if (!socket.writable) return socket.destroy();
  socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});

/** The URL people can open: wildcard hosts are reached through localhost. */
function publicUrl() {
  const address = server.address();
  return urlOnPort(typeof address === 'object' && address ? address.port : port);
}

/** Opens the database now rather than on the first visitor's request: /readyz migrates and seeds it. */
async function warmUp(url) {
  const started = Date.now();
  try {
    const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(120_000) });
    await response.arrayBuffer();
    if (response.ok) log('info', 'ready', { url, ms: Date.now() - started });
    else log('warn', 'not ready: the database did not open (see the log above); /readyz answers 503', { status: response.status });
  } catch (error) {
    log('warn', 'not ready: /readyz could not be requested', { error: error instanceof Error ? error.message : String(error) });
  }
}

server.once('error', (error) => {
  log('error', 'cannot listen', { host, port, error: error.message });
  process.exit(1);
});
server.listen(port, host, () => {
  // In a cluster the primary announces the URL and warms up (see runPrimary).
  if (cluster.isWorker) return;
  const url = publicUrl();
  log('info', 'listening', { url });
  void warmUp(url);
});

async function shutdown(signal) {
  if (shuttingDown && signal === 'primary') return;
  if (shuttingDown) {
    log('warn', 'second signal: exiting now', { signal });
    process.exit(1);
  }
  shuttingDown = true;
  log('info', 'shutting down', { signal, inFlight });
  const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
  // Idle keep-alive sockets would otherwise hold close() open until they time out.
  server.closeIdleConnections();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    log('warn', 'drain timed out: closing remaining connections', { inFlight, timeoutMs: shutdownTimeoutMs });
    server.closeAllConnections();
  }, shutdownTimeoutMs);
  await closed;
  clearTimeout(timer);
  log('info', 'server closed', { drained: !timedOut });
  const closeDatabase = /** @type {(() => Promise<void>) | undefined} */ (globalThis[Symbol.for('wenming.shutdown')]);
  try {
    if (closeDatabase) {
      await closeDatabase();
      log('info', 'database closed');
    } else {
      log('info', 'database was never opened');
    }
  } catch (error) {
    log('error', 'closing the database failed', { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  log('info', 'exiting', { code: 0 });
  process.exit(0);
}

// A second signal while draining forces the exit (see shutdown).
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('message', (message) => {
  if (message === 'wenming:shutdown') void shutdown('primary');
});
