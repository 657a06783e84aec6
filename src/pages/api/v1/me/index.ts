import type { APIRoute } from 'astro';
import { changeDisplayName, getUserProfile } from '../../../../lib/server/auth';
import { displayNameInput, passwordOnlyInput } from '../../../../lib/server/auth/inputs';
import { config } from '../../../../lib/server/config';
import { closeAccount } from '../../../../lib/server/privacy/close';
import { deleteSessionTokenCookie } from '../../../../lib/server/auth/session';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { DisplayNameResponse, MeResponse } from '../../../../lib/server/openapi/responses';
import { authorize, requireUser } from '../../../../lib/server/http/guard';

/** The signed-in account, phone in full (it is the owner asking). */
export const GET: APIRoute = async ({ locals }) => {
  const user = requireUser(locals);
  const profile = (await getUserProfile(await getDb(), user.id))!;
  return respond(MeResponse, {
    user: {
      id: profile.id,
      displayName: profile.displayName,
      phone: profile.phone,
      username: profile.username,
      role: profile.role,
      department: profile.department,
      gridCell: profile.gridCell,
      organizationName: profile.organizationName,
      phoneVerifiedAt: profile.phoneVerifiedAt?.toISOString() ?? null,
      createdAt: profile.createdAt.toISOString(),
      consent: profile.consent && { version: profile.consent.version, acceptedAt: profile.consent.acceptedAt.toISOString() },
    },
  });
};

/** Change the display name: {"displayName"}. */
export const PATCH: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const input = await readBody(context, displayNameInput);
  const result = await changeDisplayName(await getDb(), user.id, input);
  if (!result.ok) return apiFailure(context.locals, result, result.code === 'not_found' ? 404 : 400);
  return respond(DisplayNameResponse, { displayName: result.displayName });
};

const CLOSE_STATUS: Record<string, number> = { not_found: 404, wrong_password: 400, throttled: 429, last_admin: 409 };

/** 注销: close the account with {"password"}; personal data is erased at once, the public record stays. */
export const DELETE: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const input = await readBody(context, passwordOnlyInput);
  const result = await closeAccount(await getDb(), user.id, input, { secret: config.appSecret, requestId: context.locals.requestId });
  if (!result.ok) return apiFailure(context.locals, result, CLOSE_STATUS[result.code] ?? 400);
  deleteSessionTokenCookie(context.cookies, context.locals.secure);
  return new Response(null, { status: 204 });
};
