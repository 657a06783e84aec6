/**
 * The volunteer API over real HTTP. The 200-at-once sign-up runs against the built server on the
 * machine's PostgreSQL (a second server started here on a fresh database, demo data on), as
 * production runs; the rest against the run's shared server.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '../../src/lib/server/volunteers/idnumber';
import { baseUrl } from './support';
import { startServerOnOwnDatabase, type OwnServer } from './support/own-database';
import type { RunningServer } from './support/server';

type Api = (path: string, init?: RequestInit & { cookie?: string; json?: unknown }) => Promise<Response>;

function client(base: () => string): Api {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(new URL(path, base()), { ...init, headers, redirect: 'manual', body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null) });
  };
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!cookie) throw new Error(`no session cookie (status ${response.status})`);
  return cookie.split(';')[0]!;
}

/** A valid resident ID number per serial: region 110101, birth date from the serial, check character computed. */
function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110101${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

async function logIn(api: Api, login: string): Promise<string> {
  const response = await api('/api/v1/session', { method: 'POST', json: { login, password: 'wenming2026' } });
  expect(response.status).toBe(200);
  return sessionCookie(response);
}

/** Registers an account through the API, then as a volunteer; returns its session cookie. */
async function newVolunteer(api: Api, n: number, communityId: number, phonePrefix: string): Promise<string> {
  const created = await api('/api/v1/users', {
    method: 'POST',
    json: { phone: `${phonePrefix}${String(n).padStart(4, '0')}`, password: 'volunteer-pass-1', displayName: `志愿者${n}`, birthYear: 1990, consentVersion: '2026-11' },
  });
  expect(created.status).toBe(201);
  const cookie = sessionCookie(created);
  const registered = await api('/api/v1/volunteers', {
    method: 'POST',
    cookie,
    json: { realName: '测试志愿者', idNumber: idNumber(n), phone: '13900000000', communityId, skills: ['first_aid'], idNumberConsent: true },
  });
  expect(registered.status).toBe(201);
  return cookie;
}

/** Runs the tasks at most `width` at a time (account creation hashes passwords; no need to queue 200 at once). */
async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, i) => task(start + i)))));
  }
  return results;
}

/** The first project the leader may publish shifts for. */
async function leaderProjectId(api: Api, cookie: string): Promise<number> {
  const { shifts } = await (await api('/api/v1/shifts')).json();
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  for (const projectId of new Set<number>(shifts.map((s: { project: { id: number } }) => s.project.id))) {
    const response = await api('/api/v1/shifts', {
      method: 'POST',
      cookie,
      json: { projectId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), capacity: 1 },
    });
    if (response.status === 201) return projectId;
    expect(response.status).toBe(403);
  }
  throw new Error('the demo leader leads no project');
}

describe('200 volunteers signing up at the same moment, over HTTP, on PostgreSQL', () => {
  let own: OwnServer;
  let server: RunningServer;
  let sql: postgres.Sql;
  let api: Api;

  beforeAll(async () => {
    own = await startServerOnOwnDatabase('volunteers_http', { DATABASE_POOL_SIZE: '20' });
    server = own.server;
    api = client(() => server.url);
    sql = postgres(own.url, { max: 2, onnotice: () => {} });
  }, 180_000);

  afterAll(async () => {
    await sql?.end();
    await own?.stop();
  });

  it('confirms exactly 10, waitlists 190 at positions 1-190, and promotes position 1 when a seat is given up', async () => {
    const leader = await logIn(api, 'leader');
    const projectId = await leaderProjectId(api, leader);
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    const created = await api('/api/v1/shifts', {
      method: 'POST',
      cookie: leader,
      json: { projectId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(), capacity: 10 },
    });
    expect(created.status).toBe(201);
    const shiftId: number = (await created.json()).shift.id;

    const [community] = await sql<{ id: number }[]>`select id from areas where level = 'community' order by code limit 1`;
    // The 200 accounts and registrations all come from this one address: its submission limits are raised here.
    const many = JSON.stringify([{ per: 'address', max: 1000, minutes: 60 }]);
    await sql`insert into settings (key, value) values ('limits.signup', ${many}::jsonb), ('limits.volunteer', ${many}::jsonb) on conflict (key) do update set value = excluded.value`;
    const cookies = await inBatches(200, 20, (i) => newVolunteer(api, i, community!.id, '1370000'));

    const answers = await Promise.all(cookies.map((cookie) => api(`/api/v1/shifts/${shiftId}/signup`, { method: 'POST', cookie })));
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(201));
    const bodies: { status: string; position?: number }[] = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(10);
    expect(bodies.filter((b) => b.status === 'confirmed').every((b) => Object.keys(b).length === 1)).toBe(true);
    const positions = bodies.flatMap((b) => (b.status === 'waitlisted' ? [b.position!] : [])).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));

    const shift = (await (await api(`/api/v1/shifts/${shiftId}`)).json()).shift;
    expect(shift).toMatchObject({ capacity: 10, confirmed: 10, waitlisted: 190, seatsLeft: 0 });

    const leaving = cookies[bodies.findIndex((b) => b.status === 'confirmed')]!;
    const first = cookies[bodies.findIndex((b) => b.position === 1)]!;
    const second = cookies[bodies.findIndex((b) => b.position === 2)]!;
    expect((await api(`/api/v1/shifts/${shiftId}/signup`, { method: 'DELETE', cookie: leaving })).status).toBe(204);
    expect((await (await api(`/api/v1/shifts/${shiftId}`, { cookie: first })).json()).shift.mySignup).toMatchObject({ status: 'confirmed', position: null });
    expect((await (await api(`/api/v1/shifts/${shiftId}`, { cookie: second })).json()).shift.mySignup).toMatchObject({ status: 'waitlisted', position: 1 });
    const [promoted] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where kind = 'shift.promoted'`;
    expect(promoted!.n).toBe(1);
    const [rows] = await sql<{ confirmed: number; positions: number[] }[]>`
      select count(*) filter (where status = 'confirmed')::int as confirmed,
             coalesce(array_agg(position order by position) filter (where status = 'waitlisted'), '{}') as positions
      from volunteer_signups where shift_id = ${shiftId}`;
    expect(rows!.confirmed).toBe(10);
    expect(rows!.positions).toEqual(Array.from({ length: 189 }, (_, i) => i + 1));
  }, 240_000);
});

describe('the volunteer API on the shared server', () => {
  const api = client(baseUrl);
  const prefix = `136${String(Date.now() % 1e4).padStart(4, '0')}`;

  it('lists shifts with filters and refuses a malformed one', async () => {
    const all = await (await api('/api/v1/shifts')).json();
    expect(all.shifts.length).toBeGreaterThan(10);
    const traffic = await (await api('/api/v1/shifts?type=traffic')).json();
    expect(traffic.shifts.length).toBeGreaterThan(0);
    expect(traffic.shifts.every((s: { project: { type: string } }) => s.project.type === 'traffic')).toBe(true);
    const bad = await api('/api/v1/shifts?bbox=1,2,3');
    expect(bad.status).toBe(400);
    const { lat, lng } = all.shifts[0].project;
    const boxed = await (await api(`/api/v1/shifts?bbox=${lng - 0.001},${lat - 0.001},${lng + 0.001},${lat + 0.001}`)).json();
    expect(boxed.shifts.every((s: { project: { lat: number } }) => Math.abs(s.project.lat - lat) < 0.002)).toBe(true);
  });

  it('answers sign-up errors in the error shape: 401, 403 before registration, 409 for the cut-off and for an overlap', async () => {
    const { shifts } = await (await api('/api/v1/shifts')).json();
    const shift = shifts.find((s: { seatsLeft: number }) => s.seatsLeft > 0);
    expect((await api(`/api/v1/shifts/${shift.id}/signup`, { method: 'POST' })).status).toBe(401);
    const created = await api('/api/v1/users', {
      method: 'POST',
      json: { phone: `${prefix}0001`, password: 'volunteer-pass-1', displayName: '接口志愿者', birthYear: 1990, consentVersion: '2026-11' },
    });
    const cookie = sessionCookie(created);
    const early = await api(`/api/v1/shifts/${shift.id}/signup`, { method: 'POST', cookie });
    expect(early.status).toBe(403);
    expect((await early.json()).error.code).toBe('not_volunteer');

    const wrongId = await api('/api/v1/volunteers', {
      method: 'POST',
      cookie,
      json: { realName: '接口志愿者', idNumber: '110105194912310021', phone: `${prefix}0001`, communityId: 1 },
    });
    expect(wrongId.status).toBe(400);
    expect((await wrongId.json()).error.fields.idNumber).toContain('校验位');

    // Leader publishes two overlapping shifts, one starting in 50 minutes (inside the 3-hour cut-off, and check-in is open).
    const leader = await logIn(api, 'leader');
    const projectId = await leaderProjectId(api, leader);
    const soon = new Date(Date.now() + 50 * 60_000);
    const publish = async (start: Date) =>
      (
        await (
          await api('/api/v1/shifts', {
            method: 'POST',
            cookie: leader,
            json: { projectId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(), capacity: 5 },
          })
        ).json()
      ).shift.id as number;
    const near = await publish(soon);
    const overlapping = await publish(new Date(soon.getTime() + 3_600_000));
    const me = await (await api('/api/v1/me', { cookie })).json();
    const registered = await api('/api/v1/volunteers', {
      method: 'POST',
      cookie,
      json: { realName: '接口志愿者', idNumber: idNumber(5000 + (Date.now() % 1000)), phone: me.user.phone, communityId: await firstCommunityId(), idNumberConsent: true },
    });
    expect(registered.status).toBe(201);

    const signed = await api(`/api/v1/shifts/${near}/signup`, { method: 'POST', cookie });
    expect(signed.status).toBe(201);
    expect(await signed.json()).toEqual({ status: 'confirmed' });
    const again = await api(`/api/v1/shifts/${near}/signup`, { method: 'POST', cookie });
    expect(again.status).toBe(200);
    const clash = await api(`/api/v1/shifts/${overlapping}/signup`, { method: 'POST', cookie });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error).toMatchObject({ code: 'overlap', message: expect.stringContaining('同一时间段') });
    const late = await api(`/api/v1/shifts/${near}/signup`, { method: 'DELETE', cookie });
    expect(late.status).toBe(409);
    expect((await late.json()).error).toMatchObject({ code: 'cutoff', message: expect.stringContaining('3 小时内不能取消') });

    // The leader's code checks in through the API; a forged one is refused.
    const code = await (await api(`/api/v1/shifts/${near}/checkin-code`, { cookie: leader })).json();
    expect(code.svg).toContain('<svg');
    expect((await api(`/api/v1/shifts/${near}/checkin-code`, { cookie })).status).toBe(403);
    const token = new URL(code.url).searchParams.get('token');
    const checkIn = await api('/api/v1/checkins', { method: 'POST', cookie, json: { token, lat: 28.2, lng: 113.0 } });
    expect(checkIn.status).toBe(200);
    expect(await checkIn.json()).toMatchObject({ mode: 'in', shiftId: near, already: false, distanceM: expect.any(Number) });
    const forged = await api('/api/v1/checkins', { method: 'POST', cookie, json: { token: token!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } });
    expect(forged.status).toBe(400);
  });

  it('lets a leader create and edit a project and edit and cancel a shift, and refuses others', async () => {
    const leader = await logIn(api, 'leader');
    const existing = await (await api(`/api/v1/projects/${await leaderProjectId(api, leader)}`)).json();
    const teamId = existing.project.teamId as number;
    const created = await api('/api/v1/projects', {
      method: 'POST',
      cookie: leader,
      json: { teamId, title: '接口测试项目', type: 'cleanup', lat: existing.project.lat, lng: existing.project.lng, address: '测试地址' },
    });
    expect(created.status).toBe(201);
    const { project } = await created.json();
    expect(project).toMatchObject({ teamId, title: '接口测试项目', type: 'cleanup', districtId: expect.any(Number) });
    const edited = await api(`/api/v1/projects/${project.id}`, { method: 'PATCH', cookie: leader, json: { title: '接口测试项目（改）' } });
    expect(edited.status).toBe(200);
    expect((await edited.json()).project).toMatchObject({ title: '接口测试项目（改）', lat: existing.project.lat });
    const outside = await api('/api/v1/projects', { method: 'POST', cookie: leader, json: { teamId, title: '城外', type: 'other', lat: 40, lng: 116 } });
    expect(outside.status).toBe(400);

    const start = new Date(Date.now() + 5 * 86_400_000);
    const published = await api('/api/v1/shifts', {
      method: 'POST',
      cookie: leader,
      json: { projectId: project.id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(), capacity: 2 },
    });
    const shiftId = (await published.json()).shift.id as number;
    const resident = await logIn(api, 'resident');
    expect((await api(`/api/v1/shifts/${shiftId}`, { method: 'PATCH', cookie: resident, json: { capacity: 9 } })).status).toBe(403);
    expect((await api('/api/v1/projects', { method: 'POST', cookie: resident, json: { teamId, title: '不行', type: 'other', lat: 28.2, lng: 113 } })).status).toBe(403);
    const patched = await api(`/api/v1/shifts/${shiftId}`, { method: 'PATCH', cookie: leader, json: { capacity: 4, cancelCutoffMinutes: 120 } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).shift).toMatchObject({ capacity: 4, cancelCutoffAt: new Date(start.getTime() - 7_200_000).toISOString() });
    expect((await api(`/api/v1/shifts/${shiftId}`, { method: 'DELETE', cookie: leader, json: {} })).status).toBe(400);
    const cancelled = await api(`/api/v1/shifts/${shiftId}`, { method: 'DELETE', cookie: leader, json: { reason: '接口测试' } });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ cancelled: true, notified: 0 });
    expect((await (await api(`/api/v1/shifts/${shiftId}`)).json()).shift.cancelledAt).toEqual(expect.any(String));
    const after = await api(`/api/v1/shifts/${shiftId}`, { method: 'PATCH', cookie: leader, json: { capacity: 5 } });
    expect(after.status).toBe(409);
    expect((await after.json()).error.code).toBe('cancelled');
  });

  it('verifies a certificate publicly and answers 404 for an unknown code', async () => {
    const genuine = await api('/api/v1/certificates/WENM-2026-CERT-0001');
    expect(genuine.status).toBe(200);
    expect((await genuine.json()).certificate).toEqual({
      number: expect.any(String),
      maskedName: '王*愿',
      totalHours: 115,
      periodFrom: expect.any(String),
      periodTo: expect.any(String),
      issuedOn: expect.any(String),
      valid: true,
    });
    expect((await api('/api/v1/certificates/ZZZZ-ZZZZ-ZZZZ-ZZZZ')).status).toBe(404);
  });

  async function firstCommunityId(): Promise<number> {
    // The registration form lists communities; read the first option's id.
    const cookie = await logIn(api, 'resident');
    const form = await (await api('/volunteer/register', { cookie })).text();
    return Number(/<option value="(\d+)"/.exec(form)![1]);
  }
});
