/**
 * Open311 GeoReport v2 as a client uses it, against the built server with demo data: discovery,
 * service definitions with the demo's extra questions, comma lists and empty arguments, a request
 * read back at once, and XML that Chromium's strict parser accepts; and the report form asking the
 * chosen category's questions, with and without JavaScript.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, logIn, newPage, PHONE_VIEWPORT, screenshot } from './support';

const url = (p: string) => new URL(p, baseUrl()).toString();
const KEY = 'demo-open311-key-wenming-2026';
const post = (fields: Record<string, string>, extra: [string, string][] = []) => {
  const body = new URLSearchParams(fields);
  for (const [name, value] of extra) body.append(name, value);
  return fetch(url('/open311/v2/requests.json'), { method: 'POST', body });
};

describe('Open311 conformance', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  /** Parses XML as a strict parser does; returns the parser's error text, or '' when well-formed. */
  async function xmlError(xml: string): Promise<string> {
    const page = await newPage(browser);
    const error = await page.evaluate((text) => new DOMParser().parseFromString(text, 'application/xml').querySelector('parsererror')?.textContent ?? '', xml);
    await page.close();
    return error;
  }

  it('describes the endpoint in discovery and the demo categories’ questions as service attributes', async () => {
    const discovery = await (await fetch(url('/open311/v2/discovery.json'))).json();
    expect(discovery.endpoints[0]).toMatchObject({ url: expect.stringMatching(/\/open311\/v2$/), formats: ['application/json', 'text/xml'] });
    expect(discovery.contact).toBeTruthy();
    expect(await xmlError(await (await fetch(url('/open311/v2/discovery.xml'))).text())).toBe('');
    const services = await (await fetch(url('/open311/v2/services.json'))).json();
    expect(services.find((s: { service_code: string }) => s.service_code === 'parking')).toMatchObject({ metadata: true });
    expect(services.find((s: { service_code: string }) => s.service_code === 'litter')).toMatchObject({ metadata: false });
    const parking = await (await fetch(url('/open311/v2/services/parking.json'))).json();
    expect(parking.attributes.map((a: { code: string; datatype: string; required: boolean }) => [a.code, a.datatype, a.required])).toEqual([
      ['plate', 'string', false],
      ['vehicle', 'singlevaluelist', true],
      ['blocks_exit', 'singlevaluelist', false],
    ]);
    expect(await xmlError(await (await fetch(url('/open311/v2/services/parking.xml'))).text())).toBe('');
  });

  it('takes attribute[code] on POST, and the request reads back at once by id without its description', async () => {
    const base = { api_key: KEY, service_code: 'parking', lat: '28.2', long: '113.0', description: '车停在盲道上 <b>&' };
    const control = await post({ ...base, description: '车停在盲道上\u0007' }, [['attribute[vehicle]', 'car']]);
    expect(control.status).toBe(400);
    const refused = await post(base, [['attribute[plate]', '湘A12345']]);
    expect(refused.status).toBe(400);
    expect((await refused.json())[0].description).toContain('attribute[vehicle]');
    const created = await post(base, [
      ['attribute[plate]', '湘A12345'],
      ['attribute[vehicle]', 'car'],
    ]);
    expect(created.status).toBe(201);
    const [{ service_request_id: id }] = await created.json();
    const [one] = await (await fetch(url(`/open311/v2/requests/${id}.json`))).json();
    expect(one).toMatchObject({ service_request_id: id, status: 'open', description: '', service_code: 'parking' });
    const listed = await (await fetch(url(`/open311/v2/requests.json?service_request_id=${id},1&status=closed&service_code=litter`))).json();
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    expect(await xmlError(await (await fetch(url(`/open311/v2/requests/${id}.xml`))).text())).toBe('');
  });

  it('answers empty optional arguments as if absent, comma lists, and XML a strict parser accepts', async () => {
    const empty = await fetch(url('/open311/v2/requests.json?status=&service_code=&start_date=&end_date=&service_request_id=&jurisdiction_id='));
    expect(empty.status).toBe(200);
    const all = await empty.json();
    const both = await (await fetch(url('/open311/v2/requests.json?status=open,closed'))).json();
    expect(both.length).toBe(all.length);
    const codes = await (await fetch(url('/open311/v2/requests.json?service_code=litter,parking'))).json();
    expect(codes.every((r: { service_code: string }) => ['litter', 'parking'].includes(r.service_code))).toBe(true);
    expect(all.every((r: { media_url: string }) => r.media_url === '' || /^https?:\/\//.test(r.media_url))).toBe(true);
    // Status notes are words (the city's language by default), never the code behind them.
    expect(all.length).toBeGreaterThan(0);
    for (const request of all as { status_notes: string }[]) expect(request.status_notes).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(all.some((r: { address: string }) => r.address !== '')).toBe(true);
    expect(await xmlError(await (await fetch(url('/open311/v2/requests.xml'))).text())).toBe('');
    for (const bad of ['status=pending', 'service_request_id=1,x', 'start_date=2026-13-45', 'jurisdiction_id=elsewhere']) {
      const response = await fetch(url(`/open311/v2/requests.json?${bad}`));
      expect([400, 404], bad).toContain(response.status);
    }
  });

  it('asks the chosen category’s questions on the report form, and every group without JavaScript', async () => {
    const page = await newPage(browser, { viewport: PHONE_VIEWPORT });
    await logIn(page, 'resident');
    await page.goto(url('/reports/new'));
    await expect(page.locator('fieldset.category-fields:visible').count()).resolves.toBe(0);
    await page.selectOption('#field-category', 'parking');
    await expect(page.locator('fieldset.category-fields:visible').count()).resolves.toBe(1);
    await expect(page.getByLabel(/车牌号/).isVisible()).resolves.toBe(true);
    await page.getByLabel(/车牌号/).fill('湘A12345');
    await screenshot(page, 'report-form-parking-questions');
    await page.close();

    const plain = await newPage(browser, { viewport: PHONE_VIEWPORT, javaScriptEnabled: false });
    await logIn(plain, 'resident').catch(() => undefined);
    await plain.goto(url('/reports/new'));
    await expect(plain.locator('fieldset.category-fields').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(plain.locator('fieldset.category-fields:visible').count()).resolves.toBeGreaterThanOrEqual(3);
    await plain.close();
  });
});
