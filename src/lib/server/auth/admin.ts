/** Account administration: find accounts, change a role (with department or grid cell). Audited. */
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, departments, ROLES, users, type Role } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { fail, type Result } from '../result';
import type { Actor } from './permissions';
import { maskPhone, normalizePhone } from './phone';
import { invalidateUserSessions } from './session';

export const USERS_PAGE_SIZE = 50;

export async function listUsers(db: Db, filters: { query?: string | undefined; role?: Role | undefined }, page = 1) {
  const parts: SQL[] = [];
  if (filters.role) parts.push(eq(users.role, filters.role));
  const query = filters.query?.trim();
  if (query) {
    const phone = normalizePhone(query);
    parts.push(phone ? eq(users.phone, phone) : or(ilike(users.displayName, `%${query}%`), ilike(users.username, `%${query}%`))!);
  }
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      username: users.username,
      phone: users.phone,
      role: users.role,
      departmentId: users.departmentId,
      gridCellId: users.gridCellId,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(asc(users.id))
    .limit(USERS_PAGE_SIZE + 1)
    .offset((Math.max(page, 1) - 1) * USERS_PAGE_SIZE);
  // Staff and admins see phone numbers masked too: only the owner sees their number in full.
  const visible = rows.slice(0, USERS_PAGE_SIZE).map(({ phone, ...user }) => ({ ...user, phone: maskPhone(phone) }));
  return { users: visible, hasMore: rows.length > USERS_PAGE_SIZE };
}

export interface RoleChange {
  role: Role;
  departmentId?: number | null;
  gridCellId?: number | null;
  /** Required for organization accounts: the organization's name (推荐单位). */
  organizationName?: string | null;
}

export const ORGANIZATION_NAME_MAX = 60;

/** One account as the admin's role form shows it. */
export async function getUserForAdmin(db: Db, userId: number) {
  const [user] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      username: users.username,
      phone: users.phone,
      role: users.role,
      departmentId: users.departmentId,
      gridCellId: users.gridCellId,
      organizationName: users.organizationName,
      disabledAt: users.disabledAt,
      closedAt: users.closedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  return user ?? null;
}

export async function changeUserRole(db: Db, actor: Actor, userId: number, change: RoleChange, requestId?: string): Promise<Result<{}, 'invalid' | 'not_found'>> {
  if (!ROLES.includes(change.role)) return fail('invalid', 'admin.users.error.role');
  const departmentId = change.role === 'department_staff' ? (change.departmentId ?? null) : null;
  const gridCellId = change.role === 'grid_worker' ? (change.gridCellId ?? null) : null;
  const organizationName = change.role === 'organization' ? (change.organizationName ?? '').trim() || null : null;
  if (change.role === 'organization' && (!organizationName || [...organizationName].length > ORGANIZATION_NAME_MAX)) {
    return fail('invalid', 'admin.users.error.organizationName', { fields: { organizationName: 'admin.users.error.organizationName' } });
  }
  if (change.role === 'department_staff') {
    const [department] = departmentId ? await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)) : [];
    if (!department) return fail('invalid', 'admin.users.error.department');
  }
  if (change.role === 'grid_worker') {
    const [cell] = gridCellId
      ? await db
          .select({ id: areas.id })
          .from(areas)
          .where(and(eq(areas.id, gridCellId), eq(areas.level, 'grid')))
      : [];
    if (!cell) return fail('invalid', 'admin.users.error.gridCell');
  }
  if (userId === actor.id && change.role !== 'admin') return fail('invalid', 'admin.users.error.self');

  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId, organizationName: users.organizationName })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!before) return fail('not_found', 'error.notFound');
    const after = { role: change.role, departmentId, gridCellId, organizationName };
    await tx
      .update(users)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'user.role.change',
      targetType: 'user',
      targetId: userId,
      summary: { before, after },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

/**
 * Disables an account (no login; every session ends at once, in the same transaction) or enables it
 * again. Audited; an admin cannot disable their own account.
 */
export async function setUserDisabled(
  db: Db,
  actor: Actor,
  userId: number,
  disabled: boolean,
  requestId?: string,
  now = new Date(),
): Promise<Result<{ disabledAt: Date | null }, 'invalid' | 'not_found'>> {
  if (disabled && userId === actor.id) return fail('invalid', 'admin.users.error.disableSelf');
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ disabledAt: users.disabledAt, closedAt: users.closedAt }).from(users).where(eq(users.id, userId)).for('update');
    if (!before || before.closedAt) return fail('not_found', 'error.notFound');
    const disabledAt = disabled ? (before.disabledAt ?? now) : null;
    await tx.update(users).set({ disabledAt, updatedAt: now }).where(eq(users.id, userId));
    if (disabled) await invalidateUserSessions(tx, userId);
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: disabled ? 'user.disable' : 'user.enable',
      targetType: 'user',
      targetId: userId,
      summary: { before: { disabled: before.disabledAt !== null }, after: { disabled } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, disabledAt };
  });
}
