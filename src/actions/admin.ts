import { ROLES, type Role } from '../../db/schema';
import { changeUserRole } from '../lib/server/auth';
import { getDb } from '../lib/server/db';
import { positiveId } from '../lib/server/http/input';
import { authorizedFormAction } from './form';

export const admin = {
  changeRole: authorizedFormAction('users.manage', async (form, actor, context) => {
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
  }),
};
