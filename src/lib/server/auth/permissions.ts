/**
 * Who may do what with accounts. Each domain declares its rules in its own permissions.ts;
 * src/lib/server/permissions.ts gathers them behind one can().
 */
import type { Role } from '../../../../db/schema';
import type { SessionUser } from './session';

export type Actor = Pick<SessionUser, 'id' | 'role' | 'departmentId' | 'gridCellId'>;

export const STAFF_ROLES: readonly Role[] = ['department_staff', 'grid_worker', 'moderator', 'admin'];

export function hasRole(user: Actor | null, ...roles: Role[]): user is Actor {
  return user !== null && roles.includes(user.role);
}

export function isStaff(user: Actor | null): user is Actor {
  return user !== null && STAFF_ROLES.includes(user.role);
}

export const authPermissions = {
  /** Read an account's own profile: its owner, or an admin. */
  'account.read': (user: Actor | null, target: { userId: number }) => user !== null && (user.id === target.userId || user.role === 'admin'),
  /** Change an account's password or sessions: only its owner. */
  'account.update': (user: Actor | null, target: { userId: number }) => user !== null && user.id === target.userId,
  /** List accounts and change roles and departments. */
  'users.manage': (user: Actor | null) => hasRole(user, 'admin'),
  /** Open the staff workspace. */
  'staff.workspace': (user: Actor | null) => isStaff(user),
};
