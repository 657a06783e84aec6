/**
 * Operator commands run from the server build (`node dist/server/entry.mjs <command>`):
 * - `migrate` (`npm run migrate`): applies the migrations and the base seed (demo data in demo
 *   mode) under the advisory lock, connecting as MIGRATE_DATABASE_URL when given (a role that may
 *   run DDL), so instances can run as a role that cannot (MIGRATE_ON_START=false).
 * - `reencrypt` (`npm run reencrypt`): re-encrypts stored ID numbers from DATA_ENCRYPTION_KEY_PREVIOUS
 *   to DATA_ENCRYPTION_KEY and stores the new key's fingerprint.
 */
import path from 'node:path';
import { migrateDatabase, openDatabase } from '../../db/client';
import { config } from '../lib/server/config';
import { seed } from '../lib/server/db';
import { errorFields, logger } from '../lib/server/log';
import { storeDataKeyFingerprint } from '../lib/server/settings/fingerprints';
import { reencryptIdNumbers } from '../lib/server/volunteers/rotate-key';

async function migrate(): Promise<void> {
  const database = await openDatabase({ url: config.migrateDatabaseUrl, dataDir: path.join(config.dataDir, 'pglite'), maxConnections: 2 });
  try {
    const started = Date.now();
    await migrateDatabase(database, () => seed(database.db), config.databaseTimeouts);
    logger.info('migrated', { driver: database.kind, ms: Date.now() - started });
  } finally {
    await database.close();
  }
}

async function reencrypt(): Promise<void> {
  const previous = config.previousDataEncryptionKey;
  if (!previous) throw new Error('set DATA_ENCRYPTION_KEY_PREVIOUS to the key being replaced (and DATA_ENCRYPTION_KEY to the new one)');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite'), maxConnections: 2 });
  try {
    const result = await reencryptIdNumbers(
      database.db,
      { encryptionKey: previous, secret: config.appSecret },
      { encryptionKey: config.dataEncryptionKey, secret: config.appSecret },
    );
    await storeDataKeyFingerprint(database.db, config.dataEncryptionKey, config.appSecret);
    logger.info('re-encrypted', { ...result });
  } finally {
    await database.close();
  }
}

const COMMANDS: Record<string, () => Promise<void>> = { migrate, reencrypt };

export async function runCommand(name: string): Promise<number> {
  const command = COMMANDS[name];
  if (!command) {
    logger.error('unknown command', { command: name, known: Object.keys(COMMANDS) });
    return 2;
  }
  try {
    await command();
    return 0;
  } catch (error) {
    logger.error(`${name} failed`, errorFields(error));
    return 1;
  }
}
