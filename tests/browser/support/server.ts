/**
 * Starts the production server (dist/server/entry.mjs, the launcher built with the app) as a child process on a free port, the way it
 * runs in production, and reads its JSON log lines. Used by the browser project's global setup, the
 * runtime tests and nothing else; the bench has its own copy in plain JavaScript.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Screenshots and logs for people to look at; git-ignored. */
export const ARTIFACTS_DIR = path.join(ROOT, 'tests', '.artifacts');

/** One line the server printed: its JSON fields, or `{ msg: <the raw text> }` for anything else. */
export type LogLine = { msg: string; level?: string; [field: string]: unknown };

export interface StartOptions {
  /** Added to (or, when undefined, removed from) the inherited environment. */
  env?: Record<string, string | undefined>;
  /** How long to wait for the 'ready' line; the first start migrates and seeds a fresh database. */
  readyTimeoutMs?: number;
  /** false: resolve once it listens, without waiting for the database (the 'ready' line). */
  waitForReady?: boolean;
  /** Also appends every line the server prints to this file (tests cannot see the server's output). */
  logFile?: string;
  /** DATA_DIR to use and keep (a restart on the same data); otherwise a new one, removed on stop. */
  dataDir?: string;
  /** Node's own flags for the server (V8's GC tracing, say). */
  nodeArgs?: string[];
}

export interface RunningServer {
  url: string;
  dataDir: string;
  pid: number;
  logs: LogLine[];
  /** Everything printed so far, for failure messages. */
  output(): string;
  /** Resolves with the first line (already printed or to come) matching the predicate. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and waits for the process to exit (SIGKILL after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function parse(text: string): LogLine {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && typeof (value as LogLine).msg === 'string') return value as LogLine;
  } catch {
    // Not one of our JSON lines (Astro's own logger, a stack trace): keep it as text.
  }
  return { msg: text };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'wenming-server-'));
  const env: Record<string, string> = {};
  const merged = {
    ...process.env,
    // No DATABASE_URL: the embedded PGlite under DATA_DIR, unless the caller sets one.
    DATABASE_URL: undefined,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DEMO_MODE: 'true',
    LOG_LEVEL: 'info',
    // Every /api/v1 answer is parsed with its response schema (respond() in src/lib/server/http/api.ts):
    // a body the OpenAPI document does not describe is a 500, so any test calling a route checks it.
    WENMING_CHECK_RESPONSES: '1',
    ...options.env,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) env[key] = value;

  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, 'dist', 'server', 'entry.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const raw: string[] = [];
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    writeFileSync(options.logFile, '');
  }
  const waiters = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters) wake();
    });
  });
  let exitedAlready = false;
  void exited.then(() => (exitedAlready = true));
  // If the test run dies without its teardown (Ctrl-C, a crash), take the server with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const onData = (buffer: { value: string }) => (chunk: Buffer) => {
    buffer.value += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.value.indexOf('\n')) >= 0) {
      const text = buffer.value.slice(0, newline).trim();
      buffer.value = buffer.value.slice(newline + 1);
      if (!text) continue;
      raw.push(text);
      logs.push(parse(text));
      if (options.logFile) appendFileSync(options.logFile, text + '\n');
      for (const wake of waiters) wake();
    }
  };
  child.stdout!.on('data', onData({ value: '' }));
  child.stderr!.on('data', onData({ value: '' }));

  const output = () => raw.join('\n');

  function waitForLog(match: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (found) return finish(() => resolve(found));
        if (exitedAlready || child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`The server exited before the expected log line.\n${output()}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`No such log line within ${timeoutMs} ms.\n${output()}`))), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000) {
    if (!exitedAlready) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    return exited;
  }

  try {
    const listening = await waitForLog((line) => line.msg === 'listening', 30_000);
    if (options.waitForReady === false) return { url: String(listening.url), dataDir, pid: child.pid!, logs, output, waitForLog, stop };
    // "not ready: /readyz could not be requested" only says a probe timed out (a busy machine, an
    // embedded database seeding): the warm-up goes on asking, so wait for its verdict.
    const verdict = (line: LogLine) => line.msg === 'ready' || (line.msg.startsWith('not ready') && !line.msg.includes('could not be requested'));
    await waitForLog(verdict, options.readyTimeoutMs ?? 120_000).then((line) => {
      if (line.msg !== 'ready') throw new Error(`The server started but is not ready.\n${output()}`);
    });
    return { url: String(listening.url), dataDir, pid: child.pid!, logs, output, waitForLog, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}
