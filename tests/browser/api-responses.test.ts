/**
 * Every GET of the generated OpenAPI document answers, for real, a body its response schema
 * describes exactly (the schemas are strict: a field the route sends and the document lacks fails).
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/openapi';
import { RESPONSES } from '../../src/lib/server/openapi/responses';
import { baseUrl } from './support';

/** Reads described by a looser hand-written body so far (GeoJSON, the document itself, and three more). */
// 'GET /me/export': the personal-data export (issue 16) is a large document whose sections grow with each domain; not yet strictly described.
const NOT_YET_STRICT = new Set(['GET /me/export', 'GET /openapi.json', 'GET /city/outlines', 'GET /places', 'GET /places/describe', 'GET /volunteers/me', 'GET /quiz-attempts/{id}']);

async function get(path: string, cookie?: string) {
  const response = await fetch(new URL(`/api/v1${path}`, baseUrl()), { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

describe('the API reads against the OpenAPI document', () => {
  it('answers every GET with a body its response schema describes exactly', async () => {
    const login = await fetch(new URL('/api/v1/session', baseUrl()), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'wenming2026' }) });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('session='))!.split(';')[0]!;
    const city = (await get('/city')).body;
    const report = (await get('/reports')).body.reports[0];
    const shift = (await get('/shifts')).body.shifts[0];
    const round = (await get('/rounds')).body.rounds[0];
    const me = (await get('/me', cookie)).body.user;
    const { west, south, east, north } = city.bounds;
    const samples: Record<string, string> = {
      'GET /reports/{id}': `/reports/${report.id}`,
      'GET /reports/map': `/reports/map?bbox=${west},${south},${east},${north}&zoom=12`,
      'GET /reports/nearby': `/reports/nearby?lat=${report.lat}&lng=${report.lng}&category=${report.category}`,
      'GET /shifts/{id}': `/shifts/${shift.id}`,
      'GET /shifts/{id}/checkin-code': `/shifts/${shift.id}/checkin-code`,
      'GET /projects/{id}': `/projects/${shift.project.id}`,
      'GET /rounds/{id}/candidates': `/rounds/${round.id}/candidates`,
      'GET /certificates/{code}': '/certificates/WENM-2026-CERT-0001',
      'GET /users/{id}': `/users/${me.id}`,
      'GET /reports': `/reports?district=${city.districts[0].code}&status=${report.status}`,
    };
    const reads = Object.entries<any>(openApiDocument.paths ?? {}).filter(([, item]) => item.get).map(([path]) => `GET ${path}`);
    expect(reads.length).toBeGreaterThan(15);
    const checked: string[] = [];
    const mismatches: Record<string, unknown> = {};
    for (const read of reads) {
      if (NOT_YET_STRICT.has(read)) continue;
      const schema = RESPONSES[read];
      expect(schema, `${read} has a response schema`).toBeDefined();
      const path = samples[read] ?? read.slice(4);
      expect(path, `${read} has a sample`).not.toContain('{');
      const { status, body } = await get(path, cookie);
      expect(status, read).toBe(200);
      const parsed = schema!.safeParse(body);
      if (!parsed.success) mismatches[read] = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      checked.push(read);
    }
    expect(mismatches).toEqual({});
    expect(checked.length).toBe(reads.length - [...NOT_YET_STRICT].filter((r) => reads.includes(r)).length);
  });
});
