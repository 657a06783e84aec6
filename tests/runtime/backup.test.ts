/**
 * `npm run backup` and `npm run restore` (the build's backup/restore commands) round-trip a portal:
 * a backup set of a running PostgreSQL instance with photos in S3 (s3rver), and of a stopped
 * embedded one with photos on disk; the originals wiped; the set restored into a fresh database and
 * an empty store; an instance on it serves the same data: the session still valid, the ID number
 * decrypted, the photo's bytes the same.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { startServer, type RunningServer } from '../browser/support/server';
import { download, emptyDatabase, logIn, newSecrets, revealOwnIdNumber, runBuildCommand, submitReport } from '../support/instances';
import { startTestS3, type TestS3 } from '../support/s3';

function s3Env(s3: TestS3) {
  return { STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
}

/** What the test checks after the restore: written before the backup through the running instance. */
interface Written {
  cookie: string;
  reportId: number;
  photoUrl: string;
  photo: Buffer;
  idNumber: string;
}

async function writeSomething(server: RunningServer): Promise<Written> {
  const cookie = await logIn(server.url, 'resident');
  const { status, report } = await submitReport(server.url, cookie, '备份前提交的举报');
  expect(status).toBe(201);
  const photo = await download(server.url, report.photos[0]!.url);
  expect(photo).toBeInstanceOf(Buffer);
  const revealed = await revealOwnIdNumber(server.url, await logIn(server.url, 'volunteer'));
  expect(revealed.idNumber).toMatch(/^\d{17}[\dX]$/);
  return { cookie, reportId: report.id, photoUrl: report.photos[0]!.url, photo: photo as Buffer, idNumber: revealed.idNumber! };
}

async function expectServed(server: RunningServer, written: Written) {
  // The session made before the backup is still valid.
  const me = await fetch(new URL('/api/v1/me', server.url), { headers: { cookie: written.cookie } });
  expect(me.status).toBe(200);
  expect(JSON.stringify(await me.json())).toContain('resident');
  const report = await fetch(new URL(`/api/v1/reports/${written.reportId}`, server.url), { headers: { cookie: written.cookie } });
  expect(report.status).toBe(200);
  expect(JSON.stringify(await report.json())).toContain('备份前提交的举报');
  expect(await download(server.url, written.photoUrl)).toEqual(written.photo);
  expect((await revealOwnIdNumber(server.url, await logIn(server.url, 'volunteer'))).idNumber).toBe(written.idNumber);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((entry) => statSync(path.join(folder, entry)).isFile());
}

beforeAll(async () => {
  await buildIfStale({ quiet: true, log: () => {} });
}, 240_000);

describe('a backup set of PostgreSQL and an S3 bucket', () => {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'wenming-backup-')), 'set');
  const secrets = newSecrets();
  const cleanup: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('restores into a fresh database and an empty bucket, and an instance serves it', async () => {
    const original = await emptyDatabase('wenming_backup');
    cleanup.push(() => original.drop());
    const originalS3 = await startTestS3();
    cleanup.push(() => originalS3.close());
    const common = { PUBLIC_ORIGIN: 'https://wenming.test', DEMO_MODE: 'true', SHUTDOWN_DELAY_MS: '0', ...secrets };
    const before = await startServer({ env: { ...common, DATABASE_URL: original.url, ...s3Env(originalS3) } });
    cleanup.push(() => before.stop('SIGKILL'));
    const written = await writeSomething(before);

    // Taken while the instance runs.
    const backup = await runBuildCommand(['backup', folder], { ...common, DATABASE_URL: original.url, ...s3Env(originalS3) });
    expect(backup.code, backup.output).toBe(0);
    const files = filesUnder(folder);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'database.dump', 'secrets.env']));
    expect(files.filter((file) => file.startsWith('photos/private/')).length).toBeGreaterThan(0);
    expect(statSync(path.join(folder, 'secrets.env')).mode & 0o077).toBe(0);
    expect((await before.stop('SIGTERM')).code).toBe(0);

    // The disaster: database and bucket gone.
    await original.drop();
    await originalS3.close();

    const fresh = await emptyDatabase('wenming_restored');
    cleanup.push(() => fresh.drop());
    const freshS3 = await startTestS3();
    cleanup.push(() => freshS3.close());
    const target = { ...common, DATABASE_URL: fresh.url, ...s3Env(freshS3) };
    const restore = await runBuildCommand(['restore', folder], target);
    expect(restore.code, restore.output).toBe(0);
    // Into a database that is no longer empty, a second restore refuses.
    const twice = await runBuildCommand(['restore', folder], target);
    expect(twice.code).toBe(1);
    expect(twice.output).toContain('restore into a new, empty database');
    // With other secrets, it refuses before touching anything.
    const wrong = await runBuildCommand(['restore', folder], { ...target, ...newSecrets() });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain("differs from the backup set's");

    const after = await startServer({ env: target });
    cleanup.push(() => after.stop('SIGKILL'));
    await expectServed(after, written);
    expect((await after.stop('SIGTERM')).code).toBe(0);
  }, 480_000);
});

describe('a backup set of the embedded database and its photo folder', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wenming-backup-pglite-'));
  const folder = path.join(root, 'set');
  const servers: RunningServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('restores into a new DATA_DIR (generated secrets included), and an instance serves it', async () => {
    const originalDir = path.join(root, 'data');
    const before = await startServer({ dataDir: originalDir });
    servers.push(before);
    const written = await writeSomething(before);
    // The embedded database belongs to one process: the backup is taken with the instance stopped.
    const refused = await runBuildCommand(['backup', folder], { DATA_DIR: originalDir });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`an instance (process ${before.pid}) has the embedded database`);
    expect(existsSync(folder)).toBe(false);
    expect((await before.stop('SIGTERM')).code).toBe(0);
    const backup = await runBuildCommand(['backup', folder], { DATA_DIR: originalDir });
    expect(backup.code, backup.output).toBe(0);
    expect(filesUnder(folder)).toEqual(expect.arrayContaining(['manifest.json', 'pglite.tar.gz', 'secrets.env']));

    rmSync(originalDir, { recursive: true, force: true });

    const restoredDir = path.join(root, 'restored');
    const restore = await runBuildCommand(['restore', folder], { DATA_DIR: restoredDir });
    expect(restore.code, restore.output).toBe(0);
    expect(existsSync(path.join(restoredDir, 'app-secret'))).toBe(true);
    const again = await runBuildCommand(['restore', folder], { DATA_DIR: restoredDir });
    expect(again.code).toBe(1);
    expect(again.output).toContain('restore into a new DATA_DIR');

    const after = await startServer({ dataDir: restoredDir });
    servers.push(after);
    await expectServed(after, written);
    expect((await after.stop('SIGTERM')).code).toBe(0);
  }, 480_000);
});
