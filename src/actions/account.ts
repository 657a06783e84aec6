/**
 * The account's own forms beyond logging in (they work without JavaScript): a forgotten password,
 * the profile, closing the account. Each parses with its schema (auth/inputs.ts), asks permission,
 * calls one command and returns its result with what was typed (never a password).
 */
import { changeDisplayName, confirmPasswordReset, confirmPhoneChange, requestPasswordReset, requestPhoneChange, startSession } from '../lib/server/auth';
import {
  displayNameInput,
  emailInput,
  emailVerifyInput,
  guardianConsentInput,
  noticeAcceptInput,
  passwordOnlyInput,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  phoneChangeConfirmInput,
  phoneChangeRequestInput,
} from '../lib/server/auth/inputs';
import { removeEmail, requestEmailVerification, verifyEmail } from '../lib/server/auth/email';
import { config } from '../lib/server/config';
import { getDb } from '../lib/server/db';
import { authorize } from '../lib/server/http/guard';
import { getSmsSender } from '../lib/server/notifications/sms';
import { closeAccount } from '../lib/server/privacy/close';
import { acceptPrivacyNotice, withdrawIdNumberConsent } from '../lib/server/privacy/consents';
import { giveGuardianConsent, withdrawGuardianConsent } from '../lib/server/privacy/minors';
import { safeReturnPath } from '../lib/server/http/redirect';
import { logOut } from '../lib/server/auth';
import { formAction } from './form';
import { submitterOf } from '../lib/server/limits';

const accountOwner = (locals: App.Locals) => authorize(locals, 'account.update', { userId: locals.user?.id ?? -1 });

export const account = {
  requestPasswordReset: formAction(passwordResetRequestInput, async (input, context) => {
    const values = { phone: input.phone };
    const result = await requestPasswordReset(
      await getDb(),
      { phone: input.phone, ip: context.locals.clientIp },
      { secret: config.appSecret, sender: getSmsSender(), revealCode: config.demoMode, limits: submitterOf(context.locals) },
    );
    return result.ok ? { ok: true as const, values, code: result.code ?? null } : { ...result, values };
  }),

  confirmPasswordReset: formAction(passwordResetConfirmInput, async (input, context) => {
    const values = { phone: input.phone, code: input.code };
    const db = await getDb();
    const result = await confirmPasswordReset(db, input, { secret: config.appSecret });
    if (!result.ok) return { ...result, values };
    // Every session ended with the reset; the person at the keyboard gets a fresh one.
    await startSession(db, context, result.userId);
    return { ok: true as const };
  }),

  changeDisplayName: formAction(displayNameInput, async (input, context) => {
    const user = accountOwner(context.locals);
    const values = { displayName: input.displayName };
    const result = await changeDisplayName(await getDb(), user.id, input);
    return result.ok ? result : { ...result, values };
  }),

  requestPhoneChange: formAction(phoneChangeRequestInput, async (input, context) => {
    const user = accountOwner(context.locals);
    const values = { newPhone: input.newPhone };
    const result = await requestPhoneChange(await getDb(), user.id, input, {
      secret: config.appSecret,
      sender: getSmsSender(),
      revealCode: config.demoMode,
      limits: submitterOf(context.locals),
    });
    return result.ok ? { ok: true as const, phone: result.phone, code: result.code ?? null } : { ...result, values };
  }),

  confirmPhoneChange: formAction(phoneChangeConfirmInput, async (input, context) => {
    const user = accountOwner(context.locals);
    return confirmPhoneChange(await getDb(), user.id, input, { secret: config.appSecret });
  }),

  /** 注销: with the password, after the page that says what will happen. */
  closeAccount: formAction(passwordOnlyInput, async (input, context) => {
    const user = accountOwner(context.locals);
    const db = await getDb();
    const result = await closeAccount(db, user.id, input, { secret: config.appSecret, requestId: context.locals.requestId });
    if (!result.ok) return result;
    await logOut(db, context);
    return { ok: true as const };
  }),

  /** The new privacy notice, accepted (asked at the next page after it changed). */
  acceptNotice: formAction(noticeAcceptInput, async (input, context) => {
    const user = accountOwner(context.locals);
    const next = safeReturnPath(input.next ?? '', '/account');
    if (!input.accept) return { ok: false as const, code: 'invalid' as const, message: 'form.invalid', fields: { accept: 'privacy.consent.renewRequired' }, next };
    await acceptPrivacyNotice(await getDb(), user.id, config.privacyNoticeVersion);
    return { ok: true as const, next };
  }),

  /** Withdraws the separate ID-number consent: the ID number is erased and the volunteer registration ends. */
  withdrawIdNumberConsent: formAction(async (_form, context) => {
    const user = accountOwner(context.locals);
    return withdrawIdNumberConsent(await getDb(), user.id, { requestId: context.locals.requestId });
  }),

  /** A guardian's consent for a child who may be under 14, given on the child's account (then back where they were). */
  giveGuardianConsent: formAction(guardianConsentInput, async (input, context, form) => {
    const user = accountOwner(context.locals);
    const next = safeReturnPath(String(form.get('next') ?? ''), '/account');
    const values = { guardianName: input.guardianName, relation: input.relation, next };
    const result = await giveGuardianConsent(await getDb(), user.id, input, config.privacyNoticeVersion);
    return result.ok ? { ok: true as const, next } : { ...result, values };
  }),

  /** Withdraws the guardian's consent: a volunteer registration ends, nominating is refused again. */
  withdrawGuardianConsent: formAction(async (_form, context) => {
    const user = accountOwner(context.locals);
    return withdrawGuardianConsent(await getDb(), user.id, { requestId: context.locals.requestId });
  }),

  /** Sends a verification link to a new e-mail address (in demo mode only, the result carries the link). */
  requestEmail: formAction(emailInput, async (input, context) => {
    const user = accountOwner(context.locals);
    const values = { email: input.email };
    const result = await requestEmailVerification(await getDb(), user.id, input, { revealLink: config.demoMode, locale: context.locals.locale });
    return result.ok ? { ok: true as const, email: result.email, link: result.link ?? null } : { ...result, values };
  }),

  removeEmail: formAction(async (_form, context) => {
    const user = accountOwner(context.locals);
    return removeEmail(await getDb(), user.id);
  }),

  /** The link from the e-mail, confirmed with a button (a mail scanner's GET changes nothing); no login needed. */
  verifyEmail: formAction(emailVerifyInput, async (input) => verifyEmail(await getDb(), input.token)),
};
