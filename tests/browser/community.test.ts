/**
 * Updates, flags and points (issue 21) in Chromium at 390x844 and over HTTP, against a server of its
 * own on PostgreSQL with the demo data, the demo accounts made a month old (flags count only from
 * accounts older than a day): a "fixed" update reaches the office and changes nothing; three flags
 * hide a report from the API, the list, the feed, Open311 and open data; a moderator restores it,
 * audited; revoked points leave the leaderboard.
 */
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageProblems, launchBrowser, logIn, newPage, screenshot } from './support';
import { startServerOnOwnDatabase, type OwnServer } from './support/own-database';
import type { RunningServer } from './support/server';

describe('updates, flags and points in the browser, on PostgreSQL', () => {
  let own: OwnServer;
  let server: RunningServer;
  let sql: postgres.Sql;
  let browser: Browser;
  const url = (p: string) => new URL(p, server.url).toString();

  async function session(login: string): Promise<string> {
    const response = await fetch(url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: 'wenming2026' }),
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))!
      .split(';')[0]!;
  }

  const api = (path: string, init: { method?: string; cookie?: string; json?: unknown } = {}) =>
    fetch(url(path), {
      method: init.method ?? 'GET',
      headers: { ...(init.cookie && { cookie: init.cookie }), ...(init.json !== undefined && { 'content-type': 'application/json' }) },
      ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
    });

  async function pageAs(login: string): Promise<Page> {
    const page = await newPage(browser, { baseURL: server.url });
    await logIn(page, login);
    return page;
  }

  beforeAll(async () => {
    own = await startServerOnOwnDatabase('community', { JOBS_ENABLED: 'false' });
    server = own.server;
    sql = postgres(own.url, { max: 2, onnotice: () => {} });
    await sql`update users set created_at = now() - interval '30 days'`;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sql?.end();
    await own?.stop();
  });

  let reportId = 0;

  it('takes a "fixed" update from the reporter on the report page, shows it to the office, and leaves the report as it was', async () => {
    const resident = await session('resident');
    const moderator = await session('moderator');
    const form = new FormData();
    for (const [key, value] of Object.entries({ lat: '28.2', lng: '113.0', category: 'litter', description: '路边垃圾堆了好几天', confirm: '1' })) form.set(key, value);
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: 'gray' } })
      .jpeg()
      .toBuffer();
    form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
    const created = await fetch(url('/api/v1/reports'), { method: 'POST', headers: { cookie: resident }, body: form });
    expect(created.status).toBe(201);
    const { report } = await created.json();
    reportId = report.id;
    const accepted = await api(`/api/v1/reports/${reportId}/transitions`, { method: 'POST', cookie: moderator, json: { to: 'accepted', version: report.version } });
    expect(accepted.status).toBe(200);
    const { report: before } = await accepted.json();

    const page = await pageAs('resident');
    const problems = collectPageProblems(page);
    await page.goto(`/reports/${reportId}`);
    await page.getByLabel('更新内容').fill('已经清理干净了，有事打 13912345678');
    await page.getByLabel('已经解决').check();
    await page.getByRole('button', { name: '提交更新' }).click();
    await page.waitForURL((u) => u.searchParams.has('updateAdded'));
    await expect(page.locator(`[data-update] [data-mark="fixed"]`).count()).resolves.toBe(1);
    await screenshot(page, 'community-report-update');
    expect(problems).toEqual([]);

    const read = await (await api(`/api/v1/reports/${reportId}`)).json();
    expect(read.report.status).toBe('accepted');
    expect(read.report.version).toBe(before.version);
    expect(read.updates).toHaveLength(1);
    expect(read.updates[0]).toMatchObject({ mark: 'fixed', text: expect.stringContaining('139****5678') });

    const office = await pageAs('moderator');
    await office.goto('/staff/community');
    await expect(office.locator(`#marks [data-mark="fixed"] a[href^="/reports/${reportId}"]`).count()).resolves.toBe(1);
    await screenshot(office, 'community-staff-marks');
    await office.context().close();
    await page.context().close();

    // The API: 201 for an update, the same masking.
    const viaApi = await api(`/api/v1/reports/${reportId}/updates`, { method: 'POST', cookie: moderator, json: { text: '已派人核实' } });
    expect(viaApi.status).toBe(201);
    expect((await viaApi.json()).update).toMatchObject({ status: 'visible' });
  });

  it('hides a report after three flags, from every public read, until a moderator restores it (audited)', async () => {
    expect(reportId).toBeGreaterThan(0);
    const flag = async (login: string, reason = 'personal_info') =>
      (await api('/api/v1/flags', { method: 'POST', cookie: await session(login), json: { targetType: 'report', targetId: reportId, reason } })).status;
    expect(await flag('volunteer')).toBe(201);
    // A second flag by the same person: 409, and it does not count twice.
    expect(await flag('volunteer', 'abuse')).toBe(409);
    expect(await flag('leader')).toBe(201);
    expect((await api(`/api/v1/reports/${reportId}`)).status).toBe(200);
    expect(await flag('grid')).toBe(201);

    expect((await api(`/api/v1/reports/${reportId}`)).status).toBe(404);
    expect((await fetch(url(`/reports/${reportId}`))).status).toBe(404);
    const list = await (await api('/api/v1/reports')).json();
    expect(list.reports.map((r: { id: number }) => r.id)).not.toContain(reportId);
    expect(await (await fetch(url('/feeds/reports.atom'))).text()).not.toContain(`/reports/${reportId}<`);
    const open311 = await fetch(url(`/open311/v2/requests/${reportId}.json`));
    expect(open311.status === 404 || !(await open311.text()).includes(`"service_request_id":"${reportId}"`)).toBe(true);
    expect(await (await fetch(url('/open-data/reports.geojson'))).text()).not.toContain(`"id":${reportId},`);
    // Its reporter still sees it, and why.
    expect((await api(`/api/v1/reports/${reportId}`, { cookie: await session('resident') })).status).toBe(200);

    const office = await pageAs('moderator');
    await office.goto('/staff/community');
    const item = office.locator(`[data-flagged="report:${reportId}"]`);
    await expect(item.getAttribute('data-state')).resolves.toBe('hidden');
    await item.getByLabel('原因').fill('未发现个人信息');
    await screenshot(office, 'community-flag-queue');
    await item.getByRole('button', { name: '恢复显示' }).click();
    await office.waitForURL((u) => u.searchParams.has('done'));
    await office.context().close();

    expect((await api(`/api/v1/reports/${reportId}`)).status).toBe(200);
    const audits = await sql<
      { action: string }[]
    >`select action from audit_log where target_type = 'report' and target_id = ${String(reportId)} and action like 'flag.%' order by id`;
    expect(audits.map((a) => a.action)).toEqual(['flag.autoHide', 'flag.restore']);
  });

  it('shows a flagged objection in the flag queue with its context; removing it is audited and marked on the round page', async () => {
    const [nomination] = await sql<
      { id: number; round_id: number; nominee_name: string }[]
    >`select id, round_id, nominee_name from nominations where round_id is not null order by id limit 1`;
    const [objection] = await sql<
      { id: number }[]
    >`insert into nomination_objections (round_id, nomination_id, objector_contact, reason) values (${nomination!.round_id}, ${nomination!.id}, '13900001111', '这条异议是广告：加微信领红包 13912345678') returning id`;
    for (const login of ['volunteer', 'leader', 'grid']) {
      expect(
        (await api('/api/v1/flags', { method: 'POST', cookie: await session(login), json: { targetType: 'objection', targetId: objection!.id, reason: 'advertising' } })).status,
      ).toBe(201);
    }
    const office = await pageAs('moderator');
    await office.goto('/staff/community');
    const item = office.locator(`[data-flagged="objection:${objection!.id}"]`);
    await expect(item.getAttribute('data-state')).resolves.toBe('hidden');
    const context = await item.locator('[data-flag-context]').textContent();
    expect(context).toContain(nomination!.nominee_name);
    // Masked in the queue like public text.
    expect(await item.textContent()).toContain('139****5678');
    await item.getByLabel('原因').fill('广告');
    await screenshot(office, 'community-flag-queue-objection');
    await item.getByRole('button', { name: '移除' }).click();
    await office.waitForURL((u) => u.searchParams.has('done'));
    await expect(office.locator(`[data-flagged="objection:${objection!.id}"]`).count()).resolves.toBe(0);
    await office.goto(`/staff/rounds/${nomination!.round_id}#objection-${objection!.id}`);
    await expect(office.locator(`#objection-${objection!.id} [data-objection-flags]`).getAttribute('data-objection-flags')).resolves.toBe('removed');
    await office.context().close();
    const audits = await sql<{ action: string }[]>`select action from audit_log where target_type = 'objection' and target_id = ${String(objection!.id)} order by id`;
    expect(audits.map((a) => a.action)).toEqual(['flag.autoHide', 'flag.remove']);
  });

  it("shows a person's points, and a revoked award leaves the monthly leaderboard", async () => {
    const page = await pageAs('resident');
    await page.goto('/points');
    await page.getByLabel('在积分榜上显示我的名字').check();
    await page.getByLabel('显示的名字').fill('热心居民小李');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL((u) => u.searchParams.has('saved'));
    await screenshot(page, 'community-points');
    const points = await (await api('/api/v1/me/points', { cookie: await session('resident') })).json();
    expect(points.total).toBeGreaterThan(0);
    expect(points.history.some((h: { source: string }) => h.source === `report:${reportId}`)).toBe(true);
    await page.goto('/points/leaderboard');
    await expect(page.getByText('热心居民小李').count()).resolves.toBe(1);
    /** The resident's points on this month's leaderboard (0 when not on it). */
    const onBoard = async () => {
      await page.goto('/points/leaderboard');
      const row = page.locator('tr', { hasText: '热心居民小李' });
      return (await row.count()) === 0 ? 0 : Number((await row.locator('td').last().textContent())!.trim());
    };
    const boardBefore = await onBoard();
    expect(boardBefore).toBeGreaterThan(0);

    const office = await pageAs('moderator');
    await office.goto('/staff/points');
    // Revoke every award of the resident's report.
    for (const award of points.history.filter((h: { source: string; status: string }) => h.source === `report:${reportId}` && h.status === 'awarded')) {
      const row = office.locator(`tr[data-award="${award.id}"]`);
      await row.getByLabel('原因').fill('重复上报');
      await row.getByRole('button', { name: '撤销' }).click();
      await office.waitForURL((u) => u.searchParams.has('done'));
    }
    await screenshot(office, 'community-staff-points');
    const left = (await (await api('/api/v1/me/points', { cookie: await session('resident') })).json()).total;
    expect(left).toBe(
      points.total -
        points.history
          .filter((h: { source: string; status: string; points: number }) => h.source === `report:${reportId}` && h.status === 'awarded')
          .reduce((s: number, h: { points: number }) => s + h.points, 0),
    );
    // The revoked points leave the leaderboard at once (every award here was earned this month).
    const revoked = points.total - left;
    expect(revoked).toBeGreaterThan(0);
    expect(await onBoard()).toBe(boardBefore - revoked);
    if (boardBefore === revoked) await expect(page.getByText('热心居民小李').count()).resolves.toBe(0);
    const [audit] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'points.revoke' and summary->'after'->>'reason' = '重复上报'`;
    expect(audit!.n).toBeGreaterThan(0);
    await office.context().close();
    await page.context().close();
  });
});
