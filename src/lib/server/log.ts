/**
 * JSON lines, one per event, on stdout (warnings and errors on stderr); fields are merged into the
 * line. The launcher and the app share this one logger. In a cluster, each line says which worker.
 */
import cluster from 'node:cluster';
import { config } from './config';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type Level = keyof typeof LEVELS;

/**
 * Info and debug lines (one per request at info) wait for the end of the event loop's turn and go out
 * in one write: stdout is written synchronously on Linux, and a write per line cost a cached page a
 * third of its throughput. Warnings and errors are written at once, after what waits, and whatever
 * waits is written when the process exits.
 */
let pending = '';
let flushScheduled = false;

function flush() {
  flushScheduled = false;
  if (!pending) return;
  const out = pending;
  pending = '';
  process.stdout.write(out);
}

process.on('exit', flush);

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[config.logLevel]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(cluster.isWorker && { pid: process.pid }), ...fields }) + '\n';
  if (level === 'error' || level === 'warn') {
    flush();
    process.stderr.write(line);
    return;
  }
  pending += line;
  if (pending.length >= 64 * 1024) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};

/**
 * An error for the log: its message, code and stack, and its `cause` chain (what a wrapped error
 * says went wrong underneath). Never the SQL parameters of a failed query (Drizzle puts them in its
 * message: they are personal data) nor the database's `detail` (which quotes row values).
 */
export function errorFields(error: unknown): Record<string, unknown> {
  return describeError(error, 0);
}

function describeError(error: unknown, depth: number): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const query = (error as { query?: unknown }).query;
  const isFailedQuery = typeof query === 'string' && 'params' in error;
  const message = isFailedQuery ? `Failed query: ${query}` : error.message;
  const code = (error as { code?: unknown }).code;
  const fields: Record<string, unknown> = { error: message };
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (depth === 0 && error.stack) {
    // The stack's first lines repeat the message: keep only the frames.
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    fields.stack = [`${error.name}: ${message}`, ...frames].join('\n');
  }
  if (error.cause !== undefined && depth < 4) fields.cause = describeError(error.cause, depth + 1);
  return fields;
}
