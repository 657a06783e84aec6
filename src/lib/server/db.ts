/**
 * The process's database: opened, migrated (and in demo mode seeded) once, on first use.
 * Kept on globalThis so that the dev server's module reloads never open the PGlite folder twice.
 */
import path from 'node:path';
import { migrateDatabase, openDatabase, type Database, type Db } from '../../../db/client';
import { seedBase, seedDemo } from './seed';
import { config } from './config';
import { logger } from './log';

const KEY = Symbol.for('wenming.database');
type Holder = { [KEY]?: Promise<Database> };

async function open(): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    maxConnections: config.databasePoolSize,
  });
  await migrateDatabase(database, async () => {
    await seedBase(database.db);
    if (config.demoMode) await seedDemo(database.db);
  });
  logger.info('database ready', { driver: database.kind, demoMode: config.demoMode });
  // Outside channels from settings, then this instance's job worker (jobs, schedules, deliveries).
  const { installChannelSenders } = await import('./messages/setup');
  installChannelSenders();
  const { startJobRunner } = await import('./jobs/runner');
  await startJobRunner(database.db);
  return database;
}

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const opening = open();
    holder[KEY] = opening;
    // A failed attempt is forgotten, so that the next request (and /readyz) tries again.
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
  }
  return holder[KEY];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Closes the database if it was opened; called once on shutdown. */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  if (!pending) {
    logger.info('database was never opened');
    return;
  }
  delete holder[KEY];
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
  logger.info('database closed');
}
