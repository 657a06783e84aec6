import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, reportCategories, reports } from '../../db/schema';
import {
  addCategoryField,
  answersFromForm,
  checkAnswers,
  getReport,
  ledgerCsv,
  listCategoryFields,
  open311Definition,
  open311DefinitionXml,
  open311Requests,
  removeCategoryField,
  seedDemoCategoryFields,
  submitReport,
  toXml,
  transitionReport,
  type CategoryField,
} from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports } from './fixtures';
import { publicPoint } from '../../src/lib/server/reports/public-point';

const field = (over: Partial<CategoryField>): CategoryField => ({
  id: 1,
  categoryId: 1,
  code: 'x',
  kind: 'text',
  required: false,
  labelZh: '项',
  labelEn: 'Item',
  options: [],
  sortOrder: 0,
  ...over,
});
const context = { origin: 'https://wenming.example', locale: 'zh-CN' as const, t: (key: string) => key };

describe('checking answers to a category’s extra questions', () => {
  const fields = [
    field({ code: 'plate', kind: 'text' }),
    field({ code: 'count', kind: 'number' }),
    field({
      code: 'vehicle',
      kind: 'single',
      required: true,
      options: [
        { value: 'car', zh: '机动车', en: 'Car' },
        { value: 'ebike', zh: '电动车', en: 'E-bike' },
      ],
    }),
    field({
      code: 'seen',
      kind: 'multi',
      options: [
        { value: 'day', zh: '白天', en: 'Day' },
        { value: 'night', zh: '夜间', en: 'Night' },
      ],
    }),
    field({ code: 'blocks', kind: 'yesno' }),
  ];

  it('keeps typed values as their kinds, and leaves out what was not answered', () => {
    expect(checkAnswers(fields, { plate: ' 湘A12345 ', count: '3', vehicle: 'car', seen: ['day', 'night', 'day'], blocks: 'yes' })).toEqual({
      ok: true,
      answers: { plate: '湘A12345', count: 3, vehicle: 'car', seen: ['day', 'night'], blocks: true },
    });
    expect(checkAnswers(fields, { vehicle: 'ebike', plate: '', seen: [] })).toEqual({ ok: true, answers: { vehicle: 'ebike' } });
    expect(checkAnswers(fields, { vehicle: 'car', blocks: false, count: 2.5, seen: 'day,night' })).toMatchObject({
      ok: true,
      answers: { blocks: false, count: 2.5, seen: ['day', 'night'] },
    });
  });

  it('names each wrong answer: required, unknown, not a number, not an option, control characters', () => {
    const result = checkAnswers(fields, { count: '3 cars', seen: ['dusk'], blocks: 'maybe', plate: 'A\u0000B', colour: 'red' });
    expect(result).toMatchObject({
      ok: false,
      fields: {
        'attribute.vehicle': 'reports.fields.error.required',
        'attribute.count': 'reports.fields.error.number',
        'attribute.seen': 'reports.fields.error.multi',
        'attribute.blocks': 'reports.fields.error.yesno',
        'attribute.plate': 'reports.fields.error.text',
        'attribute.colour': 'reports.fields.error.unknown',
      },
    });
    expect(checkAnswers(fields, { vehicle: 'car', plate: 'x'.repeat(201) })).toMatchObject({ ok: false });
    expect(checkAnswers(fields, { vehicle: 'car', count: '1e400' })).toMatchObject({ ok: false });
  });

  it('reads Open311’s attribute[code] and the form’s per-category names, repeated for multiple choices', () => {
    const form = new FormData();
    form.append('attribute[plate]', '湘A1');
    form.append('attribute[seen][]', 'day');
    form.append('attribute[seen][]', 'night');
    form.append('attribute.parking[plate]', '湘B2');
    form.append('attribute.street-vending[shop_name]', '小吃');
    form.append('api_key', 'k');
    expect(answersFromForm(form)).toEqual({ plate: '湘A1', seen: ['day', 'night'] });
    expect(answersFromForm(form, 'parking')).toEqual({ plate: '湘B2' });
    expect(answersFromForm(form, 'street-vending')).toEqual({ shop_name: '小吃' });
  });

  it('lists them in a service definition with the specification’s datatypes, in JSON and well-formed XML', () => {
    const definition = open311Definition('parking', [...fields, field({ code: 'evil', labelZh: '<b>&"\u0001', labelEn: "'" })]);
    expect(definition.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['plate', 'string', false, 1],
      ['count', 'number', false, 2],
      ['vehicle', 'singlevaluelist', true, 3],
      ['seen', 'multivaluelist', false, 4],
      ['blocks', 'singlevaluelist', false, 5],
      ['evil', 'string', false, 6],
    ]);
    expect(definition.attributes[2]).toMatchObject({ variable: true, values: [{ key: 'car' }, { key: 'ebike' }] });
    expect(definition.attributes[4]!.values).toEqual([
      { key: 'yes', name: '是 Yes' },
      { key: 'no', name: '否 No' },
    ]);
    const xml = open311DefinitionXml(definition);
    expect(xml).toContain('<description>&lt;b&gt;&amp;&quot; / &apos;</description>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('writes XML that hostile text cannot break', () => {
    const xml = toXml('service_requests', 'request', [{ description: 'a</description><x>\u0000\u001b & <![CDATA[', media: ['a', 'b'], empty: null }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><description>a&lt;/description&gt;&lt;x&gt; &amp; &lt;![CDATA[</description><media>a</media><media>b</media><empty/></request></service_requests>',
    );
  });
});

describe(`extra questions on reports on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  let parking: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    let cell;
    ({ cell, cast, storage } = await prepareReports(database.db));
    point = (await pointInCell(database.db, cell))!;
    await seedDemoCategoryFields(database.db);
    parking = (await database.db.select({ id: reportCategories.id }).from(reportCategories).where(eq(reportCategories.code, 'parking')))[0]!.id;
  });
  afterAll(async () => database?.close());

  it('lets an admin add and remove a question, checking the definition, and audits both', async () => {
    const db = database.db;
    const bad = await addCategoryField(db, cast.admin, parking, {
      code: 'Bad Code',
      kind: 'single',
      required: false,
      labelZh: '',
      labelEn: 'x',
      options: [{ value: 'a', zh: 'A', en: 'A' }],
    });
    expect(bad).toMatchObject({ ok: false, fields: { code: 'reports.fields.error.code', labelZh: 'reports.fields.error.label', options: 'reports.fields.error.options' } });
    const taken = await addCategoryField(db, cast.admin, parking, { code: 'plate', kind: 'text', required: false, labelZh: '车牌', labelEn: 'Plate', options: [] });
    expect(taken).toMatchObject({ ok: false, code: 'conflict' });
    const added = await addCategoryField(db, cast.admin, parking, { code: 'colour', kind: 'text', required: false, labelZh: '颜色', labelEn: 'Colour', options: [] });
    if (!added.ok) throw new Error(JSON.stringify(added));
    expect((await listCategoryFields(db, parking)).map((f) => f.code)).toEqual(['plate', 'vehicle', 'blocks_exit', 'colour']);
    expect(await removeCategoryField(db, cast.admin, added.id)).toEqual({ ok: true });
    expect(await removeCategoryField(db, cast.admin, added.id)).toMatchObject({ ok: false, code: 'not_found' });
    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, String(parking)));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['report.category.field.add', 'report.category.field.remove']));
  });

  it('stores the answers with the report, refuses a report missing a required one, and shows them only to staff and in the ledger', async () => {
    const db = database.db;
    const input = { ...point, categoryCode: 'parking', description: '私家车停在人行道上', photos: [await photo()] };
    const missing = await submitReport(db, storage, { actor: cast.resident, source: 'web' }, { ...input, attributes: { plate: '湘A12345' } });
    expect(missing).toMatchObject({ ok: false, fields: { 'attribute.vehicle': 'reports.fields.error.required' } });
    const created = await submitReport(db, storage, { actor: cast.resident, source: 'web' }, { ...input, attributes: { plate: '湘A12345', vehicle: 'car', blocks_exit: 'yes' } });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const [row] = await db.select({ attributes: reports.attributes }).from(reports).where(eq(reports.id, created.report.id));
    expect(row!.attributes).toEqual({ plate: '湘A12345', vehicle: 'car', blocks_exit: true });
    expect((await getReport(db, cast.moderator, created.report.id))!.private!.attributes).toEqual(row!.attributes);
    expect((await getReport(db, cast.resident, created.report.id))!.private).toBeNull();
    let ledger = '';
    for await (const chunk of ledgerCsv(db, {})) ledger += chunk;
    expect(ledger).toContain('车牌号: 湘A12345; 车辆类型: 机动车; 是否堵住出入口或消防通道: 是');
  });

  it('reads back an Open311 request at once by id, withholding what moderation has not released, and filters by comma lists', async () => {
    const db = database.db;
    const filed = await submitReport(
      db,
      storage,
      { actor: null, source: 'open311', via: 'test' },
      { ...point, categoryCode: 'litter', description: '草地上很多垃圾，电话13912345678', photos: [] },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const [before] = await open311Requests(db, { ids: [filed.report.id] }, context);
    expect(before).toMatchObject({
      service_request_id: String(filed.report.id),
      status: 'open',
      status_notes: 'reports.status.submitted',
      description: '',
      lat: null,
      long: null,
      address: '',
      media_url: '',
    });
    expect(await open311Requests(db, {}, context)).toEqual([]);
    const [{ version }] = (await db.select({ version: reports.version }).from(reports).where(eq(reports.id, filed.report.id))) as [{ version: number }];
    const accepted = await transitionReport(db, storage, cast.moderator, filed.report.id, { to: 'accepted', version, note: '' });
    expect(accepted.ok).toBe(true);
    const [after] = await open311Requests(db, { ids: [filed.report.id] }, context);
    expect(after).toMatchObject({ status: 'open', description: '草地上很多垃圾，电话139****5678', lat: publicPoint(point).lat, long: publicPoint(point).lng });
    expect(after!.address).not.toBe('');
    expect((await open311Requests(db, { serviceCodes: ['parking', 'litter'], statuses: ['open', 'closed'] }, context)).map((r) => r.service_request_id)).toContain(
      String(filed.report.id),
    );
    expect(await open311Requests(db, { serviceCodes: ['parking'] }, context)).toEqual([]);
    expect(await open311Requests(db, { statuses: ['closed'] }, context)).toEqual([]);
  });
});
