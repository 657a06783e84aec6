/**
 * Inspecting a site: every item of its checklist answered pass / fail / not applicable, a photo for
 * each fail; the score is the weighted share passed. One transaction writes the inspection, its
 * answers, a report per failed item and the site's latest score. A retried submission (same client
 * key) finds the first one: the unique index on (inspector, client key) decides a race.
 */
import { and, eq, or, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { ANSWERS, inspectionAnswers, inspections, mockRounds, readinessSites, type Answer } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { storePhoto, type StoredPhoto } from '../photos';
import { loadCalendar } from '../calendar';
import { discardPhotos } from '../reports';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { fileFailedItems } from './failed-items';
import { getTemplate } from './templates';

export const PHOTOS_PER_ITEM_MAX = 3;
export const NOTE_MAX = 200;

export interface AnswerInput {
  itemId: number;
  answer: Answer | '';
  note?: string | null | undefined;
  photos: Uint8Array[];
}

export interface InspectionInput {
  siteId: number;
  templateId: number;
  answers: AnswerInput[];
  clientKey: string;
  mockRoundId?: number | null | undefined;
}

export type InspectFailure = 'forbidden' | 'not_found' | 'invalid' | 'photo_too_large' | 'photo_too_many_pixels' | 'photo_type' | 'photo_unreadable';

/** The weighted share passed, 0-100 to one decimal; null when every item is not applicable. */
export function scoreAnswers(items: { id: number; weight: number }[], answers: ReadonlyMap<number, Answer>): { score: number | null; passedWeight: number; totalWeight: number } {
  let passedWeight = 0;
  let totalWeight = 0;
  for (const item of items) {
    const answer = answers.get(item.id);
    if (answer === 'pass' || answer === 'fail') totalWeight += item.weight;
    if (answer === 'pass') passedWeight += item.weight;
  }
  return { score: totalWeight === 0 ? null : Math.round((1000 * passedWeight) / totalWeight) / 10, passedWeight, totalWeight };
}

class KeyTaken extends Error {}

async function findByClientKey(db: Db, inspectorId: number, clientKey: string) {
  const [row] = await db
    .select({ id: inspections.id, score: inspections.score })
    .from(inspections)
    .where(and(eq(inspections.inspectorId, inspectorId), eq(inspections.clientKey, clientKey)));
  return row ?? null;
}

export async function submitInspection(
  db: Db,
  storage: Storage,
  actor: Actor,
  input: InspectionInput,
  requestId?: string | null,
  now: Date = new Date(),
): Promise<Result<{ inspection: { id: number; score: number; reportIds: number[] }; created: boolean }, InspectFailure>> {
  if (!/^[\w.:-]{8,100}$/.test(input.clientKey)) return fail('invalid', 'form.invalid', { fields: { clientKey: 'readiness.error.clientKey' } });
  const existing = await findByClientKey(db, actor.id, input.clientKey);
  if (existing) return { ok: true, inspection: { ...existing, reportIds: await reportIdsOf(db, existing.id) }, created: false };

  const [site] = await db.select().from(readinessSites).where(eq(readinessSites.id, input.siteId));
  const template = await getTemplate(db, input.templateId);
  if (!site || !site.active || !template) return fail('not_found', 'error.notFound');
  // An older version of the site type's checklist is fine: the form may have been opened before an edit.
  if (template.siteType !== site.type) return fail('invalid', 'form.invalid', { fields: { templateId: 'readiness.error.template' } });
  if (input.mockRoundId) {
    const [round] = await db.select({ id: mockRounds.id }).from(mockRounds).where(eq(mockRounds.id, input.mockRoundId));
    if (!round) return fail('not_found', 'error.notFound');
  }

  const byItem = new Map(input.answers.map((answer) => [answer.itemId, answer]));
  const fields: Record<string, string> = {};
  for (const item of template.items) {
    const answer = byItem.get(item.id);
    const name = `item-${item.id}`;
    if (!answer || !ANSWERS.includes(answer.answer as Answer)) fields[name] = 'readiness.error.answer';
    else if (answer.answer === 'fail' && answer.photos.length === 0) fields[name] = 'readiness.error.photoRequired';
    else if (answer.photos.length > PHOTOS_PER_ITEM_MAX) fields[name] = 'readiness.error.photoCount';
    else if ((answer.note ?? '').trim().length > NOTE_MAX) fields[name] = 'readiness.error.note';
  }
  const answers = new Map(template.items.map((item) => [item.id, (byItem.get(item.id)?.answer || 'na') as Answer]));
  const { score, passedWeight, totalWeight } = scoreAnswers(template.items, answers);
  if (!Object.keys(fields).length && score === null) fields.answers = 'readiness.error.allNa';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });

  // Photos only of failed items are kept: a pass needs no evidence, and a phone may have attached one by mistake.
  const stored = new Map<number, StoredPhoto[]>();
  const all: StoredPhoto[] = [];
  for (const item of template.items) {
    const answer = byItem.get(item.id)!;
    if (answer.answer !== 'fail') continue;
    const photos: StoredPhoto[] = [];
    for (const [index, bytes] of answer.photos.entries()) {
      const result = await storePhoto(storage, bytes, { folder: 'inspections', visibility: 'public' });
      if (!result.ok) {
        await discardPhotos(storage, all);
        return { ...result, fields: { [`item-${item.id}`]: result.message }, params: { ...result.params, number: index + 1 } };
      }
      photos.push(result.photo);
      all.push(result.photo);
    }
    stored.set(item.id, photos);
  }

  const calendar = await loadCalendar(db);
  try {
    const created = await db.transaction(async (tx) => {
      const [inspection] = await tx
        .insert(inspections)
        .values({
          siteId: site.id,
          templateId: template.id,
          inspectorId: actor.id,
          mockRoundId: input.mockRoundId ?? null,
          score: score!,
          passedWeight,
          totalWeight,
          failedCount: [...answers.values()].filter((a) => a === 'fail').length,
          clientKey: input.clientKey,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: inspections.id });
      if (!inspection) throw new KeyTaken();
      const failed = template.items.filter((item) => answers.get(item.id) === 'fail');
      const reportIds = await fileFailedItems(
        tx,
        actor,
        site,
        inspection.id,
        failed.map((item) => ({ text: item.textZh, note: byItem.get(item.id)!.note?.trim() || null, categoryCode: item.categoryCode, photos: stored.get(item.id) ?? [] })),
        calendar,
        now,
      );
      const reportOf = new Map(failed.map((item, i) => [item.id, reportIds[i]!]));
      await tx.insert(inspectionAnswers).values(
        template.items.map((item) => ({
          inspectionId: inspection.id,
          itemId: item.id,
          answer: answers.get(item.id)!,
          note: byItem.get(item.id)?.note?.trim() || null,
          photos: (stored.get(item.id) ?? []).map((photo) => ({ key: photo.key, thumbnailKey: photo.thumbnailKey })),
          reportId: reportOf.get(item.id) ?? null,
        })),
      );
      // The site keeps its latest inspection; an inspection submitted late (offline) does not replace a newer one.
      await tx
        .update(readinessSites)
        .set({ lastInspectionId: inspection.id, lastScore: score!, lastInspectedAt: now })
        .where(and(eq(readinessSites.id, site.id), or(isNull(readinessSites.lastInspectedAt), lt(readinessSites.lastInspectedAt, now), eq(readinessSites.lastInspectedAt, now))));
      await recordAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: 'readiness.inspect',
        targetType: 'inspection',
        targetId: inspection.id,
        summary: { after: { siteId: site.id, templateId: template.id, score, reports: reportIds } },
        requestId: requestId ?? null,
      });
      return { id: inspection.id, score: score!, reportIds };
    });
    return { ok: true, inspection: created, created: true };
  } catch (error) {
    await discardPhotos(storage, all);
    const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
    if (error instanceof KeyTaken || code === '23505') {
      const first = await findByClientKey(db, actor.id, input.clientKey);
      if (first) return { ok: true, inspection: { ...first, reportIds: await reportIdsOf(db, first.id) }, created: false };
    }
    throw error;
  }
}

async function reportIdsOf(db: Db, inspectionId: number): Promise<number[]> {
  const rows = await db
    .select({ reportId: inspectionAnswers.reportId })
    .from(inspectionAnswers)
    .where(and(eq(inspectionAnswers.inspectionId, inspectionId), sql`${inspectionAnswers.reportId} is not null`));
  return rows.map((row) => row.reportId!);
}
