import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { auditLog, users } from '../../../../db/schema';

export interface AuditFilters {
  actorId?: number | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Inclusive start, exclusive end. */
  from?: Date | undefined;
  to?: Date | undefined;
}

export const AUDIT_PAGE_SIZE = 50;

function conditions(filters: AuditFilters): SQL | undefined {
  const parts: SQL[] = [];
  if (filters.actorId !== undefined) parts.push(eq(auditLog.actorId, filters.actorId));
  if (filters.action) parts.push(eq(auditLog.action, filters.action));
  if (filters.targetType) parts.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) parts.push(eq(auditLog.targetId, filters.targetId));
  if (filters.from) parts.push(gte(auditLog.createdAt, filters.from));
  if (filters.to) parts.push(lt(auditLog.createdAt, filters.to));
  return parts.length ? and(...parts) : undefined;
}

/** Newest first, one page at a time; hasMore says whether another page follows. */
export async function listAuditEntries(db: Db, filters: AuditFilters, page = 1) {
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: users.displayName,
      actorRole: auditLog.actorRole,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      summary: auditLog.summary,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorId, users.id))
    .where(conditions(filters))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((Math.max(page, 1) - 1) * AUDIT_PAGE_SIZE);
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

/** The distinct actions and target types recorded so far, for the filter menus. */
export async function auditFacets(db: Db) {
  const actions = await db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  const targetTypes = await db.selectDistinct({ value: auditLog.targetType }).from(auditLog).orderBy(auditLog.targetType);
  return { actions: actions.map((row) => row.value), targetTypes: targetTypes.map((row) => row.value) };
}
