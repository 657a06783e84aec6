import type { APIRoute } from 'astro';
import type { AVAILABILITY, SKILLS } from '../../../../../db/schema';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { VolunteerMeResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { getVolunteerByUser, getVolunteerRecord, settleVolunteer } from '../../../../lib/server/volunteers';

type Skill = (typeof SKILLS)[number];
type Availability = (typeof AVAILABILITY)[number];

/** The signed-in volunteer: profile (ID number masked), hours by source, star level, sign-ups. */
export const GET: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'volunteers.participate');
  const db = await getDb();
  const registered = await getVolunteerByUser(db, user.id);
  if (!registered) throw notFound();
  // Ended shifts are settled first, so no-shows and a pause are exact in what is shown.
  const volunteer = registered.hasUnsettledShift && (await settleVolunteer(db, registered.id)) ? (await getVolunteerByUser(db, user.id))! : registered;
  const record = await getVolunteerRecord(db, volunteer.id);
  const { idNumberMasked, hasUnsettledShift: _unsettled, ...profile } = volunteer;
  return respond(VolunteerMeResponse, {
    // Stored as jsonb lists of the closed codes the registration schema allows.
    volunteer: { ...profile, idNumber: idNumberMasked, skills: profile.skills as Skill[], availability: profile.availability as Availability[] },
    hours: { totalMinutes: record.totalMinutes, systemMinutes: record.systemMinutes, manualMinutes: record.manualMinutes, star: record.star },
    signups: record.signups,
  });
};
