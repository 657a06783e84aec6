import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { readParams, respond } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { CertificateResponse } from '../../../../lib/server/openapi/responses';
import { verifyCertificate } from '../../../../lib/server/volunteers';
import { certificateParams } from '../../../../lib/server/volunteers/inputs';

/** Public check of a certificate's verification code: masked name, hours, period, validity; nothing else. */
export const GET: APIRoute = async ({ params }) => {
  const { code } = readParams(params, certificateParams);
  const certificate = await verifyCertificate(await getDb(), code);
  if (!certificate) throw notFound();
  return respond(CertificateResponse, { certificate });
};
