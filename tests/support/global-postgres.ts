/**
 * Vitest global setup for the PostgreSQL project: one migrated template database per run,
 * cloned by each test file and dropped, with every clone, when the run ends.
 */
import postgres from 'postgres';
import { migrateDatabase, openDatabase } from '../../db/client';
import { adminUrl, databaseUrl } from './db';

export default async function setup() {
  const template = `wenming_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${template}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`Cannot create a test database on ${adminUrl()}: ${(error as Error).message}. Is PostgreSQL running? (npm test starts it via scripts/pretest.mjs)`);
  }
  const database = await openDatabase({ url: databaseUrl(template), maxConnections: 1 });
  await migrateDatabase(database);
  await database.close();
  process.env.WENMING_TEST_TEMPLATE = template;

  return async () => {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${template + '%'}`;
    for (const row of rows) await admin.unsafe(`drop database if exists "${row.datname}" with (force)`);
    await admin.end();
  };
}
