import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { loggingSender, setNotificationSender, type Notice } from '../../src/lib/server/notifications';
import { getReport, submitReport, transitionReport } from '../../src/lib/server/reports';
import { reportJson } from '../../src/lib/server/reports/http';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, prepareReports } from './fixtures';

describe(`telling hotline callers on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  const texts: { phone: string; notice: Notice }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage } = prepared);
    const { cell } = prepared;
    const { resolvePoint } = await import('../../src/lib/server/city');
    for (let i = 1; i < 10 && !point; i++) {
      const candidate = { lat: cell.minLat + ((cell.maxLat - cell.minLat) * i) / 10, lng: cell.minLng + ((cell.maxLng - cell.minLng) * i) / 10 };
      if (await resolvePoint(database.db, candidate)) point = candidate;
    }
    setNotificationSender({ send: async () => {}, sendToPhone: async (phone, notice) => void texts.push({ phone, notice }) });
  });
  afterEach(() => void (texts.length = 0));
  afterAll(async () => {
    setNotificationSender(loggingSender);
    await database?.close();
  });

  it('sends each change of a hotline report to the caller’s phone through the sender, and never shows the phone publicly', async () => {
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.moderator, source: 'hotline', caller: { name: '李女士', phone: '13912345678' } },
      { ...point, categoryCode: 'litter', description: '楼下垃圾堆了三天没人清理', photos: [] },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const id = filed.report.id;
    const accepted = await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: 1 });
    expect(accepted.ok).toBe(true);
    expect(texts).toEqual([{ phone: '13912345678', notice: expect.objectContaining({ messageKey: 'reports.notice.caller.accepted', params: expect.objectContaining({ id }) }) }]);
    const publicJson = JSON.stringify(reportJson((await getReport(database.db, null, id))!));
    expect(publicJson).not.toContain('13912345678');
    expect(publicJson).not.toContain('5678');
  });

  it('does not fail the change when the SMS gateway is down', async () => {
    setNotificationSender({ send: async () => {}, sendToPhone: async () => Promise.reject(new Error('gateway down')) });
    try {
      const filed = await submitReport(
        database.db,
        storage,
        { actor: cast.moderator, source: 'hotline', caller: { name: '张先生', phone: '13712345678' } },
        { ...point, categoryCode: 'spitting', description: '公交站台有人随地吐痰', photos: [] },
      );
      if (!filed.ok) throw new Error(JSON.stringify(filed));
      expect(await transitionReport(database.db, storage, cast.moderator, filed.report.id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });
    } finally {
      setNotificationSender({ send: async () => {}, sendToPhone: async (phone, notice) => void texts.push({ phone, notice }) });
    }
  });

  it('keeps the number masked in the demo log sender', async () => {
    const lines: unknown[] = [];
    const { logger } = await import('../../src/lib/server/log');
    const original = logger.info;
    logger.info = ((msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, ...fields })) as typeof logger.info;
    try {
      await loggingSender.sendToPhone('13912345678', { kind: 'report.status', messageKey: 'reports.notice.closed', params: { id: 1 } });
    } finally {
      logger.info = original;
    }
    expect(lines).toEqual([expect.objectContaining({ msg: 'notification', phone: '139****5678' })]);
  });
});
