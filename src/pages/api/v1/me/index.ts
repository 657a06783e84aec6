import type { APIRoute } from 'astro';
import { getUserProfile } from '../../../../lib/server/auth';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { requireUser } from '../../../../lib/server/http/guard';

/** The signed-in account, phone in full (it is the owner asking). */
export const GET: APIRoute = async ({ locals }) => {
  const user = requireUser(locals);
  const profile = (await getUserProfile(await getDb(), user.id))!;
  return json({
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
