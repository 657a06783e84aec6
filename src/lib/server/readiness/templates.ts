/**
 * Checklist templates: one per site type, versioned. Saving makes a new version (the old one stays
 * with the inspections that used it); the highest version is what new inspections get.
 */
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { checklistItems, checklistTemplates, reportCategories, SITE_TYPES, type SiteType } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';

export interface ItemInput {
  textZh: string;
  textEn: string;
  weight: number;
  categoryCode: string;
}

type Item = [zh: string, en: string, weight: number, category: string];

/** Items every site is checked for, in the evaluation's spirit. */
const COMMON: Item[] = [
  ['公益广告（讲文明树新风）设置规范、完好无破损', 'Public-service posters present and intact', 10, 'public-ads'],
  ['无乱扔垃圾、无垃圾堆积和卫生死角', 'No litter, piled rubbish or neglected corners', 15, 'litter'],
  ['无乱贴乱画和小广告', 'No illegal posters or graffiti', 10, 'flyposting'],
  ['生活垃圾分类收集容器设置规范', 'Waste-sorting bins in place', 8, 'facilities'],
];
const STREET: Item[] = [
  ['机动车、非机动车停放有序', 'Orderly parking of cars and bicycles', 12, 'parking'],
  ['盲道畅通，无占用', 'Tactile paving clear', 10, 'tactile-paving'],
  ['无占道经营、店外经营', 'No street vending on the way', 10, 'street-vending'],
  ['门前三包落实到位', 'Shop frontage duties kept', 8, 'frontage'],
];
const INDOOR: Item[] = [
  ['禁烟标识醒目，室内无人吸烟', 'No-smoking signs visible; no one smoking indoors', 12, 'smoking'],
  ['无障碍设施（坡道、扶手、卫生间）完好可用', 'Accessible facilities usable', 10, 'facilities'],
  ['志愿服务站点有人值守、标识清楚', 'Volunteer service point staffed and signed', 8, 'other'],
  ['消防通道畅通', 'Fire lanes clear', 8, 'fire-lane'],
];
const SPECIFIC: Partial<Record<SiteType, Item[]>> = {
  community: [
    ['社区宣传栏内容及时更新', 'Community notice board up to date', 6, 'public-ads'],
    ['无乱搭乱建、乱堆乱放', 'No illegal structures or things piled outside', 10, 'piling'],
  ],
  farmers_market: [
    ['摊位划行归市、秩序井然', 'Stalls in their rows, orderly', 10, 'market'],
    ['公平秤设置并可用', 'Fair-trade scale available', 6, 'market'],
  ],
  public_toilet: [
    ['厕所内外干净无异味', 'Toilet clean inside and out, no smell', 15, 'litter'],
    ['设施完好，有洗手液和纸', 'Fittings work; soap and paper supplied', 8, 'facilities'],
  ],
  restaurant: [
    ['后厨干净、生熟分开', 'Kitchen clean, raw and cooked kept apart', 12, 'market'],
    ['有"光盘行动"提示', '"Clean plate" reminders shown', 5, 'public-ads'],
  ],
  internet_cafe: [['未成年人禁入标识醒目、严格执行', 'No-minors sign shown and enforced', 12, 'other']],
  school: [['校园周边200米无网吧、游戏厅', 'No internet cafés or arcades within 200 m', 10, 'other']],
  construction_site: [
    ['围挡完好并有公益广告', 'Hoarding intact with public-service posters', 10, 'public-ads'],
    ['出入车辆冲洗、无扬尘', 'Vehicles washed at the gate, no dust', 10, 'other'],
  ],
};

export function defaultItems(type: SiteType): ItemInput[] {
  const street = ['main_road', 'back_street', 'shopping_street', 'square'].includes(type);
  const items = [...COMMON, ...(street ? STREET : INDOOR), ...(SPECIFIC[type] ?? [])];
  return items.map(([textZh, textEn, weight, categoryCode]) => ({ textZh, textEn, weight, categoryCode }));
}

export interface TemplateView {
  id: number;
  siteType: SiteType;
  version: number;
  items: { id: number; position: number; textZh: string; textEn: string; weight: number; categoryCode: string }[];
}

/** The template new inspections of this type use, or null before one exists. */
export async function currentTemplate(db: Db, type: SiteType): Promise<TemplateView | null> {
  const [template] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.siteType, type)).orderBy(desc(checklistTemplates.version)).limit(1);
  return template ? withItems(db, template) : null;
}

export async function getTemplate(db: Db, id: number): Promise<TemplateView | null> {
  const [template] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, id));
  return template ? withItems(db, template) : null;
}

async function withItems(db: Db, template: typeof checklistTemplates.$inferSelect): Promise<TemplateView> {
  const items = await db
    .select({
      id: checklistItems.id,
      position: checklistItems.position,
      textZh: checklistItems.textZh,
      textEn: checklistItems.textEn,
      weight: checklistItems.weight,
      categoryCode: checklistItems.categoryCode,
    })
    .from(checklistItems)
    .where(eq(checklistItems.templateId, template.id))
    .orderBy(asc(checklistItems.position));
  return { id: template.id, siteType: template.siteType, version: template.version, items };
}

export const ITEMS_MAX = 40;
/** Blank rows the editor offers for new items (more: save, then edit again). */
export const BLANK_ROWS = 3;

export interface TemplateRow extends ItemInput {
  /** The row's index on the form, so an error finds its row again. */
  row: number;
  position: number;
  remove: boolean;
}

/**
 * The editor's rows as saveTemplate's items: removed rows and blank new rows dropped, the rest in
 * the order of their position numbers (ties keep the form's order), so reordering needs no script.
 */
export function rowsToItems(rows: TemplateRow[]): { items: ItemInput[]; rowOf: number[] } {
  const kept = rows
    .filter((row) => !row.remove && (row.textZh.trim() || row.textEn.trim()))
    .sort((a, b) => (Number.isFinite(a.position) ? a.position : Infinity) - (Number.isFinite(b.position) ? b.position : Infinity) || a.row - b.row);
  return { items: kept.map(({ textZh, textEn, weight, categoryCode }) => ({ textZh, textEn, weight, categoryCode })), rowOf: kept.map((row) => row.row) };
}
export const ITEM_TEXT_MAX = 200;

/** Saves the items as the type's next version. Admins only; audited. */
export async function saveTemplate(
  db: Db,
  actor: Actor | null,
  type: SiteType,
  items: ItemInput[],
  requestId?: string | null,
): Promise<Result<{ template: { id: number; version: number } }, 'forbidden' | 'invalid'>> {
  if (!SITE_TYPES.includes(type)) return fail('invalid', 'form.invalid', { fields: { siteType: 'readiness.error.siteType' } });
  // Only the item's own fields: a caller may pass items read back from a template, ids and all.
  const cleaned = items.map((item) => ({ textZh: item.textZh.trim(), textEn: item.textEn.trim() || item.textZh.trim(), weight: item.weight, categoryCode: item.categoryCode }));
  const fields: Record<string, string> = {};
  if (cleaned.length === 0 || cleaned.length > ITEMS_MAX) fields.items = 'readiness.error.itemCount';
  const categories = new Set((await db.select({ code: reportCategories.code }).from(reportCategories).where(eq(reportCategories.active, true))).map((c) => c.code));
  cleaned.forEach((item, i) => {
    if (!item.textZh || item.textZh.length > ITEM_TEXT_MAX || item.textEn.length > ITEM_TEXT_MAX) fields[`item${i}`] = 'readiness.error.itemText';
    else if (!Number.isInteger(item.weight) || item.weight < 1 || item.weight > 100) fields[`item${i}`] = 'readiness.error.itemWeight';
    else if (!categories.has(item.categoryCode)) fields[`item${i}`] = 'readiness.error.itemCategory';
  });
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  const template = await db.transaction(async (tx) => {
    // The unique (type, version) index makes two admins saving at once fail rather than share a version.
    const [created] = await tx
      .insert(checklistTemplates)
      .values({
        siteType: type,
        version: sql`coalesce((select max(${checklistTemplates.version}) from ${checklistTemplates} where ${checklistTemplates.siteType} = ${type}), 0) + 1`,
        createdBy: actor?.id ?? null,
      })
      .returning({ id: checklistTemplates.id, version: checklistTemplates.version });
    await tx.insert(checklistItems).values(cleaned.map((item, position) => ({ ...item, templateId: created!.id, position })));
    if (actor) {
      await recordAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: 'readiness.template',
        targetType: 'checklist_template',
        targetId: created!.id,
        summary: { after: { siteType: type, version: created!.version, items: cleaned.length } },
        requestId: requestId ?? null,
      });
    }
    return created!;
  });
  return { ok: true, template };
}

/** A first template for every type that has none (seeds). */
export async function seedTemplates(db: Db): Promise<void> {
  const existing = new Set(
    (
      await db
        .selectDistinct({ type: checklistTemplates.siteType })
        .from(checklistTemplates)
        .where(inArray(checklistTemplates.siteType, [...SITE_TYPES]))
    ).map((row) => row.type),
  );
  for (const type of SITE_TYPES) if (!existing.has(type)) await saveTemplate(db, null, type, defaultItems(type));
}
