/**
 * Every GET of the generated OpenAPI document answers, for real, a body its response schema
 * describes exactly (the schemas are strict: a field the route sends and the document lacks fails).
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/openapi';
import { RESPONSES } from '../../src/lib/server/openapi/responses';
import { apiSession, baseUrl } from './support';

/** Reads described by a looser body so far: none (every GET is strictly described). */
const NOT_YET_STRICT = new Set<string>([]);

async function get(path: string, cookie?: string) {
  const response = await fetch(new URL(`/api/v1${path}`, baseUrl()), { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

describe('the API reads against the OpenAPI document', () => {
  it('answers every GET with a body its response schema describes exactly', async () => {
    const cookie = await apiSession('admin');
    // Reads of one's own volunteer record need a registered volunteer (whose export has every section).
    const volunteer = await apiSession('volunteer');
    const cookies: Record<string, string> = { 'GET /volunteers/me': volunteer, 'GET /me/export': volunteer };
    const city = (await get('/city')).body;
    const report = (await get('/reports')).body.reports[0];
    const shift = (await get('/shifts')).body.shifts[0];
    const round = (await get('/rounds')).body.rounds[0];
    const me = (await get('/me', cookie)).body.user;
    const campaign = (await get('/quiz-campaigns')).body.campaigns[0];
    const started = await fetch(new URL(`/api/v1/quiz-campaigns/${campaign.id}/attempts`, baseUrl()), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: new URL(baseUrl()).origin },
      body: JSON.stringify({
        practice: true,
        communityId: Number((await get('/places?q=%E7%A4%BE%E5%8C%BA')).body.places.find((p: { kind: string }) => p.kind === 'community').ref.split(':')[1]),
      }),
    });
    expect(started.status).toBe(201);
    const startedBody = await started.json();
    expect(RESPONSES['POST /quiz-campaigns/{id}/attempts']!.safeParse(startedBody).error).toBeUndefined();
    const attempt = startedBody.attempt;
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
      'GET /quiz-attempts/{id}': `/quiz-attempts/${attempt.id}`,
      'GET /places': '/places?q=%E8%B7%AF',
      'GET /places/describe': `/places/describe?lat=${report.lat}&lng=${report.lng}`,
      'GET /reports': `/reports?district=${city.districts[0].code}&status=${report.status}`,
    };
    const reads = Object.entries<any>(openApiDocument.paths ?? {})
      .filter(([, item]) => item.get)
      .map(([path]) => `GET ${path}`);
    expect(reads.length).toBeGreaterThan(15);
    const checked: string[] = [];
    const mismatches: Record<string, unknown> = {};
    for (const read of reads) {
      if (NOT_YET_STRICT.has(read)) continue;
      const schema = RESPONSES[read];
      expect(schema, `${read} has a response schema`).toBeDefined();
      const path = samples[read] ?? read.slice(4);
      expect(path, `${read} has a sample`).not.toContain('{');
      const { status, body } = await get(path, cookies[read] ?? cookie);
      expect(status, read).toBe(200);
      const parsed = schema!.safeParse(body);
      if (!parsed.success) mismatches[read] = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      checked.push(read);
    }
    expect(mismatches).toEqual({});
    expect(checked.length).toBe(reads.length - [...NOT_YET_STRICT].filter((r) => reads.includes(r)).length);
  });
});
