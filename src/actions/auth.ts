/**
 * Account forms (they work without JavaScript): parse, call the command, return its result.
 * Pages read the result with Astro.getActionResult() and redirect on success; on failure they
 * show the localized errors and the values typed (never the passwords).
 */
import { changePassword, confirmPhoneVerification, invalidateUserSessions, logIn, logOut, registerUser, requestPhoneVerification, startSession } from '../lib/server/auth';
import { config } from '../lib/server/config';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';
import { getSmsSender } from '../lib/server/notifications/sms';
import * as inputs from '../lib/server/auth/inputs';
import { formAction } from './form';
import { submitterOf } from '../lib/server/limits';

/** The signed-in person, allowed to change their own account only. */
const accountOwner = (locals: App.Locals) => authorize(locals, 'account.update', { userId: locals.user?.id ?? -1 });

export const auth = {
  login: formAction(inputs.loginInput, async (input, context) => {
    const result = await logIn(await getDb(), context, input);
    return result.ok ? { ok: true as const } : { ...result, values: { login: input.login } };
  }),

  register: formAction(inputs.registerForm, async (input, context) => {
    const db = await getDb();
    const values = { phone: input.phone, displayName: input.displayName, birthYear: input.birthYear === undefined ? '' : String(input.birthYear), consent: input.consent };
    const result = await registerUser(
      db,
      {
        phone: input.phone,
        displayName: input.displayName,
        birthYear: input.birthYear,
        password: input.password,
        consentVersion: input.consent ? (input.consentVersion ?? '') : '',
      },
      config.privacyNoticeVersion,
      submitterOf(context.locals),
    );
    if (!result.ok) return { ...result, values };
    await startSession(db, context, result.user.id);
    return { ok: true as const };
  }),

  changePassword: formAction(inputs.changePasswordForm, async (input, context) => {
    const user = accountOwner(context.locals);
    const db = await getDb();
    const result = await changePassword(db, user.id, input);
    if (!result.ok) return result;
    await startSession(db, context, user.id);
    return { ok: true as const };
  }),

  logoutEverywhere: formAction(async (_form, context) => {
    const user = accountOwner(context.locals);
    const db = await getDb();
    await invalidateUserSessions(db, user.id);
    await logOut(db, context);
    return { ok: true as const };
  }),

  /** Texts a code to the account's own phone; in demo mode only, the result carries the code. */
  requestPhoneCode: formAction(async (_form, context) => {
    const user = accountOwner(context.locals);
    const result = await requestPhoneVerification(await getDb(), user.id, {
      secret: config.appSecret,
      sender: getSmsSender(),
      revealCode: config.demoMode,
      limits: submitterOf(context.locals),
    });
    return result.ok ? { ok: true as const, expiresAt: result.expiresAt.toISOString(), code: result.code ?? null } : result;
  }),

  confirmPhoneCode: formAction(inputs.confirmPhoneForm, async (input, context) => {
    const user = accountOwner(context.locals);
    const result = await confirmPhoneVerification(await getDb(), user.id, { code: input.code, secret: config.appSecret });
    const next = input.next ?? '';
    // In demo mode the page shows the code sent; it comes back with a wrong guess so the page can show it again.
    const demoCode = config.demoMode && input.demoCode && /^\d{6}$/.test(input.demoCode) ? input.demoCode : '';
    return result.ok ? { ok: true as const, next } : { ...result, values: { next, demoCode } };
  }),
};
