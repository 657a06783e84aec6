/** The account commands' inputs, one schema each (the input kit); actions and /api/v1 routes parse with them. */
import { checkbox, id, object, optionalText, text, z } from '../http/schema';
import { PASSWORD_MAX_LENGTH } from './password';

const phone = text(20).meta({ description: 'Mainland China mobile number', example: '13800000001' });
const code = text(12).meta({ description: 'The 6-digit code from the SMS' });
/** Passwords are not trimmed: every character counts (the command checks length and strength). */
const password = z.string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.type') }).max(PASSWORD_MAX_LENGTH * 4, { error: 'input.tooLong' });

export const passwordResetRequestInput = object({ phone });
export const passwordResetConfirmInput = object({ phone, code, newPassword: password });
export const displayNameInput = object({ displayName: text(60) });
export const phoneChangeRequestInput = object({ newPhone: phone, password });
export const phoneChangeConfirmInput = object({ code });
export const accountDisableInput = object({ userId: id(), disabled: checkbox() });
export const passwordOnlyInput = object({ password });
export const noticeAcceptInput = object({ accept: checkbox(), next: optionalText(500) });
export const emptyInput = object({});
