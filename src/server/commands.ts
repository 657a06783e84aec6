/**
 * Operator commands run from the server build (`node dist/server/entry.mjs <command>`):
 * - `migrate` (`npm run migrate`): applies the migrations and the base seed (demo data in demo
 *   mode) under the advisory lock, connecting as MIGRATE_DATABASE_URL when given (a role that may
 *   run DDL), so instances can run as a role that cannot (MIGRATE_ON_START=false).
 * - `reencrypt` (`npm run reencrypt`): re-encrypts stored ID numbers from DATA_ENCRYPTION_KEY_PREVIOUS
 *   to DATA_ENCRYPTION_KEY and stores the new key's fingerprint.
 * - `backup <folder>` (`npm run backup -- <folder>`): writes a backup set (src/lib/server/backup):
 *   the database (pg_dump, or PGlite's dump with the instance stopped), every photo, the two secrets.
 * - `restore <folder>` (`npm run restore -- <folder>`): puts a set back into an empty database (an
 *   empty DATA_DIR for PGlite) and the configured photo storage, with the set's secrets.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '../../db/client';
import { readBackupSecrets, restoreBackup, writeBackup, type DatabaseTarget } from '../lib/server/backup';
import { runningInstance } from '../lib/server/backup/instance';
import { config, parseEncryptionKey } from '../lib/server/config';
import { seed } from '../lib/server/db';
import { errorFields, logger } from '../lib/server/log';
import { fingerprint, storeDataKeyFingerprint } from '../lib/server/settings/fingerprints';
import { getStorage } from '../lib/server/storage';
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

/**
 * Backups and restores need the owner's rights (MIGRATE_DATABASE_URL) where the instances have
 * fewer. The embedded database may not be open in a running instance meanwhile.
 */
function backupTarget(): DatabaseTarget {
  if (config.migrateDatabaseUrl) return { driver: 'postgres', url: config.migrateDatabaseUrl };
  const pid = runningInstance(config.dataDir);
  if (pid) throw new Error(`an instance (process ${pid}) has the embedded database in ${config.dataDir} open: stop it first`);
  return { driver: 'pglite', dataDir: path.join(config.dataDir, 'pglite') };
}

function folderArgument(args: string[], command: string): string {
  const folder = args[0];
  if (!folder) throw new Error(`give the backup set's folder: npm run ${command} -- /path/to/folder`);
  return path.resolve(folder);
}

async function backup(args: string[]): Promise<void> {
  const folder = folderArgument(args, 'backup');
  const started = Date.now();
  const storage = getStorage();
  const manifest = await writeBackup({
    folder,
    database: backupTarget(),
    storage,
    // As the settings are written; the embedded database's generated ones are read from DATA_DIR.
    secrets: { appSecret: config.appSecret, dataEncryptionKey: config.dataEncryptionKey.toString('hex') },
  });
  logger.info('backed up', { folder, driver: manifest.driver, photos: manifest.photos, ms: Date.now() - started });
}

/**
 * The set's secrets must be the ones the restored instances run with. Outside the environment (the
 * embedded database's generated secrets under DATA_DIR), a restore into a new DATA_DIR writes them.
 */
function adoptSecrets(secrets: { appSecret: string; dataEncryptionKey: string }): void {
  const kept = [
    { setting: 'APP_SECRET', file: 'app-secret', value: secrets.appSecret, same: (mine: string) => mine === secrets.appSecret },
    {
      setting: 'DATA_ENCRYPTION_KEY',
      file: 'data-encryption-key',
      value: secrets.dataEncryptionKey,
      same: (mine: string) => fingerprint(parseEncryptionKey(mine)) === fingerprint(parseEncryptionKey(secrets.dataEncryptionKey)),
    },
  ];
  for (const secret of kept) {
    const file = path.join(config.dataDir, secret.file);
    const mine = process.env[secret.setting] || (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
    if (mine === undefined && !config.databaseUrl) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, secret.value, { mode: 0o600 });
      continue;
    }
    if (mine === undefined || !secret.same(mine)) {
      throw new Error(`${secret.setting} differs from the backup set's: run the restore and the instances with the values in secrets.env`);
    }
  }
}

async function restore(args: string[]): Promise<void> {
  const folder = folderArgument(args, 'restore');
  const started = Date.now();
  const target = backupTarget();
  if (target.driver === 'pglite' && existsSync(target.dataDir)) throw new Error(`${target.dataDir} exists: restore into a new DATA_DIR`);
  adoptSecrets(await readBackupSecrets(folder));
  const result = await restoreBackup({ folder, database: target, storage: getStorage() });
  logger.info('restored', { folder, driver: target.driver, photos: result.photos, ms: Date.now() - started });
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { migrate, reencrypt, backup, restore };

export async function runCommand(name: string, args: string[] = []): Promise<number> {
  const command = COMMANDS[name];
  if (!command) {
    logger.error('unknown command', { command: name, known: Object.keys(COMMANDS) });
    return 2;
  }
  try {
    await command(args);
    return 0;
  } catch (error) {
    logger.error(`${name} failed`, errorFields(error));
    return 1;
  }
}
