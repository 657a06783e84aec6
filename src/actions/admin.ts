import { changeUserRole, setUserDisabled } from '../lib/server/auth';
import { accountDisableInput, changeRoleForm } from '../lib/server/auth/inputs';
import { getDb } from '../lib/server/db';
import { retentionPeriodsInput } from '../lib/server/privacy/inputs';
import { setRetentionPeriods } from '../lib/server/privacy/retention';
import { authorizedFormAction } from './form';

export const admin = {
  changeRole: authorizedFormAction('users.manage', changeRoleForm, async (input, actor, context) =>
    changeUserRole(
      await getDb(),
      actor,
      input.userId,
      { role: input.role, departmentId: input.departmentId ?? null, gridCellId: input.gridCellId ?? null, organizationName: input.organizationName ?? '' },
      context.locals.requestId,
    ),
  ),

  /** Disable an account (its sessions end at once) or enable it again; audited. */
  setDisabled: authorizedFormAction('users.manage', accountDisableInput, async (input, actor, context) => {
    const result = await setUserDisabled(await getDb(), actor, input.userId, input.disabled, context.locals.requestId);
    return result.ok ? { ok: true as const, disabledAt: result.disabledAt?.toISOString() ?? null } : result;
  }),

  /** The retention periods, each within its bounds; audited. */
  setRetention: authorizedFormAction('privacy.retention.manage', retentionPeriodsInput, async (input, actor, context) => {
    const result = await setRetentionPeriods(await getDb(), actor, input, context.locals.requestId);
    return result.ok ? { ok: true as const } : { ...result, values: Object.fromEntries(Object.entries(input).map(([key, value]) => [key, String(value ?? '')])) };
  }),
};
