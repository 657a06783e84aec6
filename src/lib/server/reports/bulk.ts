/**
 * Bulk triage for the office: accept, or accept and assign (to one department with one deadline),
 * many reports at once. Each report goes through the one transition command, so each keeps its own
 * version check, timeline, audit and notifications; a report someone else changed meanwhile is
 * counted as failed and left alone.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reports } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { queueSelection, type QueueName, type QueueOptions } from './queries';
import { transitionReport } from './transition';

export const BULK_MAX = 200;

/** The queues whose reports the office triages in bulk. */
export const BULK_QUEUES: readonly QueueName[] = ['triage', 'duplicates', 'assign'];

export interface BulkInput {
  to: 'accepted' | 'assigned';
  /** For assigning: the department (else each report's proposed one) and the deadline (else the category's working days). */
  departmentId?: number | null;
  deadline?: string | null;
}

export async function bulkTriage(
  db: Db,
  storage: Storage,
  actor: Actor,
  selection: readonly { id: number; version: number }[],
  input: BulkInput,
  requestId?: string | null,
): Promise<Result<{ done: number[]; failed: { id: number; message: string }[] }, 'forbidden' | 'invalid'>> {
  if (selection.length === 0 || selection.length > BULK_MAX) return fail('invalid', 'reports.error.bulkSelection', { params: { max: BULK_MAX } });
  const done: number[] = [];
  const failed: { id: number; message: string }[] = [];
  for (const { id, version } of selection) {
    let current = version;
    if (input.to === 'assigned') {
      // A new report is accepted on the way, under the version the moderator saw.
      const [row] = await db.select({ status: reports.status }).from(reports).where(eq(reports.id, id));
      if (row?.status === 'submitted') {
        const accepted = await transitionReport(db, storage, actor, id, { to: 'accepted', version }, requestId);
        if (!accepted.ok) {
          failed.push({ id, message: accepted.message });
          continue;
        }
        current = accepted.report.version;
      }
    }
    const result = await transitionReport(
      db,
      storage,
      actor,
      id,
      { to: input.to, version: current, ...(input.to === 'assigned' && { departmentId: input.departmentId ?? null, deadline: input.deadline || null }) },
      requestId,
    );
    if (result.ok) done.push(id);
    else failed.push({ id, message: result.message });
  }
  return { ok: true, done, failed };
}

/**
 * Bulk triage of every report in a queue that matches its filters ("all matching", across pages),
 * each under the version it has now. Refused when more than BULK_MAX match (nothing is done then,
 * rather than an arbitrary part), or for a queue not triaged in bulk.
 */
export async function bulkTriageMatching(
  db: Db,
  storage: Storage,
  actor: Actor,
  queue: QueueName | undefined,
  options: QueueOptions,
  input: BulkInput,
  requestId?: string | null,
  now: Date = new Date(),
): Promise<Result<{ done: number[]; failed: { id: number; message: string }[] }, 'forbidden' | 'invalid'>> {
  if (!queue || !BULK_QUEUES.includes(queue)) return fail('invalid', 'reports.error.bulkQueue');
  const selection = await queueSelection(db, actor, queue, { ...options, page: undefined }, BULK_MAX, now);
  if (selection === null) return fail('invalid', 'reports.error.bulkSelection', { params: { max: BULK_MAX } });
  return bulkTriage(db, storage, actor, selection, input, requestId);
}
