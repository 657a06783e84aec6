/**
 * Open311 GeoReport v2: services.json|xml, requests.json|xml (GET lists, POST files a request with
 * an api_key). Open311 clients send no session cookie and no Origin; a bad or revoked key is a 403.
 */
import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import {
  checkOpen311Key,
  locateAddress,
  open311Error,
  open311Requests,
  open311Response,
  open311Services,
  splitFormat,
  submitReport,
} from '../../../lib/server/reports';
import { getStorage } from '../../../lib/server/storage';
import { INT4_MAX, inputFailure, isRealDate, isSaneInstant } from '../../../lib/server/http/schema';
import { open311RequestInput } from '../../../lib/server/reports/inputs';

/** An ISO 8601 instant (or day) within the kit's sane range, undefined when absent, null when not one. */
function parseDate(value: string | null): Date | undefined | null {
  if (!value) return undefined;
  if (!isSaneInstant(value) && !isRealDate(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const GET: APIRoute = async ({ params, url }) => {
  const parsed = splitFormat(params.file);
  if (!parsed) return open311Error('json', 404, 'Not found');
  const [name, format] = parsed;
  const db = await getDb();
  if (name === 'services') return open311Response(format, 'services', 'service', await open311Services(db));
  if (name !== 'requests') return open311Error(format, 404, 'Not found');
  const q = url.searchParams;
  const ids = q.get('service_request_id')?.split(',').map((s) => Number(s.trim()));
  if (ids && !ids.every((n) => Number.isInteger(n) && n > 0 && n <= INT4_MAX)) return open311Error(format, 400, 'service_request_id must be comma-separated numbers');
  const start = parseDate(q.get('start_date'));
  const end = parseDate(q.get('end_date'));
  if (start === null || end === null) return open311Error(format, 400, 'start_date and end_date must be ISO 8601');
  const status = q.get('status') ?? undefined;
  if (status && status !== 'open' && status !== 'closed') return open311Error(format, 400, 'status must be open or closed');
  const rows = await open311Requests(db, { ids, serviceCode: q.get('service_code') ?? undefined, start, end, status: status as 'open' | 'closed' | undefined });
  return open311Response(format, 'service_requests', 'request', rows);
};

export const POST: APIRoute = async ({ params, request, locals }) => {
  const parsed = splitFormat(params.file);
  if (!parsed || parsed[0] !== 'requests') return open311Error(parsed?.[1] ?? 'json', 404, 'Not found');
  const format = parsed[1];
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return open311Error(format, 400, 'The body must be application/x-www-form-urlencoded or multipart/form-data');
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const db = await getDb();
  const keyName = await checkOpen311Key(db, field('api_key'));
  if (!keyName) return open311Error(format, 403, 'api_key is missing, wrong or revoked');
  const input = open311RequestInput.safeParse({ service_code: field('service_code'), lat: field('lat'), long: field('long'), address_string: field('address_string'), description: field('description') });
  if (!input.success) {
    const failure = inputFailure(input.error);
    return open311Error(format, 400, Object.entries(failure.fields).map(([name, key]) => `${name}: ${locals.t(key, failure.params)}`).join('; '));
  }
  const { data } = input;
  let point: { lat: number; lng: number } | null = null;
  if (data.lat !== undefined && data.long !== undefined) point = { lat: data.lat, lng: data.long };
  else if (data.address_string) point = await locateAddress(db, data.address_string);
  if (!point) return open311Error(format, 400, 'lat and long, or an address_string naming a community, are required');
  const result = await submitReport(db, getStorage(), { actor: null, source: 'open311', via: keyName, requestId: locals.requestId }, {
    ...point,
    categoryCode: data.service_code,
    description: data.description,
    photos: [],
    // GeoReport v2 has no way to ask a client about nearby requests: they are filed, and the office merges duplicates.
    confirmed: true,
  });
  if (!result.ok) {
    const fields = Object.entries(result.fields ?? {}).map(([name, key]) => `${name}: ${locals.t(key)}`);
    return open311Error(format, result.fields?.category ? 404 : 400, fields.length ? fields.join('; ') : locals.t(result.message));
  }
  return open311Response(format, 'service_requests', 'request', [{ service_request_id: String(result.report.id), service_notice: '', account_id: '' }], 201);
};
