/**
 * Vitest global setup for the PGlite project: creating a PGlite (initdb) and migrating costs seconds
 * per test file, so it is done once per run and the data folder dumped to a tarball, which each
 * test file's createTestDatabase() loads instead (see tests/support/db.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrateDatabase, schema } from '../../db/client';

export default async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenming-pglite-'));
  const file = path.join(dir, 'migrated.tar');
  const client = new PGlite();
  await client.waitReady;
  try {
    // The production migration path, on a client we can dump afterwards.
    await migrateDatabase({ db: drizzle({ client, schema }), kind: 'pglite', close: () => client.close() });
    // Uncompressed: a few MB more on disk, but loading it is twice as fast as the gzip one.
    const tarball = await client.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await client.close();
  }
  process.env.WENMING_PGLITE_SNAPSHOT = file;

  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
