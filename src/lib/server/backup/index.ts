/**
 * Backup sets: everything a portal needs to come back, in one folder written by `npm run backup --
 * <folder>` and read by `npm run restore -- <folder>` (src/server/commands.ts):
 *
 *   manifest.json     what the set holds (driver, migrations, photo count, when)
 *   database.dump     PostgreSQL: pg_dump's custom format (restored with pg_restore)
 *   pglite.tar.gz     the embedded database: PGlite's own dump of its data folder
 *   photos/<key>      every stored photo (public and private), from the local folder or the bucket
 *   secrets.env       APP_SECRET and DATA_ENCRYPTION_KEY (mode 0600): without them sessions, tokens
 *                     and the encrypted ID numbers of the dump are worthless; keep the set as secret
 *
 * PostgreSQL is dumped live (pg_dump reads one consistent snapshot); photos are copied after it, so
 * the set may hold a photo the dump does not mention, never the reverse (photos are written before
 * the rows that name them). The embedded database belongs to one process: stop the instance first.
 * A restore goes into an empty database (and empty PGlite folder), puts the photos back through the
 * configured storage, and refuses secrets that differ from the set's.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { CONTENT_TYPES, isValidKey, type Storage } from '../storage/keys';

export const BACKUP_FORMAT = 1;

export interface Manifest {
  format: number;
  createdAt: string;
  driver: 'postgres' | 'pglite';
  photos: number;
  /** sha256 of the database file, checked before a restore. */
  databaseSha256: string;
}

export interface Secrets {
  appSecret: string;
  /** As the setting is written (hex or base64). */
  dataEncryptionKey: string;
}

export type DatabaseTarget = { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string };

const DATABASE_FILE = { postgres: 'database.dump', pglite: 'pglite.tar.gz' } as const;

/** Runs a PostgreSQL client program; the password travels in the environment, never in the arguments. */
function runPgTool(program: string, args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env = { ...process.env, ...(password && { PGPASSWORD: password }) };
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args, `--dbname=${parsed.toString()}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) =>
      reject(new Error(`${program} could not run (${error.message}): install PostgreSQL's client programs of the server's version (Debian: apt-get install postgresql-client)`)),
    );
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}: ${stderr.trim().slice(-2000)}`))));
  });
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

function secretsFile(secrets: Secrets): string {
  return `# The secrets of this backup set: start the restored instances with them.\nAPP_SECRET=${secrets.appSecret}\nDATA_ENCRYPTION_KEY=${secrets.dataEncryptionKey}\n`;
}

export function parseSecretsFile(text: string): Secrets {
  const values = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
  );
  if (!values.APP_SECRET || !values.DATA_ENCRYPTION_KEY) throw new Error('secrets.env lacks APP_SECRET or DATA_ENCRYPTION_KEY');
  return { appSecret: values.APP_SECRET, dataEncryptionKey: values.DATA_ENCRYPTION_KEY };
}

/** Writes a backup set into `folder` (created; it must be empty or new). */
export async function writeBackup(options: { folder: string; database: DatabaseTarget; storage: Storage; secrets: Secrets; now?: Date }): Promise<Manifest> {
  const { folder, database, storage } = options;
  if (existsSync(folder) && readdirSync(folder).length > 0) throw new Error(`${folder} is not empty: give a new folder for each backup set`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const databaseFile = path.join(folder, DATABASE_FILE[database.driver]);
  if (database.driver === 'postgres') {
    await runPgTool('pg_dump', ['--format=custom', '--compress=6', `--file=${databaseFile}`], database.url);
  } else {
    if (!existsSync(path.join(database.dataDir, 'PG_VERSION'))) throw new Error(`no embedded database in ${database.dataDir}`);
    // Opening the folder fails while an instance has it open in another process: stop it first.
    const client = new PGlite(database.dataDir);
    try {
      await client.waitReady;
      const tarball = await client.dumpDataDir('gzip');
      await writeFile(databaseFile, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await client.close();
    }
  }
  let photos = 0;
  for await (const key of storage.keys()) {
    const file = await storage.get(key);
    if (!file) continue; // deleted since it was listed
    const target = path.join(folder, 'photos', key);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.data);
    photos++;
  }
  const secrets = path.join(folder, 'secrets.env');
  await writeFile(secrets, secretsFile(options.secrets), { mode: 0o600 });
  await chmod(secrets, 0o600);
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    createdAt: (options.now ?? new Date()).toISOString(),
    driver: database.driver,
    photos,
    databaseSha256: await sha256(databaseFile),
  };
  await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export async function readManifest(folder: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`backup format ${manifest.format} is not the ${BACKUP_FORMAT} this version reads`);
  return manifest;
}

export async function readBackupSecrets(folder: string): Promise<Secrets> {
  return parseSecretsFile(await readFile(path.join(folder, 'secrets.env'), 'utf8'));
}

/** Tables in the target database other than PostgreSQL's own: a restore goes into an empty one only. */
async function userTables(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
    return row?.n ?? 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function* photoKeys(root: string): AsyncGenerator<string> {
  if (!existsSync(root)) return;
  for (const entry of (await readdir(root, { recursive: true })).sort()) {
    const key = entry.split(path.sep).join('/');
    if (isValidKey(key)) yield key;
  }
}

/**
 * Restores a set: the database into `database` (an empty PostgreSQL database, or a PGlite folder
 * that does not exist yet), then every photo through `storage`. The caller checks the secrets.
 */
export async function restoreBackup(options: { folder: string; database: DatabaseTarget; storage: Storage }): Promise<{ photos: number }> {
  const { folder, database, storage } = options;
  const manifest = await readManifest(folder);
  if (manifest.driver !== database.driver) {
    throw new Error(`this set holds a ${manifest.driver} database; the settings point at ${database.driver} (${database.driver === 'postgres' ? 'unset' : 'set'} DATABASE_URL)`);
  }
  const databaseFile = path.join(folder, DATABASE_FILE[manifest.driver]);
  if ((await sha256(databaseFile)) !== manifest.databaseSha256) throw new Error(`${databaseFile} does not match its checksum in manifest.json: the set is damaged`);
  if (database.driver === 'postgres') {
    const tables = await userTables(database.url);
    if (tables > 0) throw new Error(`the target database has ${tables} tables: restore into a new, empty database (createdb)`);
    // --no-owner: the objects belong to the role restoring (the schema's owner, MIGRATE_DATABASE_URL).
    await runPgTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', databaseFile], database.url);
  } else {
    if (existsSync(database.dataDir) && readdirSync(database.dataDir).length > 0) {
      throw new Error(`${database.dataDir} is not empty: restore into a new DATA_DIR (or move the old database away)`);
    }
    await mkdir(database.dataDir, { recursive: true });
    const client = new PGlite(database.dataDir, { loadDataDir: new Blob([await readFile(databaseFile)], { type: 'application/gzip' }) });
    try {
      await client.waitReady;
      await client.query('select 1');
    } finally {
      await client.close();
    }
  }
  let photos = 0;
  const root = path.join(folder, 'photos');
  for await (const key of photoKeys(root)) {
    await storage.put(key, await readFile(path.join(root, key)), CONTENT_TYPES[key.split('.').pop()!]!);
    photos++;
  }
  if (photos !== manifest.photos) throw new Error(`restored ${photos} photos of the ${manifest.photos} the manifest lists: the set is damaged`);
  return { photos };
}
