import { defineAction } from 'astro:actions';
import { ROLES, type Role } from '../../db/schema';
import { changeUserRole } from '../lib/server/auth';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';
import { positiveId } from '../lib/server/http/input';

export const admin = {
  changeRole: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const actor = authorize(context.locals, 'users.manage');
      const role = String(form.get('role') ?? '');
      return changeUserRole(
        await getDb(),
        actor,
        Number(form.get('userId')),
        {
          role: (ROLES as readonly string[]).includes(role) ? (role as Role) : ('' as Role),
          departmentId: positiveId(form.get('departmentId')),
          gridCellId: positiveId(form.get('gridCellId')),
          organizationName: String(form.get('organizationName') ?? ''),
        },
        context.locals.requestId,
      );
    },
  }),
};
