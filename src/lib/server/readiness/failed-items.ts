/**
 * A failed checklist item becomes a report in the Reports workflow, already accepted and assigned
 * to the site's responsible unit with the category's deadline (the office inspected it itself, so
 * no triage). Written here, on the reports tables, inside the inspection's transaction, so that the
 * inspection and its reports commit together; the reports domain's files stay untouched.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportCategories, reportPhotos, reports, reportTimeline, type AnswerPhoto } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { addWorkingDays, type Calendar } from '../calendar';
import { bumpMapCells, mapCellKey, routeCategory } from '../reports';
import { cityDay } from '../time';

export interface FailedItem {
  text: string;
  note: string | null;
  categoryCode: string;
  photos: (AnswerPhoto & { width: number; height: number })[];
}

export interface InspectedSite {
  id: number;
  name: string;
  lat: number;
  lng: number;
  gridId: number | null;
  communityId: number | null;
  subdistrictId: number | null;
  districtId: number | null;
  departmentId: number;
}

/** Creates one assigned report per failed item and returns their ids, in the items' order. */
export async function fileFailedItems(
  tx: Db,
  actor: Actor,
  site: InspectedSite,
  inspectionId: number,
  items: FailedItem[],
  calendar: Calendar,
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  const today = cityDay(now);
  for (const item of items) {
    const [category] = await tx
      .select({ id: reportCategories.id })
      .from(reportCategories)
      .where(eq(reportCategories.code, item.categoryCode));
    const fallback = category ?? (await tx.select({ id: reportCategories.id }).from(reportCategories).where(eq(reportCategories.code, 'other')))[0];
    if (!fallback) throw new Error(`no report category "${item.categoryCode}" nor "other"`);
    const routing = await routeCategory(tx, fallback.id, site.districtId);
    const deadline = addWorkingDays(today, routing?.deadlineDays ?? 5, calendar);
    const description = `【测评自查 #${inspectionId}】${site.name}：${item.text}${item.note ? `（${item.note}）` : ''}`.slice(0, 2000);
    const [report] = await tx
      .insert(reports)
      .values({
        categoryId: fallback.id,
        description,
        status: 'assigned',
        version: 3,
        lat: site.lat,
        lng: site.lng,
        mapCell: mapCellKey(site.lat, site.lng),
        gridId: site.gridId,
        communityId: site.communityId,
        subdistrictId: site.subdistrictId,
        districtId: site.districtId,
        proposedDepartmentId: site.departmentId,
        departmentId: site.departmentId,
        deadline,
        source: 'inspection',
        // The inspector follows it as its reporter: they are told when it is rectified and closed.
        reporterId: actor.id,
        assignedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: reports.id });
    const id = report!.id;
    if (item.photos.length) {
      await tx.insert(reportPhotos).values(item.photos.map((photo) => ({ reportId: id, stage: 'before' as const, ...photo, uploadedBy: actor.id })));
    }
    const note = `测评自查 #${inspectionId}`;
    await tx.insert(reportTimeline).values([
      { reportId: id, fromStatus: null, toStatus: 'submitted', actorId: actor.id, actorRole: actor.role, note, createdAt: now },
      { reportId: id, fromStatus: 'submitted', toStatus: 'accepted', actorId: actor.id, actorRole: actor.role, note, createdAt: now },
      { reportId: id, fromStatus: 'accepted', toStatus: 'assigned', actorId: actor.id, actorRole: actor.role, note, departmentId: site.departmentId, deadline, createdAt: now },
    ]);
    await bumpMapCells(tx, [{ report: { lat: site.lat, lng: site.lng, categoryId: fallback.id, status: 'assigned' }, delta: 1 }]);
    ids.push(id);
  }
  return ids;
}
