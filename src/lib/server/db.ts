/**
 * The process's database: opened, migrated (and in demo mode seeded) once, in the background.
 * A failed start-up closes what it opened and is tried again after a growing delay (1 s, 2 s, 4 s …
 * up to 30 s), never once per request or probe; meanwhile requests fail at once with
 * DatabaseUnavailableError (503). Kept on globalThis so that the dev server's module reloads never
 * open the PGlite folder twice.
 */
import path from 'node:path';
import { assertMigrated, migrateDatabase, openDatabase, type Database, type Db } from '../../../db/client';
import { DatabaseUnavailableError } from '../../../db/errors';
import { markInstance, unmarkInstance } from './backup/instance';
import { seedBase, seedDemo } from './seed';
import { config } from './config';
import { checkSecretFingerprints } from './settings/fingerprints';
import { errorFields, logger } from './log';

const KEY = Symbol.for('wenming.database');

interface State {
  /** The attempt in progress or the open database. */
  opening?: Promise<Database>;
  database?: Database;
  /** After a failed attempt: when the next may start, and why the last failed. */
  retryAt?: number;
  failures: number;
  lastError?: unknown;
  timer?: NodeJS.Timeout;
  closed?: boolean;
}

type Holder = { [KEY]?: State };

function state(): State {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= { failures: 0 });
}

const MAX_BACKOFF_MS = 30_000;

/** The base data every database needs, and in demo mode the demo city and sample data. */
export async function seed(db: Db): Promise<void> {
  await seedBase(db);
  if (config.demoMode) await seedDemo(db);
}

async function open(): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    maxConnections: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
  });
  try {
    if (config.migrateOnStart) await migrateDatabase(database, () => seed(database.db), config.databaseTimeouts);
    else await assertMigrated(database);
    const mismatched = await checkSecretFingerprints(database.db, {
      appSecret: config.appSecret,
      dataEncryptionKey: config.dataEncryptionKey,
      previousDataEncryptionKey: config.previousDataEncryptionKey,
    });
    if (mismatched.length) {
      throw new Error(
        `${mismatched.join(' and ')} ${mismatched.length > 1 ? 'do' : 'does'} not match the fingerprint stored by the first instance on this database: ` +
          'this instance will not become ready (every instance must share the same secrets; see "Rotating DATA_ENCRYPTION_KEY" in the README)',
      );
    }
  } catch (error) {
    // Nothing of a failed start-up stays open: a pool per attempt would exhaust max_connections.
    await database.close().catch(() => {});
    throw error;
  }
  // The embedded database is this process's: say so beside it (backups refuse to open it meanwhile).
  if (database.kind === 'pglite') markInstance(config.dataDir);
  logger.info('database ready', { driver: database.kind, demoMode: config.demoMode });
  // Outside channels from settings, then this instance's job worker (jobs, schedules, deliveries).
  const { installChannelSenders } = await import('./messages/setup');
  installChannelSenders();
  const { startJobRunner } = await import('./jobs/runner');
  await startJobRunner(database.db);
  return database;
}

/** Starts an attempt unless one runs, the database is open, or the back-off has not yet passed. */
function attempt(current: State): Promise<Database> | undefined {
  if (current.closed) return undefined;
  if (current.opening) return current.opening;
  if (current.retryAt && Date.now() < current.retryAt) return undefined;
  const opening = open();
  current.opening = opening;
  opening.then(
    (database) => {
      current.database = database;
      current.failures = 0;
      current.retryAt = undefined;
      current.lastError = undefined;
    },
    (error: unknown) => {
      if (current.opening === opening) current.opening = undefined;
      current.failures++;
      current.lastError = error;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (current.failures - 1));
      current.retryAt = Date.now() + delay;
      logger.error('database start-up failed: trying again in the background', { retryInMs: delay, attempt: current.failures, ...errorFields(error) });
      clearTimeout(current.timer);
      current.timer = setTimeout(() => void attempt(current)?.catch(() => {}), delay);
      current.timer.unref();
    },
  );
  return opening;
}

/** The open database; while it is still opening, waits for it; after a failed start-up, fails at once. */
export function getDatabase(): Promise<Database> {
  const current = state();
  if (current.database) return Promise.resolve(current.database);
  const opening = attempt(current);
  if (opening) return opening;
  return Promise.reject(new DatabaseUnavailableError('the database is not available yet (start-up failed; trying again)', { cause: current.lastError }));
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** The open database if it is open; never starts opening it (for /metrics). */
export function openedDatabase(): Database | undefined {
  return state().database;
}

/** For /readyz: the open database, or why there is none (starting it if nobody has). Never waits. */
export function databaseStatus(): { database: Database } | { status: 'starting' | 'failed' } {
  const current = state();
  if (current.database) return { database: current.database };
  const opening = attempt(current);
  opening?.catch(() => {});
  return { status: opening ? 'starting' : 'failed' };
}

/** Closes the database if it was opened; called once on shutdown. */
export async function closeDatabase(): Promise<void> {
  const current = state();
  current.closed = true;
  clearTimeout(current.timer);
  const pending = current.opening;
  delete (globalThis as Holder)[KEY];
  if (!pending) {
    logger.info('database was never opened');
    return;
  }
  const { stopJobRunner } = await import('./jobs/runner');
  await stopJobRunner();
  let database: Database;
  try {
    database = await pending;
  } catch {
    // Opening failed: it closed what it had opened.
    return;
  }
  await database.close();
  if (database.kind === 'pglite') unmarkInstance(config.dataDir);
  logger.info('database closed');
}
