/**
 * A worker process killed with SIGKILL while it holds a claimed job: the job is not lost (its row
 * stays running under the dead worker's lease) and, once the lease has run out, another worker runs
 * it to the end exactly once; the SMS reaches the provider's stand-in once. On PostgreSQL the other
 * worker is another instance on the same database; on PGlite it is the restarted instance reopening
 * the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { jobs, outboxMessages } from '../../db/schema';
import { config } from '../../src/lib/server/config';
import { LEASE_MS, runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import { queueMessage } from '../../src/lib/server/messages/outbox';
import { tencentSmsSender } from '../../src/lib/server/messages/tencent-sms';
import { createTestDatabase, testDriver } from '../support/db';
import { STANDIN_CREDENTIALS, startSmsStandIn, type SmsStandIn } from '../support/sms-standin';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe(`a worker killed mid-job on ${testDriver}`, () => {
  let database: Database | undefined;
  let dataDir: string | undefined;
  let sms: SmsStandIn;
  let child: ChildProcess | undefined;
  // 10:00 China time: outside quiet hours.
  const t0 = new Date('2026-12-04T02:00:00Z');
  let now = t0;

  beforeAll(async () => {
    sms = await startSmsStandIn(() => now);
    config.smsTemplates['report.status'] = '200001';
    if (testDriver === 'postgres') database = await createTestDatabase();
    else {
      // A PGlite data folder on disk, which the worker process opens after this one closes it.
      dataDir = mkdtempSync(path.join(tmpdir(), 'wenming-killed-'));
      database = await openDatabase({ dataDir });
      await migrateDatabase(database);
    }
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    setChannelSender('sms', undefined);
    await sms?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the worker process and resolves when it is inside the SMS sender, holding its claim. */
  function startDoomedWorker(): Promise<ChildProcess> {
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/doomed-worker.ts')], {
      cwd: ROOT,
      env: { ...process.env, WORKER_NOW: t0.toISOString(), ...(database?.url ? { WORKER_DATABASE_URL: database.url } : { WORKER_DATA_DIR: dataDir }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`the worker never started delivering:\n${out}\n${err}`)), 60_000);
      worker.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/delivering \d+/.test(out)) {
          clearTimeout(timer);
          resolve(worker);
        }
      });
      worker.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      worker.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the worker exited (${code}) before delivering:\n${out}\n${err}`));
      });
    });
  }

  it('loses no job and sends no duplicate: after the lease another worker delivers it once', async () => {
    const messageId = await queueMessage(
      database!.db,
      { channel: 'sms', recipient: '13900000055', kind: 'report.status', body: '您上报的问题 #1 已受理', template: '200001', templateParams: ['1', 'accepted'] },
      t0,
    );
    expect(messageId).not.toBeNull();
    if (dataDir) {
      await database!.close();
      database = undefined;
    }

    child = await startDoomedWorker();
    const exited = new Promise((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    child = undefined;

    if (dataDir) database = await openDatabase({ dataDir });
    const db = database!.db;
    const [held] = await db.select().from(jobs).where(eq(jobs.name, 'messages.deliver'));
    expect(held).toMatchObject({ status: 'running', attempts: 1 });
    expect(held!.lockedBy).toMatch(/^doomed:/);

    setChannelSender(
      'sms',
      tencentSmsSender({ ...STANDIN_CREDENTIALS, region: 'ap-guangzhou', endpoint: sms.endpoint }, () => now),
    );
    // While the dead worker's lease holds, nobody takes the job.
    now = new Date(t0.getTime() + LEASE_MS - 10_000);
    expect(await runDueJobs(db, { workerId: 'survivor', now })).toBe(0);
    expect(sms.messages).toHaveLength(0);
    // Once it has run out, the survivor runs it to the end, and again finds nothing to do.
    now = new Date(t0.getTime() + LEASE_MS + 10_000);
    expect(await runDueJobs(db, { workerId: 'survivor', now })).toBe(1);
    expect(await runDueJobs(db, { workerId: 'survivor', now: new Date(now.getTime() + 3_600_000) })).toBe(0);

    expect(sms.rejected).toEqual([]);
    expect(sms.messages).toEqual([expect.objectContaining({ phone: '+8613900000055', templateId: '200001', params: ['1', 'accepted'] })]);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, held!.id));
    expect(job).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
    const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, messageId!));
    expect(message).toMatchObject({ status: 'sent' });
  });
});
