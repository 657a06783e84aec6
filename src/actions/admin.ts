import { defineAction } from 'astro:actions';
import { ROLES, type Role } from '../../db/schema';
import { changeUserRole } from '../lib/server/auth';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';

const optionalId = (value: FormDataEntryValue | null) => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
};

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
          departmentId: optionalId(form.get('departmentId')),
          gridCellId: optionalId(form.get('gridCellId')),
          organizationName: String(form.get('organizationName') ?? ''),
        },
        context.locals.requestId,
      );
    },
  }),
};
