/** The account commands' inputs, one zod schema each; actions and /api/v1 routes parse with them. */
import { z } from 'astro/zod';
import { optionalText, text } from '../http/schema';
import { PASSWORD_MAX_LENGTH } from './password';

const phone = text(20, 'auth.phone.invalid');
const code = text(12, 'auth.phoneVerification.codeFormat');
/** Passwords are not trimmed: every character counts. */
const password = z.string({ error: 'auth.password.tooShort' }).max(PASSWORD_MAX_LENGTH * 4, { error: 'auth.password.tooLong' });

export const passwordResetRequestInput = z.object({ phone });
export const passwordResetConfirmInput = z.object({ phone, code, newPassword: password });
export const displayNameInput = z.object({ displayName: text(60, 'auth.displayName.tooLong') });
export const phoneChangeRequestInput = z.object({ newPhone: phone, password });
export const phoneChangeConfirmInput = z.object({ code });
export const accountDisableInput = z.object({ userId: z.coerce.number().int().positive().max(2147483647), disabled: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]) });
export const accountCloseInput = z.object({ password, confirm: optionalText(10) });
export const emailInput = z.object({ email: z.union([z.literal(''), z.email({ error: 'account.email.invalid' }).max(254, { error: 'account.email.invalid' })]) });
export const passwordOnlyInput = z.object({ password });
