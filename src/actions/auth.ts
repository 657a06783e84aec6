/**
 * Account forms (they work without JavaScript): parse, call the command, return its result.
 * Pages read the result with Astro.getActionResult() and redirect on success; on failure they
 * show the localized errors and the values typed (never the passwords).
 */
import { defineAction } from 'astro:actions';
import { changePassword, confirmPhoneVerification, invalidateUserSessions, logIn, logOut, registerUser, requestPhoneVerification, startSession } from '../lib/server/auth';
import { config } from '../lib/server/config';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';
import { getSmsSender } from '../lib/server/notifications/sms';
import { formText as text } from '../lib/server/http/input';

export const auth = {
  login: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const login = text(form, 'login');
      const result = await logIn(await getDb(), context, { login, password: text(form, 'password') });
      return result.ok ? { ok: true as const } : { ...result, values: { login } };
    },
  }),

  register: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const values = { phone: text(form, 'phone'), displayName: text(form, 'displayName'), consent: form.get('consent') === 'on' };
      const result = await registerUser(
        db,
        {
          phone: values.phone,
          displayName: values.displayName,
          password: text(form, 'password'),
          consentVersion: values.consent ? text(form, 'consentVersion') : '',
        },
        config.privacyNoticeVersion,
      );
      if (!result.ok) return { ...result, values };
      await startSession(db, context, result.user.id);
      return { ok: true as const };
    },
  }),

  changePassword: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
      const db = await getDb();
      const result = await changePassword(db, user.id, {
        currentPassword: text(form, 'currentPassword'),
        newPassword: text(form, 'newPassword'),
      });
      if (!result.ok) return result;
      await startSession(db, context, user.id);
      return { ok: true as const };
    },
  }),

  logoutEverywhere: defineAction({
    accept: 'form',
    handler: async (_form: FormData, context) => {
      const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
      const db = await getDb();
      await invalidateUserSessions(db, user.id);
      await logOut(db, context);
      return { ok: true as const };
    },
  }),

  /** Texts a code to the account's own phone; in demo mode only, the result carries the code. */
  requestPhoneCode: defineAction({
    accept: 'form',
    handler: async (_form: FormData, context) => {
      const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
      const result = await requestPhoneVerification(await getDb(), user.id, { secret: config.appSecret, sender: getSmsSender(), revealCode: config.demoMode });
      return result.ok ? { ok: true as const, expiresAt: result.expiresAt.toISOString(), code: result.code ?? null } : result;
    },
  }),

  confirmPhoneCode: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
      const result = await confirmPhoneVerification(await getDb(), user.id, { code: text(form, 'code'), secret: config.appSecret });
      return result.ok ? { ok: true as const, next: text(form, 'next') } : { ...result, values: { next: text(form, 'next') } };
    },
  }),
};
