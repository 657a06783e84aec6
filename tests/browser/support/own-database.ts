/**
 * A server of a test file's own, on a fresh PostgreSQL database with the demo data: for tests that
 * change what the run's shared server shows, or that need PostgreSQL itself.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { adminUrl, databaseUrl } from '../../support/db';
import { startServer, type RunningServer } from './server';

export interface OwnServer {
  server: RunningServer;
  /** The database's URL, for the test's own queries. */
  url: string;
  /** Stops the server and drops the database. */
  stop(): Promise<void>;
}

async function admin(statement: string): Promise<void> {
  const sql = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

/** `label` names the database (with the process and a random suffix); `env` is added to the demo server's. */
export async function startServerOnOwnDatabase(label: string, env: Record<string, string> = {}): Promise<OwnServer> {
  const name = `wenming_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(name);
  const drop = () => admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  try {
    const server = await startServer({
      env: { DATABASE_URL: url, APP_SECRET: randomBytes(32).toString('base64url'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), DEMO_MODE: 'true', ...env },
    });
    return {
      server,
      url,
      async stop() {
        await server.stop('SIGTERM');
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
