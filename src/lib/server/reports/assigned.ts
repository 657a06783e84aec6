/**
 * A report the office files itself, already accepted and assigned (no triage): e.g. a failed item
 * of a readiness inspection. Runs inside the caller's transaction, so that what found the problem
 * and the report commit together; the reports domain keeps its rows, timeline and map counts.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportCategories, reportPhotos, reports, reportTimeline, type ReportSource } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { routeCategory } from './categories';
import { countStatusChange, mapCellKey } from './map';
import { addWorkingDays, type Calendar } from '../calendar';
import type { PlacedPoint } from '../city/resolve';
import { cityDay } from '../time';

export interface AssignedReport {
  /** Falls back to the category 'other' when unknown. */
  categoryCode: string;
  description: string;
  source: Extract<ReportSource, 'inspection'>;
  place: PlacedPoint;
  departmentId: number;
  /** Photos already stored (by the caller's photo pipeline), shown as the "before" photos. */
  photos: { key: string; thumbnailKey: string; width: number; height: number }[];
  /** On each of the three timeline entries (submitted, accepted, assigned). */
  note: string;
}

const DESCRIPTION_LIMIT = 2000;

/** Files one assigned report with the category's working-day deadline and returns its id. The actor follows it as its reporter. */
export async function fileAssignedReport(tx: Db, actor: Actor, input: AssignedReport, calendar: Calendar, now: Date): Promise<number> {
  const categories = await tx
    .select({ id: reportCategories.id, code: reportCategories.code })
    .from(reportCategories)
    .where(inArray(reportCategories.code, [input.categoryCode, 'other']));
  const category = categories.find((c) => c.code === input.categoryCode) ?? categories.find((c) => c.code === 'other');
  if (!category) throw new Error(`no report category "${input.categoryCode}" nor "other"`);
  const { place, departmentId } = input;
  const routing = await routeCategory(tx, category.id, place.districtId);
  const deadline = addWorkingDays(cityDay(now), routing?.deadlineDays ?? 5, calendar);
  const [report] = await tx
    .insert(reports)
    .values({
      categoryId: category.id,
      description: input.description.slice(0, DESCRIPTION_LIMIT),
      status: 'assigned',
      version: 3,
      lat: place.lat,
      lng: place.lng,
      mapCell: mapCellKey(place.lat, place.lng),
      gridId: place.gridId,
      communityId: place.communityId,
      subdistrictId: place.subdistrictId,
      districtId: place.districtId,
      proposedDepartmentId: departmentId,
      departmentId,
      deadline,
      source: input.source,
      // The filer follows it as its reporter: they are told when it is rectified and closed.
      reporterId: actor.id,
      assignedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: reports.id });
  const id = report!.id;
  if (input.photos.length) {
    await tx.insert(reportPhotos).values(input.photos.map((photo) => ({ reportId: id, stage: 'before' as const, ...photo, uploadedBy: actor.id })));
  }
  const entry = { reportId: id, actorId: actor.id, actorRole: actor.role, note: input.note, createdAt: now };
  await tx.insert(reportTimeline).values([
    { ...entry, fromStatus: null, toStatus: 'submitted' },
    { ...entry, fromStatus: 'submitted', toStatus: 'accepted' },
    { ...entry, fromStatus: 'accepted', toStatus: 'assigned', departmentId, deadline },
  ]);
  await countStatusChange(tx, { lat: place.lat, lng: place.lng, categoryId: category.id }, null, 'assigned');
  return id;
}
