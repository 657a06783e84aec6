import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { DescribeResponse } from '../../../../lib/server/openapi/responses';
import { badRequest } from '../../../../lib/server/http/errors';
import { describePoint } from '../../../../lib/server/places';
import { describePointInput, queryObject } from '../../../../lib/server/places/inputs';

/** Reverse lookup of a WGS-84 point: "near <place>, <community>, <subdistrict>". Public. */
export const GET: APIRoute = async ({ url, locals }) => {
  const input = describePointInput.safeParse(queryObject(url));
  if (!input.success) throw badRequest('places.error.point');
  const described = await describePoint(await getDb(), input.data, locals.locale);
  const area = (ref: { code: string; nameZh: string; nameEn: string } | null) => (ref ? { code: ref.code, nameZh: ref.nameZh, nameEn: ref.nameEn } : null);
  return respond(DescribeResponse, {
    text: described.text,
    near: described.near,
    community: area(described.community),
    subdistrict: area(described.subdistrict),
    district: area(described.district),
  });
};
