/**
 * A failed checklist item becomes a report in the Reports workflow, already accepted and assigned
 * to the site's responsible unit with the category's deadline (the office inspected it itself, so
 * no triage). Filed through the reports domain's command inside the inspection's transaction, so
 * that the inspection and its reports commit together.
 */
import type { Db } from '../../../../db/client';
import type { AnswerPhoto } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { type Calendar } from '../calendar';
import type { PlacedPoint } from '../city/resolve';
import { fileAssignedReport } from '../reports';

export interface FailedItem {
  text: string;
  note: string | null;
  categoryCode: string;
  photos: (AnswerPhoto & { width: number; height: number })[];
}

export interface InspectedSite extends PlacedPoint {
  id: number;
  name: string;
  departmentId: number;
}

/** Creates one assigned report per failed item and returns their ids, in the items' order. */
export async function fileFailedItems(tx: Db, actor: Actor, site: InspectedSite, inspectionId: number, items: FailedItem[], calendar: Calendar, now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (const item of items) {
    const id = await fileAssignedReport(
      tx,
      actor,
      {
        categoryCode: item.categoryCode,
        description: `【测评自查 #${inspectionId}】${site.name}：${item.text}${item.note ? `（${item.note}）` : ''}`,
        source: 'inspection',
        place: site,
        departmentId: site.departmentId,
        photos: item.photos,
        note: `测评自查 #${inspectionId}`,
      },
      calendar,
      now,
    );
    ids.push(id);
  }
  return ids;
}
