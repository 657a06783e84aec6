import type { Db } from '../../../../db/client';
import { auditLog, type AuditSummary } from '../../../../db/schema';

export interface AuditEntry {
  /** Null for the system itself (seeds, scheduled jobs). */
  actorId: number | null;
  actorRole: string;
  /** Dotted verb, e.g. "city.import". */
  action: string;
  targetType: string;
  targetId: string | number | null;
  summary: AuditSummary;
  requestId?: string | null;
}

/** Appends one audit entry; call it with the transaction that made the change, so both commit or neither. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === null ? null : String(entry.targetId),
    summary: entry.summary,
    requestId: entry.requestId ?? null,
  });
}
