import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import { auditLog, readinessSites } from '../../db/schema';
import { importSites, parseCsv } from '../../src/lib/server/readiness';
import { createTestDatabase, testDriver } from '../support/db';
import type { Cast } from '../reports/fixtures';
import { prepareReadiness } from './fixtures';

describe(`importing sites from CSV on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let point: { lat: number; lng: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cast, point } = await prepareReadiness(database.db));
  });
  afterAll(async () => database?.close());

  it('parses quoted fields with commas, quotes and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });

  it('rejects the whole file naming each bad row by its line, and writes nothing', async () => {
    const csv = [
      'code,type,name,lat,lng,department',
      `S-1,主次干道,解放路,${point.lat},${point.lng},chengguan`,
      `S-2,飞机场,机场,${point.lat},${point.lng},chengguan`,
      `S-3,park,公园,abc,${point.lng},parks`,
      `S-1,park,重复,${point.lat},${point.lng},parks`,
      `S-4,park,城外,10,10,parks`,
      `S-5,park,无单位,${point.lat},${point.lng},nobody`,
    ].join('\n');
    const result = await importSites(database.db, cast.admin, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors?.map((e) => [e.line, e.key])).toEqual([
      [3, 'readiness.import.error.type'],
      [4, 'readiness.import.error.point'],
      [5, 'readiness.import.error.duplicate'],
      [6, 'readiness.import.error.outside'],
      [7, 'readiness.import.error.department'],
    ]);
    expect(await database.db.select().from(readinessSites)).toHaveLength(0);
  });

  it('imports good rows in one go, updates them by code on a second import, and audits it', async () => {
    const csv = `code,type,name,lat,lng,department\nS-1,主次干道,解放路,${point.lat},${point.lng},chengguan\nS-2,公共厕所,"五一路公厕, 北",${point.lat},${point.lng},环卫处\n`;
    expect(await importSites(database.db, cast.admin, csv)).toEqual({ ok: true, inserted: 2, updated: 0 });
    expect(await importSites(database.db, cast.admin, csv.replace('解放路', '解放西路'))).toEqual({ ok: true, inserted: 0, updated: 2 });
    const [site] = await database.db.select().from(readinessSites).where(eq(readinessSites.code, 'S-1'));
    expect(site?.name).toBe('解放西路');
    expect(site?.gridId).not.toBeNull();
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'readiness.import'))).toHaveLength(2);
    expect(can(cast.moderator, 'readiness.configure')).toBe(false);
  });
});
