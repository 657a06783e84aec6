/**
 * Role x action tables for each domain's permissions.ts: every action of the domain must have a
 * row, and every role (and no one signed in) gets exactly the answer the row gives, asked through
 * the one can() the boundaries use.
 */
import { expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import { can, type Action, type Actor } from '../../src/lib/server/permissions';

export type Who = Role | 'anonymous';
export const EVERYONE: readonly Who[] = ['anonymous', ...ROLES];
export const SIGNED_IN: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['department_staff', 'grid_worker', 'moderator', 'admin'];
export const OFFICE: readonly Role[] = ['moderator', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];

/** The actor of a row: user 1, of department 1 and grid cell 1 where the role has one. */
export function actorOf(who: Who): Actor | null {
  if (who === 'anonymous') return null;
  return { id: 1, role: who, departmentId: who === 'department_staff' ? 1 : null, gridCellId: who === 'grid_worker' ? 1 : null };
}

/** One row: who may, against one record (for actions that need one). */
export interface Row {
  allowed: readonly Who[];
  record?: unknown;
  /** Names the record in the test's name. */
  when?: string;
}

type Rules = Record<string, (user: Actor | null, record: never) => boolean>;

export function itAnswersTheRoleTable<R extends Rules>(rules: R, table: { [A in keyof R]: Row | Row[] }): void {
  it('has a row for every action of the domain', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(rules).sort());
  });
  for (const [action, rows] of Object.entries(table) as [string, Row | Row[]][]) {
    for (const row of [rows].flat()) {
      it(`lets exactly the roles in its row ${action}${row.when ? ` ${row.when}` : ''}`, () => {
        const ask = can as (user: Actor | null, action: Action, ...record: unknown[]) => boolean;
        const answers = Object.fromEntries(EVERYONE.map((who) => [who, ask(actorOf(who), action as Action, ...(row.record === undefined ? [] : [row.record]))]));
        expect(answers).toEqual(Object.fromEntries(EVERYONE.map((who) => [who, row.allowed.includes(who)])));
      });
    }
  }
}
