/**
 * Readiness data: a checklist template for every site type on every start (seedReadinessBase), and in
 * demo mode about 200 sites over the demo city with a few inspections. Bulk inserts; idempotent
 * (nothing is added once a demo site exists).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areas,
  checklistItems,
  checklistTemplates,
  departments,
  inspectionAnswers,
  inspections,
  readinessSites,
  SITE_TYPES,
  users,
  type Answer,
  type SiteType,
} from '../../../../db/schema';
import { resolvePoint } from '../city';
import { scoreAnswers, seedTemplates, SITE_TYPE_NAMES } from '.';
import { seededRandom } from '../random';

export async function seedReadinessBase(db: Db): Promise<void> {
  await seedTemplates(db);
}

/** How many demo sites of each type: streets and communities are many, stations few. */
const DEMO_COUNTS: Partial<Record<SiteType, number>> = {
  main_road: 20,
  back_street: 24,
  community: 24,
  farmers_market: 10,
  park: 8,
  public_toilet: 16,
  restaurant: 16,
  internet_cafe: 8,
  business_hall: 8,
  school: 10,
  shopping_street: 6,
  square: 6,
  hospital: 6,
  construction_site: 6,
};
/** The unit answerable for each type (包保责任单位). */
const RESPONSIBLE: Partial<Record<SiteType, string>> = {
  main_road: 'chengguan',
  back_street: 'chengguan',
  shopping_street: 'chengguan',
  square: 'chengguan',
  construction_site: 'housing',
  farmers_market: 'market-regulation',
  restaurant: 'market-regulation',
  internet_cafe: 'market-regulation',
  business_hall: 'market-regulation',
  entertainment: 'market-regulation',
  park: 'parks',
  public_toilet: 'sanitation',
  hospital: 'health',
  coach_station: 'transport',
  bus_terminal: 'transport',
  railway_station: 'transport',
  tourist_center: 'transport',
};
const PLACE_NAMES = ['解放', '人民', '建设', '五一', '中山', '和平', '芙蓉', '东风', '光明', '新华', '青年', '文化'];

export async function seedDemoReadiness(db: Db, now: Date = new Date()): Promise<void> {
  const [existing] = await db.select({ id: readinessSites.id }).from(readinessSites).limit(1);
  if (existing) return;
  const [grid] = await db
    .select({ minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng })
    .from(areas)
    .where(eq(areas.level, 'grid'))
    .orderBy(asc(areas.code))
    .limit(1);
  if (!grid) return;
  const depts = new Map((await db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code, d.id]));
  const offices = await db.select({ id: departments.id, areaId: departments.areaId }).from(departments).where(eq(departments.kind, 'subdistrict_office'));
  const cells = await db
    .select({ minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng })
    .from(areas)
    .where(eq(areas.level, 'grid'))
    .orderBy(asc(areas.code));
  const random = seededRandom(20_261_108);
  const rows: (typeof readinessSites.$inferInsert)[] = [];
  let n = 0;
  for (const type of SITE_TYPES) {
    const howMany = DEMO_COUNTS[type] ?? 2;
    for (let k = 0; k < howMany; k++, n++) {
      // The first site of each type sits in the first grid cell (the demo grid worker's), the rest anywhere.
      const cell = k === 0 ? grid : cells[Math.floor(random() * cells.length)]!;
      let resolved = null;
      let lat = 0;
      let lng = 0;
      for (let tries = 0; !resolved && tries < 20; tries++) {
        lat = cell.minLat + (0.2 + 0.6 * random()) * (cell.maxLat - cell.minLat);
        lng = cell.minLng + (0.2 + 0.6 * random()) * (cell.maxLng - cell.minLng);
        resolved = await resolvePoint(db, { lat, lng });
      }
      if (!resolved) continue;
      const office = offices.find((o) => o.areaId === resolved.subdistrict.id);
      const departmentId = (RESPONSIBLE[type] && depts.get(RESPONSIBLE[type])) || office?.id || depts.get('wenmingban')!;
      const place = PLACE_NAMES[n % PLACE_NAMES.length]!;
      rows.push({
        code: `DEMO-${type}-${String(k + 1).padStart(2, '0')}`,
        type,
        name: `${place}${SITE_TYPE_NAMES[type].zh}${k + 1}号`,
        lat,
        lng,
        gridId: resolved.grid.id,
        communityId: resolved.community.id,
        subdistrictId: resolved.subdistrict.id,
        districtId: resolved.district.id,
        departmentId,
      });
    }
  }
  const [inspector] = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.username, ['moderator']));
  const templates = await db.select({ id: checklistTemplates.id, siteType: checklistTemplates.siteType }).from(checklistTemplates).orderBy(asc(checklistTemplates.version));
  const items = await db.select({ id: checklistItems.id, templateId: checklistItems.templateId, weight: checklistItems.weight }).from(checklistItems);
  await db.transaction(async (tx) => {
    const sites = await tx.insert(readinessSites).values(rows).returning({ id: readinessSites.id, type: readinessSites.type });
    // About two in five sites inspected, 1-60 days ago, mostly passing; without reports (the report seed has its own).
    for (const [i, site] of sites.entries()) {
      if (i % 5 > 1 || !inspector) continue;
      const template = templates.filter((t) => t.siteType === site.type).at(-1);
      if (!template) continue;
      const own = items.filter((item) => item.templateId === template.id);
      const answers = new Map<number, Answer>(own.map((item) => [item.id, random() < 0.85 ? 'pass' : random() < 0.5 ? 'na' : 'fail']));
      const { score, passedWeight, totalWeight } = scoreAnswers(own, answers);
      if (score === null) continue;
      const at = new Date(now.getTime() - (1 + Math.floor(random() * 60)) * 86_400_000);
      const [inspection] = await tx
        .insert(inspections)
        .values({
          siteId: site.id,
          templateId: template.id,
          inspectorId: inspector.id,
          score,
          passedWeight,
          totalWeight,
          failedCount: [...answers.values()].filter((a) => a === 'fail').length,
          clientKey: `demo-seed-${site.id}`,
          createdAt: at,
        })
        .returning({ id: inspections.id });
      await tx.insert(inspectionAnswers).values(
        own.map((item) => ({
          inspectionId: inspection!.id,
          itemId: item.id,
          answer: answers.get(item.id)!,
          note: answers.get(item.id) === 'fail' ? '现场发现问题，已拍照留存' : null,
        })),
      );
      await tx.update(readinessSites).set({ lastInspectionId: inspection!.id, lastScore: score, lastInspectedAt: at }).where(eq(readinessSites.id, site.id));
    }
  });
}
