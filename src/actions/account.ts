/**
 * The account's own forms beyond logging in (they work without JavaScript): a forgotten password,
 * the profile, closing the account. Each parses with its schema (auth/inputs.ts), asks permission,
 * calls one command and returns its result with what was typed (never a password).
 */
import {
  changeDisplayName,
  confirmPasswordReset,
  confirmPhoneChange,
  requestPasswordReset,
  requestPhoneChange,
  startSession,
} from '../lib/server/auth';
import { displayNameInput, passwordOnlyInput, passwordResetConfirmInput, passwordResetRequestInput, phoneChangeConfirmInput, phoneChangeRequestInput } from '../lib/server/auth/inputs';
import { config } from '../lib/server/config';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';
import { formObject, parseInput } from '../lib/server/http/schema';
import { getSmsSender } from '../lib/server/notifications/sms';
import { closeAccount } from '../lib/server/privacy/close';
import { logOut } from '../lib/server/auth';
import { formAction } from './form';

const accountOwner = (locals: App.Locals) => authorize(locals, 'account.update', { userId: locals.user?.id ?? -1 });

export const account = {
  requestPasswordReset: formAction(async (form, context) => {
    const input = parseInput(passwordResetRequestInput, formObject(form));
    const values = { phone: formObject(form).phone ?? '' };
    if (!input.ok) return { ...input, values };
    const result = await requestPasswordReset(
      await getDb(),
      { phone: input.value.phone, ip: context.locals.clientIp },
      { secret: config.appSecret, sender: getSmsSender(), revealCode: config.demoMode },
    );
    return result.ok ? { ok: true as const, values, code: result.code ?? null } : { ...result, values };
  }),

  confirmPasswordReset: formAction(async (form, context) => {
    const raw = formObject(form);
    const values = { phone: raw.phone ?? '', code: raw.code ?? '' };
    const input = parseInput(passwordResetConfirmInput, raw);
    if (!input.ok) return { ...input, values };
    const db = await getDb();
    const result = await confirmPasswordReset(db, input.value, { secret: config.appSecret });
    if (!result.ok) return { ...result, values };
    // Every session ended with the reset; the person at the keyboard gets a fresh one.
    await startSession(db, context, result.userId);
    return { ok: true as const };
  }),

  changeDisplayName: formAction(async (form, context) => {
    const user = accountOwner(context.locals);
    const raw = formObject(form);
    const input = parseInput(displayNameInput, raw);
    const values = { displayName: raw.displayName ?? '' };
    if (!input.ok) return { ...input, values };
    const result = await changeDisplayName(await getDb(), user.id, input.value);
    return result.ok ? result : { ...result, values };
  }),

  requestPhoneChange: formAction(async (form, context) => {
    const user = accountOwner(context.locals);
    const raw = formObject(form);
    const values = { newPhone: raw.newPhone ?? '' };
    const input = parseInput(phoneChangeRequestInput, raw);
    if (!input.ok) return { ...input, values };
    const result = await requestPhoneChange(await getDb(), user.id, input.value, { secret: config.appSecret, sender: getSmsSender(), revealCode: config.demoMode });
    return result.ok ? { ok: true as const, phone: result.phone, code: result.code ?? null } : { ...result, values };
  }),

  confirmPhoneChange: formAction(async (form, context) => {
    const user = accountOwner(context.locals);
    const input = parseInput(phoneChangeConfirmInput, formObject(form));
    if (!input.ok) return input;
    return confirmPhoneChange(await getDb(), user.id, input.value, { secret: config.appSecret });
  }),

  /** 注销: with the password, after the page that says what will happen. */
  closeAccount: formAction(async (form, context) => {
    const user = accountOwner(context.locals);
    const input = parseInput(passwordOnlyInput, formObject(form));
    if (!input.ok) return input;
    const db = await getDb();
    const result = await closeAccount(db, user.id, input.value, { secret: config.appSecret, requestId: context.locals.requestId });
    if (!result.ok) return result;
    await logOut(db, context);
    return { ok: true as const };
  }),
};
