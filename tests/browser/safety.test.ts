/**
 * What outside testing found, over real HTTP against the built server: refused form actions answer
 * 401/403 (never 500), return targets stay on the portal, absolute links ignore the Host header,
 * and the working-day calendar is served for years beyond the published schedule.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiSession, baseUrl } from './support';

const url = (p: string) => new URL(p, baseUrl()).toString();
const origin = () => new URL(baseUrl()).origin;

async function post(p: string, form: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  return fetch(url(p), { method: 'POST', headers, body: new URLSearchParams(form), redirect: 'manual' });
}

const logInAs = (login: string) => apiSession(login);

describe('refused form actions', () => {
  it('sends a signed-out person to log in and back to the page, instead of answering 500', async () => {
    const response = await post('/reports?_action=reports.follow', { reportId: '1' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/reports')}`);
  });

  it('keeps what a signed-out person typed across the login detour and shows the form filled in, once', async () => {
    const typed = {
      nomineeName: '登录前填写的名字',
      communityId: '',
      category: 'dedication',
      story: '这是登录之前写下的事迹，登录之后应当原样回到表单里。',
      nominatorContact: '13800009999',
      evidence: '',
    };
    const refused = await post('/good-people/nominate?_action=nominations.submit', typed);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/good-people/nominate')}`);
    const draft = refused.headers.getSetCookie().find((c) => c.startsWith('wm_form_draft='));
    expect(draft).toMatch(/HttpOnly/i);
    const cookie = `${await logInAs('resident')}; ${draft!.split(';')[0]}`;
    const back = await fetch(url('/good-people/nominate'), { headers: { cookie } });
    expect(back.status).toBe(200);
    const html = await back.text();
    expect(html).toContain('登录前填写的名字');
    expect(html).toContain('这是登录之前写下的事迹');
    expect(html).toContain('您登录前填写的内容已保留');
    // Used once: the next visit shows an empty form.
    expect(await (await fetch(url('/good-people/nominate'), { headers: { cookie } })).text()).not.toContain('登录前填写的名字');
  });

  it("answers a resident posting an administrator's form with 403 and the page, not a 500", async () => {
    const cookie = await logInAs('resident');
    const response = await post('/?_action=admin.changeRole', { userId: '1', role: 'admin' }, cookie);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('AstroActionError');
  });
});

describe('return targets', () => {
  it('never leave the portal from the language switch or the login page', async () => {
    for (const target of ['/\t/evil.example/', '//evil.example/', '/\\evil.example', 'https://evil.example/']) {
      const response = await post('/language', { locale: 'en', returnTo: target });
      expect(response.status).toBe(303);
      expect(response.headers.get('location'), JSON.stringify(target)).toBe('/');
    }
    const newline = await fetch(url('/login?next=/%0a/evil.example'), { redirect: 'manual' });
    expect(newline.status).toBe(200);
  });
});

describe('absolute links', () => {
  it('ignore the Host header a request sends (Open311 media_url)', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const target = new URL(url('/open311/v2/requests.json?status=closed'));
      const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: { host: 'evil.example' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    const requests = JSON.parse(body) as { media_url: string }[];
    const withPhoto = requests.find((r) => r.media_url);
    expect(withPhoto?.media_url).toMatch(new RegExp(`^${origin()}/media/`));
    expect(body).not.toContain('evil.example');
  });
});

describe('the working-day calendar API', () => {
  it("lists 2027's statutory holidays as a fallback, and refuses a year that is not one", async () => {
    const response = await fetch(url('/api/v1/calendar?year=2027'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { schedule: string; days: { date: string; kind: string; source: string }[] };
    expect(body.schedule).toBe('fallback');
    expect(body.days).toContainEqual(expect.objectContaining({ date: '2027-01-01', kind: 'holiday', source: 'fallback' }));
    const official = (await (await fetch(url('/api/v1/calendar?year=2026'))).json()) as { schedule: string; days: { date: string; kind: string }[] };
    expect(official.schedule).toBe('official');
    expect(official.days).toContainEqual(expect.objectContaining({ date: '2026-02-14', kind: 'workday' }));
    expect((await fetch(url('/api/v1/calendar?year=twenty'))).status).toBe(400);
  });
});
