import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import { auditLog, inspectionAnswers, readinessSites, reportPhotos, reports } from '../../db/schema';
import {
  currentTemplate,
  getSite,
  inspectionOfReport,
  saveTemplate,
  scoreAnswers,
  startRound,
  submitInspection,
  verifyRound,
  roundResults,
  type AnswerInput,
} from '../../src/lib/server/readiness';
import { addWorkingDays, loadCalendar } from '../../src/lib/server/calendar';
import { getReport, listQueue, routeCategory } from '../../src/lib/server/reports';
import { cityDay } from '../../src/lib/server/time';
import { testDriver } from '../support/db';
import { photo } from '../reports/fixtures';
import { createSite, readinessTestWorld } from './fixtures';

describe(`inspections on ${testDriver}`, () => {
  const world = readinessTestWorld();

  it('scores the weighted share passed, leaving not-applicable items out', () => {
    const items = [
      { id: 1, weight: 10 },
      { id: 2, weight: 30 },
      { id: 3, weight: 60 },
    ];
    expect(
      scoreAnswers(
        items,
        new Map([
          [1, 'pass'],
          [2, 'fail'],
          [3, 'pass'],
        ]),
      ).score,
    ).toBe(70);
    expect(
      scoreAnswers(
        items,
        new Map([
          [1, 'pass'],
          [2, 'fail'],
          [3, 'na'],
        ]),
      ).score,
    ).toBe(25);
    expect(
      scoreAnswers(
        items,
        new Map([
          [1, 'na'],
          [2, 'na'],
          [3, 'na'],
        ]),
      ).score,
    ).toBeNull();
  });

  it('files each failed item as a report assigned to the site’s unit with the category’s deadline, linked back', async () => {
    const { db, cast, storage, point, chengguan } = world;
    const site = await createSite(db, point, chengguan);
    const template = (await currentTemplate(db, 'main_road'))!;
    const [first, second, ...rest] = template.items;
    const answers: AnswerInput[] = [
      { itemId: first!.id, answer: 'fail', note: '公益广告破了', photos: [await photo('red')] },
      { itemId: second!.id, answer: 'fail', photos: [await photo('blue'), await photo('green')] },
      ...rest.map((item, i) => ({ itemId: item.id, answer: i === 0 ? ('na' as const) : ('pass' as const), photos: [] })),
    ];
    const result = await submitInspection(db, storage, cast.grid, { siteId: site.id, templateId: template.id, answers, clientKey: 'inspection-key-1' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const counted = template.items.filter((item) => item.id !== rest[0]!.id);
    const total = counted.reduce((sum, item) => sum + item.weight, 0);
    expect(result.inspection.score).toBe(Math.round((1000 * (total - first!.weight - second!.weight)) / total) / 10);
    expect(result.inspection.reportIds).toHaveLength(2);

    const filed = await db.select().from(reports).where(inArray(reports.id, result.inspection.reportIds));
    const calendar = await loadCalendar(db);
    for (const report of filed) {
      expect(report.status).toBe('assigned');
      expect(report.source).toBe('inspection');
      // The public sees it as any report; only staff see where it came from.
      expect((await getReport(db, null, report.id))?.private).toBeNull();
      expect(await inspectionOfReport(db, report.id)).toMatchObject({ inspectionId: result.inspection.id, siteId: site.id });
      expect(report.departmentId).toBe(chengguan);
      const routing = (await routeCategory(db, report.categoryId, report.districtId))!;
      expect(report.deadline).toBe(addWorkingDays(cityDay(), routing.deadlineDays, calendar));
    }
    expect(await db.select().from(reportPhotos).where(inArray(reportPhotos.reportId, result.inspection.reportIds))).toHaveLength(3);
    const links = await db.select().from(inspectionAnswers).where(eq(inspectionAnswers.inspectionId, result.inspection.id));
    expect(
      links
        .filter((link) => link.reportId !== null)
        .map((link) => link.itemId)
        .sort(),
    ).toEqual([first!.id, second!.id].sort());
    // The department's queue shows both, and the site its score.
    const queue = await listQueue(db, cast.otherStaff, 'department');
    expect(queue.map((row) => row.id)).toEqual(expect.arrayContaining(result.inspection.reportIds));
    const view = (await getSite(db, site.id))!;
    expect(view.lastScore).toBe(result.inspection.score);
    expect(view.failed.map((f) => f.reportStatus)).toEqual(['assigned', 'assigned']);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'readiness.inspect'));
    expect(audit?.targetId).toBe(String(result.inspection.id));
  });

  it('saves a retried submission once', async () => {
    const { db, cast, storage, point, chengguan } = world;
    const site = await createSite(db, point, chengguan, 'park');
    const template = (await currentTemplate(db, 'park'))!;
    const answers: AnswerInput[] = template.items.map((item, i) => ({ itemId: item.id, answer: i === 0 ? 'fail' : 'pass', photos: i === 0 ? [photo] : [] })) as never;
    for (const a of answers) a.photos = a.answer === 'fail' ? [await photo('yellow')] : [];
    const input = { siteId: site.id, templateId: template.id, answers, clientKey: 'retry-key-123' };
    const [a, b] = await Promise.all([submitInspection(db, storage, cast.grid, input), submitInspection(db, storage, cast.grid, input)]);
    const c = await submitInspection(db, storage, cast.grid, input);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(new Set([a.inspection.id, b.inspection.id, c.inspection.id]).size).toBe(1);
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    expect(c.inspection.reportIds).toHaveLength(1);
  });

  it('refuses a fail without a photo, an unanswered item, and people who do not inspect', async () => {
    const { db, cast, storage, point, chengguan } = world;
    const site = await createSite(db, point, chengguan, 'park');
    const template = (await currentTemplate(db, 'park'))!;
    const answers: AnswerInput[] = template.items.map((item) => ({ itemId: item.id, answer: 'pass', photos: [] }));
    answers[0] = { ...answers[0]!, answer: 'fail' };
    answers[1] = { ...answers[1]!, answer: '' };
    const result = await submitInspection(db, storage, cast.moderator, { siteId: site.id, templateId: template.id, answers, clientKey: 'invalid-key-1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual({ [`item-${template.items[0]!.id}`]: 'readiness.error.photoRequired', [`item-${template.items[1]!.id}`]: 'readiness.error.answer' });
    // Who inspects is asked at the boundary (authorize), before the command.
    expect(can(cast.staff, 'readiness.inspect')).toBe(false);
  });

  it('keeps the old version with its inspections when an admin edits a template', async () => {
    const { db, cast, storage, point, chengguan } = world;
    const before = (await currentTemplate(db, 'library'))!;
    const saved = await saveTemplate(db, cast.admin, 'library', [...before.items, { textZh: '借阅区安静有序', textEn: 'Reading rooms quiet', weight: 5, categoryCode: 'other' }]);
    expect(saved.ok).toBe(true);
    const after = (await currentTemplate(db, 'library'))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.items).toHaveLength(before.items.length + 1);
    const site = await createSite(db, point, chengguan, 'library');
    // A form opened before the edit still submits against the version it showed.
    const result = await submitInspection(db, storage, cast.grid, {
      siteId: site.id,
      templateId: before.id,
      answers: before.items.map((item) => ({ itemId: item.id, answer: 'pass', photos: [] })),
      clientKey: 'old-version-1',
    });
    expect(result.ok && result.inspection.score).toBe(100);
    expect(can(cast.moderator, 'readiness.configure')).toBe(false);
  });

  it('records a mock round’s draw so that it verifies, and rolls up its inspections', async () => {
    const { db, cast } = world;
    const started = await startRound(db, cast.moderator, { seed: 77 });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(await verifyRound(db, started.round.id)).toBe(true);
    const results = await roundResults(db, started.round.id);
    expect(results.city.drawn).toBeGreaterThan(0);
    expect(results.city.inspected).toBe(0);
    const [site] = await db.select().from(readinessSites).limit(1);
    expect(site).toBeDefined();
    expect(can(cast.staff, 'readiness.draw')).toBe(false);
  });
});
