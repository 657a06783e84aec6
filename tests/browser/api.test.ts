/**
 * The JSON API and the account pages over real HTTP, against the built server: status codes, the
 * error shape, cookies, the Origin check, and that a resident reaches neither staff pages nor
 * another person's records (IDOR), by URL or by API.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './support';

const url = (p: string) => new URL(p, baseUrl()).toString();
let phoneCounter = 0;
/** Distinct, valid numbers per run, so tests never collide with each other or with demo accounts. */
const freshPhone = () => `139${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneCounter++ % 100).padStart(2, '0')}`;

async function api(p: string, init: RequestInit & { cookie?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(url(p), { ...init, headers, redirect: 'manual', body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null) });
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!cookie) throw new Error('no session cookie set');
  return cookie.split(';')[0]!;
}

async function logInAs(login: string, password = 'wenming2026'): Promise<string> {
  const response = await api('/api/v1/session', { method: 'POST', json: { login, password } });
  expect(response.status).toBe(200);
  return sessionCookie(response);
}

describe('the accounts API', () => {
  it('registers an account, sets a safe session cookie and shows the owner their full phone', async () => {
    const phone = freshPhone();
    const created = await api('/api/v1/users', {
      method: 'POST',
      json: { phone, password: 'a-good-password', displayName: '接口测试', birthYear: 1990, consentVersion: '2026-11' },
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.user).toMatchObject({ displayName: '接口测试', role: 'resident' });
    const setCookie = created.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here; https adds Secure
    const me = await api('/api/v1/me', { cookie: sessionCookie(created) });
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ phone, displayName: '接口测试', consent: { version: '2026-11' } });
  });

  it('answers invalid registrations with localized field errors, in English when asked', async () => {
    const zh = await api('/api/v1/users', { method: 'POST', json: { phone: '123', password: 'x', displayName: '', birthYear: 1990, consentVersion: '2026-11' } });
    expect(zh.status).toBe(400);
    const zhBody = await zh.json();
    expect(zhBody.error.code).toBe('invalid');
    expect(zhBody.error.fields.phone).toContain('手机号');
    const en = await api('/api/v1/users', {
      method: 'POST',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      json: { phone: '123', password: 'x', displayName: '', birthYear: 1990, consentVersion: '2026-11' },
    });
    expect((await en.json()).error.fields.phone).toMatch(/mobile number/i);
  });

  it('refuses a second registration of the same number with 409', async () => {
    const phone = freshPhone();
    const input = { phone, password: 'a-good-password', displayName: '重复', birthYear: 1990, consentVersion: '2026-11' };
    expect((await api('/api/v1/users', { method: 'POST', json: input })).status).toBe(201);
    const again = await api('/api/v1/users', { method: 'POST', json: input });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('phone_taken');
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const wrong = await api('/api/v1/session', { method: 'POST', json: { login: 'resident', password: 'not-the-password' } });
    const unknown = await api('/api/v1/session', { method: 'POST', json: { login: 'nobody-here', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('logs out with DELETE /session, after which /me is a 401 in the error shape', async () => {
    const cookie = await logInAs('volunteer');
    expect((await api('/api/v1/me', { cookie })).status).toBe(200);
    expect((await api('/api/v1/session', { method: 'DELETE', cookie })).status).toBe(204);
    const after = await api('/api/v1/me', { cookie });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } });
  });

  it('describes the city', async () => {
    const response = await api('/api/v1/city');
    expect(response.status).toBe(200);
    const city = await response.json();
    expect(city.name.zh).toBeTruthy();
    expect(city.center).toEqual({ lat: expect.any(Number), lng: expect.any(Number) });
    expect(city.bounds.west).toBeLessThan(city.bounds.east);
    expect(city.districts.length).toBeGreaterThan(0);
    expect(city.districts[0]).toEqual({ code: expect.any(String), nameZh: expect.any(String), nameEn: expect.any(String) });
  });
});

describe('API errors and the Origin check', () => {
  it('answers an unknown /api/v1 path with a JSON 404', async () => {
    const response = await api('/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: '找不到您要访问的内容' } });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await api('/api/v1/session', { method: 'POST', body: 'login=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });

  it('refuses API writes and form posts from a foreign Origin, but not from our own', async () => {
    const foreignApi = await api('/api/v1/session', { method: 'POST', headers: { origin: 'https://evil.example' }, json: { login: 'resident', password: 'wenming2026' } });
    expect(foreignApi.status).toBe(403);
    expect((await foreignApi.json()).error.code).toBe('foreign_origin');
    const foreignForm = await api('/logout', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(foreignForm.status).toBe(403);
    const own = await api('/api/v1/session', { method: 'POST', headers: { origin: new URL(baseUrl()).origin }, json: { login: 'resident', password: 'wenming2026' } });
    expect(own.status).toBe(200);
  });

  it('never leaks a stack trace', async () => {
    const response = await api('/api/v1/session', { method: 'POST', body: '{"login":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });
});

describe('a resident cannot reach staff pages or other people’s records (IDOR)', () => {
  it('sends a logged-out visitor to the login form from staff and admin pages', async () => {
    for (const page of ['/staff', '/admin', '/admin/audit', '/admin/users/1', '/account']) {
      const response = await api(page);
      expect(response.status, page).toBe(303);
      expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page)}`);
    }
  });

  it('refuses a resident every staff and admin page with 403', async () => {
    const cookie = await logInAs('resident');
    for (const page of ['/staff', '/admin', '/admin/audit', '/admin/users', '/admin/users/1', '/admin/city', '/admin/city/export.geojson']) {
      const response = await api(page, { cookie });
      expect(response.status, page).toBe(403);
    }
  });

  it("refuses a resident another person's account through the API, and shows admins the phone masked", async () => {
    const resident = await logInAs('resident');
    const me = await (await api('/api/v1/me', { cookie: resident })).json();
    const adminCookie = await logInAs('admin');
    const admin = await (await api('/api/v1/me', { cookie: adminCookie })).json();

    const own = await api(`/api/v1/users/${me.user.id}`, { cookie: resident });
    expect(own.status).toBe(200);
    expect((await own.json()).user.phone).toBe(me.user.phone);

    const other = await api(`/api/v1/users/${admin.user.id}`, { cookie: resident });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('forbidden');

    const byAdmin = await api(`/api/v1/users/${me.user.id}`, { cookie: adminCookie });
    expect((await byAdmin.json()).user.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('lets department staff into the workspace but not into administration', async () => {
    const cookie = await logInAs('staff');
    expect((await api('/staff', { cookie })).status).toBe(200);
    expect((await api('/admin/audit', { cookie })).status).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it('describes every route under src/pages/api/v1', async () => {
    const document = await (await api('/api/v1/openapi.json')).json();
    const root = path.resolve('src/pages/api/v1');
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else routes.push(path.relative(root, full));
      }
    };
    walk(root);
    const paths = routes
      .filter((file) => !file.includes('[...'))
      .map(
        (file) =>
          '/' +
          file
            .replace(/\.ts$/, '')
            .replace(/(^|\/)index$/, '')
            .replace(/\[(\w+)\]/g, '{$1}'),
      )
      .map((p) => (p.length > 1 ? p.replace(/\/$/, '') : p));
    expect(paths.length).toBeGreaterThan(3);
    for (const p of paths) expect(Object.keys(document.paths), p).toContain(p);
  });
});

describe('security headers', () => {
  it('sends a CSP without unsafe-inline scripts and with frame-ancestors none on pages, and the other headers everywhere', async () => {
    for (const p of ['/', '/login', '/api/v1/city', '/no-such-page', '/favicon.svg']) {
      const response = await api(p);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, p).toMatch(/frame-ancestors 'none'/);
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc, p).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), p).toBe('strict-origin-when-cross-origin');
      expect(response.headers.has('x-powered-by'), p).toBe(false);
    }
    const home = await api('/');
    expect(home.headers.get('content-security-policy')).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org/);
  });
});
