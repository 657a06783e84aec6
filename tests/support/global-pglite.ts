/**
 * Vitest global setup for the PGlite project: creating a PGlite (initdb) and migrating costs seconds
 * per test file, so it is done once and the data folder dumped to a tarball, which each test file's
 * createTestDatabase() loads instead (see tests/support/db.ts). The tarball is kept between runs
 * under node_modules/.cache, keyed by the migrations and the PGlite version.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrateDatabase, MIGRATIONS_DIR, schema } from '../../db/client';

const CACHE_DIR = path.resolve('node_modules', '.cache', 'wenming');

/** Hash of every migration file (SQL and journal) and of the PGlite build that reads the dump. */
function snapshotKey(): string {
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) visit(file);
      else hash.update(path.relative(MIGRATIONS_DIR, file)).update(readFileSync(file));
    }
  };
  visit(MIGRATIONS_DIR);
  hash.update(JSON.parse(readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  return hash.digest('hex').slice(0, 16);
}

async function createSnapshot(file: string): Promise<void> {
  const client = new PGlite();
  await client.waitReady;
  try {
    // The production migration path, on a client we can dump afterwards.
    await migrateDatabase({ db: drizzle({ client, schema }), kind: 'pglite', close: () => client.close() });
    // Uncompressed: larger on disk, but loading it is twice as fast as the gzip one.
    const tarball = await client.dumpDataDir('none');
    // Written aside and renamed, so a concurrent run never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await client.close();
  }
}

export default async function setup() {
  mkdirSync(CACHE_DIR, { recursive: true });
  const name = `pglite-${snapshotKey()}.tar`;
  const file = path.join(CACHE_DIR, name);
  try {
    statSync(file);
  } catch {
    await createSnapshot(file);
    // Snapshots of older migrations are of no further use.
    for (const entry of readdirSync(CACHE_DIR)) {
      if (entry.startsWith('pglite-') && entry.endsWith('.tar') && entry !== name) rmSync(path.join(CACHE_DIR, entry), { force: true });
    }
  }
  process.env.WENMING_PGLITE_SNAPSHOT = file;
}
