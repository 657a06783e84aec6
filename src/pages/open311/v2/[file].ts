/**
 * Open311 GeoReport v2: discovery.json, services.json|xml, requests.json|xml (GET lists, POST
 * files a request with an api_key). Open311 clients send no session cookie and no Origin; a bad or
 * revoked key is a 403. Optional arguments that are present but empty count as absent; lists are
 * comma-delimited, as the specification allows.
 */
import type { APIRoute } from 'astro';
import { publicOrigin } from '../../../lib/server/http/origin';
import { getDb } from '../../../lib/server/db';
import {
  answersFromForm,
  checkOpen311Key,
  locateAddress,
  OPEN311_CHANGESET,
  open311Discovery,
  open311DiscoveryXml,
  open311Error,
  open311Requests,
  open311Response,
  open311Services,
  splitFormat,
  submitReport,
} from '../../../lib/server/reports';
import { getSettings } from '../../../lib/server/settings';
import { getStorage } from '../../../lib/server/storage';
import { INT4_MAX, inputFailure, isRealDate, isSaneInstant } from '../../../lib/server/http/schema';
import { open311RequestInput } from '../../../lib/server/reports/inputs';

/** An instant, or a plain day read as midnight in China. */
function parseDate(value: string): Date | null {
  if (isSaneInstant(value)) return new Date(value);
  if (isRealDate(value)) return new Date(`${value}T00:00:00+08:00`);
  return null;
}

/** A comma-delimited list without empty entries; undefined when absent or empty. */
function list(value: string | null): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** Whether a given jurisdiction_id is ours (absent or empty is fine: we serve one). */
async function ourJurisdiction(db: Awaited<ReturnType<typeof getDb>>, asked: string | null): Promise<boolean> {
  if (!asked?.trim()) return true;
  const { 'open311.jurisdictionId': ours } = await getSettings(db, ['open311.jurisdictionId']);
  return asked.trim() === ours;
}

export const GET: APIRoute = async ({ params, url, locals }) => {
  const parsed = splitFormat(params.file);
  if (!parsed) return open311Error('json', 404, 'Not found');
  const [name, format] = parsed;
  const db = await getDb();
  const q = url.searchParams;
  const origin = publicOrigin();
  if (name === 'discovery') {
    const { 'open311.contact': contact } = await getSettings(db, ['open311.contact']);
    const discovery = open311Discovery(origin, contact, OPEN311_CHANGESET);
    const headers = { 'content-type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8', 'access-control-allow-origin': '*' };
    return new Response(format === 'xml' ? open311DiscoveryXml(discovery) : JSON.stringify(discovery), { headers });
  }
  if (!(await ourJurisdiction(db, q.get('jurisdiction_id')))) return open311Error(format, 404, 'jurisdiction_id is not served here');
  if (name === 'services') return open311Response(format, 'services', 'service', await open311Services(db));
  if (name !== 'requests') return open311Error(format, 404, 'Not found');
  const idList = list(q.get('service_request_id'));
  const ids = idList?.map((s) => (/^\d{1,10}$/.test(s) ? Number(s) : NaN));
  if (ids && (!ids.every((n) => Number.isInteger(n) && n > 0 && n <= INT4_MAX) || ids.length > 100))
    return open311Error(format, 400, 'service_request_id must be up to 100 comma-separated request ids');
  const start = q.get('start_date')?.trim() ? parseDate(q.get('start_date')!.trim()) : undefined;
  const end = q.get('end_date')?.trim() ? parseDate(q.get('end_date')!.trim()) : undefined;
  if (start === null || end === null) return open311Error(format, 400, 'start_date and end_date must be ISO 8601 (w3c) dates between 2000 and 2100');
  const statuses = list(q.get('status'));
  if (statuses && !statuses.every((s) => s === 'open' || s === 'closed')) return open311Error(format, 400, 'status must be open, closed or both, comma-separated');
  const serviceCodes = list(q.get('service_code'));
  if (serviceCodes && !serviceCodes.every((code) => /^[\w-]{1,50}$/.test(code))) return open311Error(format, 400, 'service_code must be comma-separated service codes');
  const rows = await open311Requests(
    db,
    { ids, serviceCodes, start, end, statuses: statuses as ('open' | 'closed')[] | undefined },
    { origin, locale: locals.locale, t: locals.t },
  );
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
    return typeof value === 'string' ? value.trim() : '';
  };
  const db = await getDb();
  const keyName = await checkOpen311Key(db, field('api_key'));
  if (!keyName) return open311Error(format, 403, 'api_key is missing, wrong or revoked');
  if (!(await ourJurisdiction(db, field('jurisdiction_id')))) return open311Error(format, 404, 'jurisdiction_id is not served here');
  const input = open311RequestInput.safeParse({
    service_code: field('service_code'),
    lat: field('lat'),
    long: field('long'),
    address_string: field('address_string'),
    description: field('description'),
  });
  if (!input.success) {
    const failure = inputFailure(input.error);
    return open311Error(
      format,
      400,
      Object.entries(failure.fields)
        .map(([name, key]) => `${name}: ${locals.t(key, failure.params)}`)
        .join('; '),
    );
  }
  const { data } = input;
  let point: { lat: number; lng: number } | null = null;
  if (data.lat !== undefined && data.long !== undefined) point = { lat: data.lat, lng: data.long };
  else if (data.address_string) point = await locateAddress(db, data.address_string);
  if (!point) return open311Error(format, 400, 'lat and long, or an address_string naming a community, are required');
  const result = await submitReport(
    db,
    getStorage(),
    { actor: null, source: 'open311', via: keyName, requestId: locals.requestId },
    {
      ...point,
      categoryCode: data.service_code,
      description: data.description,
      photos: [],
      attributes: answersFromForm(form),
      // GeoReport v2 has no way to ask a client about nearby requests: they are filed, and the office merges duplicates.
      confirmed: true,
    },
  );
  if (!result.ok) {
    const fields = Object.entries(result.fields ?? {}).map(([name, key]) => `${name.replace(/^attribute\.(.+)$/, 'attribute[$1]')}: ${locals.t(key)}`);
    return open311Error(format, result.fields?.category ? 404 : 400, fields.length ? fields.join('; ') : locals.t(result.message));
  }
  return open311Response(format, 'service_requests', 'request', [{ service_request_id: String(result.report.id), service_notice: '', account_id: '' }], 201);
};
