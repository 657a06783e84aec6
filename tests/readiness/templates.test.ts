/** Editing a checklist: the editor's rows become a new version; inspections begun on the old one keep it. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import { auditLog, inspectionAnswers, inspections } from '../../db/schema';
import { currentTemplate, getTemplate, rowsToItems, saveTemplate, submitInspection, type TemplateRow } from '../../src/lib/server/readiness';
import { testDriver } from '../support/db';
import { createSite, readinessTestWorld } from './fixtures';

describe(`checklist templates on ${testDriver}`, () => {
  const world = readinessTestWorld();

  it('turns the editor’s rows into items: removed and blank rows dropped, ordered by their numbers', () => {
    const row = (n: number, text: string, position: number, remove = false): TemplateRow => ({
      row: n,
      textZh: text,
      textEn: '',
      weight: 10,
      categoryCode: 'other',
      position,
      remove,
    });
    const { items, rowOf } = rowsToItems([row(0, '甲', 3), row(1, '乙', 1, true), row(2, '丙', 1), row(3, '', 4), row(4, '丁', 3)]);
    expect(items.map((item) => item.textZh)).toEqual(['丙', '甲', '丁']);
    expect(rowOf).toEqual([2, 0, 4]);
  });

  it('applies a change to new inspections only: one begun on the old version is saved against it', async () => {
    const { db, cast, storage, point, chengguan } = world;
    const site = await createSite(db, point, chengguan, 'library');
    const before = (await currentTemplate(db, 'library'))!;
    // The inspector opens the form (old version), then an admin removes the first item and adds one.
    const edited = [
      ...before.items.slice(1).map(({ textZh, textEn, weight, categoryCode }) => ({ textZh, textEn, weight, categoryCode })),
      { textZh: '设有母婴室', textEn: 'Baby-care room', weight: 20, categoryCode: 'facilities' },
    ];
    const saved = await saveTemplate(db, cast.admin, 'library', edited);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.template.version).toBe(before.version + 1);
    const after = (await currentTemplate(db, 'library'))!;
    expect(after.id).toBe(saved.template.id);
    expect(after.items.map((item) => item.textZh)).toEqual(edited.map((item) => item.textZh));
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'readiness.template'));
    expect(audit?.targetId).toBe(String(saved.template.id));

    const pass = (template: typeof before) => template.items.map((item) => ({ itemId: item.id, answer: 'pass' as const, photos: [] }));
    const old = await submitInspection(db, storage, cast.grid, { siteId: site.id, templateId: before.id, answers: pass(before), clientKey: 'template-old-1' });
    const fresh = await submitInspection(db, storage, cast.grid, { siteId: site.id, templateId: after.id, answers: pass(after), clientKey: 'template-new-1' });
    expect(old.ok && fresh.ok).toBe(true);
    if (!old.ok || !fresh.ok) return;
    const [oldRow] = await db.select().from(inspections).where(eq(inspections.id, old.inspection.id));
    expect(oldRow?.templateId).toBe(before.id);
    const oldAnswers = await db.select().from(inspectionAnswers).where(eq(inspectionAnswers.inspectionId, old.inspection.id));
    expect(oldAnswers.map((a) => a.itemId).sort()).toEqual(before.items.map((item) => item.id).sort());
    // The old version is still there, unchanged, for the inspections that used it.
    expect((await getTemplate(db, before.id))?.items).toEqual(before.items);
  });

  it('refuses a checklist edit from anyone but an admin, and an item without text', async () => {
    const { db, cast } = world;
    expect(can(cast.moderator, 'readiness.configure')).toBe(false);
    const bad = await saveTemplate(db, cast.admin, 'park', [
      { textZh: '甲', textEn: '', weight: 5, categoryCode: 'other' },
      { textZh: ' ', textEn: 'x', weight: 5, categoryCode: 'other' },
    ]);
    expect(bad.ok ? null : bad.fields).toEqual({ item1: 'readiness.error.itemText' });
  });
});
