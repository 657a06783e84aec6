import { ROLES, type Role } from '../../db/schema';
import { changeUserRole, setUserDisabled } from '../lib/server/auth';
import { accountDisableInput } from '../lib/server/auth/inputs';
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

  /** Disable an account (its sessions end at once) or enable it again; audited. */
  setDisabled: authorizedFormAction('users.manage', accountDisableInput, async (input, actor, context) => {
    const result = await setUserDisabled(await getDb(), actor, input.userId, input.disabled, context.locals.requestId);
    return result.ok ? { ok: true as const, disabledAt: result.disabledAt?.toISOString() ?? null } : result;
  }),
};
