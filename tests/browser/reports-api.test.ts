/**
 * Reports over real HTTP against the built server with demo data: a resident can neither act on
 * nor read the staff data of another person's report (IDOR); the public API hides reporters; the
 * map and Open311 answer in their formats; a bad Open311 key is a 403.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { apiSession, baseUrl } from './support';

const url = (p: string) => new URL(p, baseUrl()).toString();

const logInAs = (login: string) => apiSession(login);

async function submit(cookie: string, key: string, confirm = false) {
  const form = new FormData();
  if (confirm) form.set('confirm', '1');
  form.set('lat', '28.2');
  form.set('lng', '113.0');
  form.set('category', 'fire-lane');
  form.set('description', '消防通道被堵，联系人 13912345678');
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: 'blue' } })
    .jpeg()
    .toBuffer();
  form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
  return fetch(url('/api/v1/reports'), { method: 'POST', headers: { cookie, 'idempotency-key': key }, body: form });
}

describe('the reports API', () => {
  it('creates a report once per Idempotency-Key and answers 201 with a Location', async () => {
    const cookie = await logInAs('resident');
    const key = `k-${Date.now()}`;
    const first = await submit(cookie, key, true);
    expect(first.status).toBe(201);
    const { report } = await first.json();
    expect(first.headers.get('location')).toBe(`/api/v1/reports/${report.id}`);
    const again = await submit(cookie, key);
    expect(again.status).toBe(200);
    expect((await again.json()).report.id).toBe(report.id);
  });

  it('offers the open reports nearby with 409 before filing another, as the form does, and files it with confirm', async () => {
    const cookie = await logInAs('resident');
    const first = await (await submit(cookie, `k-near-${Date.now()}`, true)).json();
    const offered = await submit(cookie, `k-near2-${Date.now()}`);
    expect(offered.status).toBe(409);
    const body = await offered.json();
    expect(body.error.code).toBe('duplicates');
    expect(body.duplicates.map((d: { id: number }) => d.id)).toContain(first.report.id);
    expect((await submit(cookie, `k-near3-${Date.now()}`, true)).status).toBe(201);
  });

  it('keeps a resident from acting on, or reading the staff data of, another person’s report', async () => {
    const owner = await logInAs('resident');
    const created = await (await submit(owner, `k-idor-${Date.now()}`, true)).json();
    const id = created.report.id;
    const other = await logInAs('volunteer');
    // Not yet accepted: invisible to others.
    expect((await fetch(url(`/api/v1/reports/${id}`), { headers: { cookie: other } })).status).toBe(404);
    const act = await fetch(url(`/api/v1/reports/${id}/transitions`), {
      method: 'POST',
      headers: { cookie: other, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'accepted', version: 1 }),
    });
    expect(act.status).toBe(403);
    const moderator = await logInAs('moderator');
    const accepted = await fetch(url(`/api/v1/reports/${id}/transitions`), {
      method: 'POST',
      headers: { cookie: moderator, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'accepted', version: 1 }),
    });
    expect(accepted.status).toBe(200);
    const stale = await fetch(url(`/api/v1/reports/${id}/transitions`), {
      method: 'POST',
      headers: { cookie: moderator, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'assigned', version: 1 }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('conflict');
    const seen = await (await fetch(url(`/api/v1/reports/${id}`), { headers: { cookie: other } })).json();
    expect(seen.report.private).toBeUndefined();
    expect(seen.report.description).not.toContain('13912345678');
    expect(JSON.stringify(seen)).not.toContain('reporter');
    expect(seen.report.allowedTransitions).toEqual([]);
  });

  it('clusters reports for a bounding box and zoom', async () => {
    const response = await fetch(url('/api/v1/reports/map?bbox=112.9,28.1,113.1,28.3&zoom=12'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.clusters.length + body.reports.length).toBeGreaterThan(0);
    expect((await fetch(url('/api/v1/reports/map?bbox=1,2,3&zoom=12'))).status).toBe(400);
  });

  it('answers the list page and the staff ledger with a 400 naming a filter they do not understand', async () => {
    for (const [bad, field] of [
      ['status=bogus', 'status'],
      ['from=2026-13-45', 'from'],
      ['district=nowhere', 'district'],
      ['page=99999999999999999999', 'page'],
    ]) {
      const page = await fetch(url(`/reports?${bad}`), { headers: { 'accept-language': 'en' } });
      expect(page.status, bad).toBe(400);
      expect(await page.text(), bad).toContain(`“${field}” is not valid`);
    }
    const good = await fetch(url('/reports?status=accepted&from=2026-01-01'));
    expect(good.status).toBe(200);
    const cookie = await logInAs('moderator');
    const ledger = await fetch(url('/staff/reports/ledger.csv?to=2026-02-30'), { headers: { cookie, 'accept-language': 'en' } });
    expect(ledger.status).toBe(400);
    expect((await ledger.json()).error.fields).toEqual({ to: expect.any(String) });
    expect((await fetch(url('/staff/reports/ledger.csv?status=closed'), { headers: { cookie } })).status).toBe(200);
  });
});

describe('Open311 GeoReport v2', () => {
  it('lists services and requests in JSON and XML', async () => {
    const services = await (await fetch(url('/open311/v2/services.json'))).json();
    expect(services[0]).toMatchObject({ service_code: expect.any(String), metadata: false, type: 'realtime' });
    expect(await (await fetch(url('/open311/v2/services/litter.json'))).json()).toEqual({ service_code: 'litter', attributes: [] });
    const requests = await (await fetch(url('/open311/v2/requests.json?status=closed'))).json();
    expect(requests[0]).toMatchObject({ status: 'closed', requested_datetime: expect.stringMatching(/\+08:00$/) });
    const xml = await fetch(url('/open311/v2/requests.xml'));
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    expect(await xml.text()).toContain('<service_requests>');
    const missing = await fetch(url('/open311/v2/requests/999999999.json'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });

  it('files a request with the demo key, refuses a bad key with 403 and bad input with 400', async () => {
    const post = (fields: Record<string, string>) =>
      fetch(url('/open311/v2/requests.json'), { method: 'POST', headers: { origin: 'https://city-system.example' }, body: new URLSearchParams(fields) });
    const bad = await post({ api_key: 'nope', service_code: 'litter', lat: '28.2', long: '113.0', description: '路边垃圾没人清理' });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual([{ code: 403, description: expect.any(String) }]);
    const missing = await post({ api_key: 'demo-open311-key-wenming-2026', service_code: 'litter', description: '路边垃圾没人清理' });
    expect(missing.status).toBe(400);
    const ok = await post({ api_key: 'demo-open311-key-wenming-2026', service_code: 'litter', lat: '28.2', long: '113.0', description: '路边垃圾没人清理' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/), service_notice: '', account_id: '' }]);
  });
});
