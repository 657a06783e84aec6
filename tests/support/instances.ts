/**
 * Helpers for the operations tests (tests/runtime): an empty PostgreSQL database of their own, the
 * build's operator commands (`node dist/server/entry.mjs <command>`) run as child processes, and
 * the few HTTP calls they make as a resident or a volunteer of the demo data.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import sharp from 'sharp';
import { ROOT } from '../browser/support/server';
import { adminUrl, databaseUrl } from './db';

export interface EmptyDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server (instances migrate it at start). */
export async function emptyDatabase(prefix = 'wenming_ops'): Promise<EmptyDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Secrets as an operator would generate them for PostgreSQL instances. */
export function newSecrets() {
  return { APP_SECRET: randomBytes(32).toString('base64url'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
}

/**
 * Runs `node dist/server/entry.mjs <args>` with the environment as startServer builds it (no
 * DATABASE_URL unless given). Asynchronous, so that servers in this process (s3rver) keep answering.
 */
export function runBuildCommand(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const merged: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'info', ...env };
  const clean = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server', 'entry.mjs'), ...args], { cwd: ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Logs a demo account in through the JSON API; returns the session cookie. */
export async function logIn(base: string, login: string): Promise<string> {
  const response = await fetch(new URL('/api/v1/session', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'wenming2026' }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`log-in as ${login} answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('session='))!
    .split(';')[0]!;
}

/** Files a report with one photo through the API (confirming past nearby duplicates). */
export async function submitReport(base: string, cookie: string, description = '消防通道被堵') {
  const form = new FormData();
  form.set('confirm', '1');
  form.set('lat', '28.2');
  form.set('lng', '113.0');
  form.set('category', 'fire-lane');
  form.set('description', description);
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: 'red' } })
    .jpeg()
    .toBuffer();
  form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
  const response = await fetch(new URL('/api/v1/reports', base), { method: 'POST', headers: { cookie, 'idempotency-key': `k-${randomBytes(8).toString('hex')}` }, body: form });
  const body = (await response.json()) as { report?: { id: number; photos: { url: string }[] } };
  return { status: response.status, report: body.report! };
}

/** The volunteer's own ID number in full (the personal-data download, with their password). */
export async function revealOwnIdNumber(base: string, cookie: string): Promise<{ status: number; idNumber?: string }> {
  const response = await fetch(new URL('/account/data.json', base), {
    method: 'POST',
    headers: { cookie },
    body: new URLSearchParams({ password: 'wenming2026' }),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, idNumber: /"idNumber":\s*"([^"]+)"/.exec(text)?.[1] };
}

/** The bytes of a URL, or its status when not 200. */
export async function download(base: string, target: string): Promise<Buffer | number> {
  const response = await fetch(new URL(target, base));
  const bytes = Buffer.from(await response.arrayBuffer());
  return response.status === 200 ? bytes : response.status;
}
