import type { APIRoute } from 'astro';
import { getUserProfile, maskPhone } from '../../../../lib/server/auth';
import { getDb } from '../../../../lib/server/db';
import { pathId, respond } from '../../../../lib/server/http/api';
import { UserResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';

/** One account: its owner sees the phone in full, an admin sees it masked, anyone else gets 403. */
export const GET: APIRoute = async ({ locals, params }) => {
  const userId = pathId(params.id);
  if (!Number.isInteger(userId) || userId <= 0) throw notFound();
  const viewer = authorize(locals, 'account.read', { userId });
  const profile = await getUserProfile(await getDb(), userId);
  if (!profile) throw notFound();
  return respond(UserResponse, {
    user: {
      id: profile.id,
      displayName: profile.displayName,
      phone: viewer.id === profile.id ? profile.phone : maskPhone(profile.phone),
      role: profile.role,
      department: profile.department,
      gridCell: profile.gridCell,
      createdAt: profile.createdAt.toISOString(),
    },
  });
};
