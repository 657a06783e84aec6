import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, auditLog, outboxMessages, sampleUnits, users } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { can } from '../../src/lib/server/permissions';
import {
  closeSurvey,
  createSurvey,
  drawPlan,
  drawSample,
  followUpList,
  linkSheet,
  linkToken,
  loadFrame,
  openLink,
  recordOutcome,
  sendLinks,
  sideBySide,
  submitSampleAnswer,
  surveyResults,
} from '../../src/lib/server/sampling';
import { createOpenCampaign } from '../quizzes/fixtures';
import { prepareCity } from '../reports/fixtures';
import { createTestDatabase, testDriver } from '../support/db';

describe(`random-sample surveys on ${testDriver}`, () => {
  let database: Database;
  let office: Actor;
  let grid: Actor;
  let communityCodes: string[];
  let surveyId: number;
  const origin = 'https://wenming.example.cn';

  beforeAll(async () => {
    database = await createTestDatabase();
    const { cells } = await prepareCity(database.db);
    const [o] = await database.db.insert(users).values({ username: 's-office', displayName: 'office', passwordHash: 'x', role: 'moderator' }).returning();
    const [g] = await database.db.insert(users).values({ username: 's-grid', displayName: 'grid', passwordHash: 'x', role: 'grid_worker', gridCellId: cells[0]!.id }).returning();
    office = o!;
    grid = g!;
    communityCodes = (await database.db.select({ code: areas.code }).from(areas).where(eq(areas.level, 'community'))).map((row) => row.code).slice(0, 6);
    const campaignId = await createOpenCampaign(database.db);
    surveyId = (await createSurvey(database.db, office, { titleZh: '文明城市满意度抽样调查', titleEn: 'Sampled survey', campaignId, targetMargin: 0.1, expectedResponseRate: 0.5 }))
      .id;
  });
  afterAll(async () => database?.close());

  it('lets the office run surveys and grid workers follow up; residents neither', () => {
    expect(can(office, 'sampling.manage')).toBe(true);
    expect(can(grid, 'sampling.manage')).toBe(false);
    expect(can(grid, 'sampling.followUp')).toBe(true);
    expect(can({ id: 1, role: 'resident', departmentId: null, gridCellId: null }, 'sampling.followUp')).toBe(false);
  });

  it('refuses a frame with bad lines, naming each, and stores nothing', async () => {
    const csv = [
      'id,community,age_group,sex,phone',
      `h1,${communityCodes[0]},18-44,f,13800001111`,
      'h2,no-such-community,,,',
      `h1,${communityCodes[0]},,,`,
      `h3,${communityCodes[1]},,,12345`,
    ].join('\n');
    const result = await loadFrame(database.db, office, surveyId, csv);
    expect(result).toMatchObject({ ok: false, code: 'bad_frame' });
    if (!result.ok && result.code === 'bad_frame') expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(await database.db.select().from(sampleUnits).where(eq(sampleUnits.surveyId, surveyId))).toHaveLength(0);
  });

  it('loads a frame with phones encrypted, plans the draw from the margin, and draws reproducibly from the recorded seed', async () => {
    const lines = ['id,community,age_group,sex,phone'];
    for (let i = 0; i < 600; i++)
      lines.push(
        `h${i},${communityCodes[i % communityCodes.length]},${i % 3 === 0 ? '45+' : '18-44'},${i % 2 ? 'f' : 'm'},${i < 20 ? `1390000${String(i).padStart(4, '0')}` : ''}`,
      );
    expect(await loadFrame(database.db, office, surveyId, lines.join('\n'))).toEqual({ ok: true, units: 600 });
    const stored = await database.db.select({ phone: sampleUnits.phoneEncrypted }).from(sampleUnits).where(eq(sampleUnits.surveyId, surveyId));
    expect(stored.filter((s) => s.phone).every((s) => s.phone!.startsWith('v1.') && !s.phone!.includes('1390000'))).toBe(true);
    const plan = await drawPlan(database.db, surveyId);
    expect(plan.reduce((s, r) => s + r.frame, 0)).toBe(600);
    for (const row of plan) expect(row.draw).toBeGreaterThanOrEqual(row.respondentsNeeded);
    const drawn = await drawSample(database.db, office, surveyId, 'seed-42');
    expect(drawn).toMatchObject({ ok: true, seed: 'seed-42' });
    expect(await drawSample(database.db, office, surveyId, 'again')).toEqual({ ok: false, code: 'wrong_state' });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'sampling.draw'));
    expect(audit[0]!.summary).toMatchObject({ after: { seed: 'seed-42' } });
  });

  it('gives each drawn unit a single-use link that cannot be forged, and texts those with phones once', async () => {
    const sheet = await linkSheet(database.db, surveyId, origin);
    expect(sheet.length).toBeGreaterThan(0);
    expect(sheet[0]!.url).toMatch(/^https:\/\/wenming\.example\.cn\/s\/\d+-\d+-[\w-]{22}$/);
    expect(JSON.stringify(sheet)).not.toMatch(/1390000/);
    const token = sheet[0]!.url.split('/s/')[1]!;
    expect(await openLink(database.db, token)).toMatchObject({ ok: true });
    expect(await openLink(database.db, token.slice(0, -2) + 'xx')).toEqual({ ok: false, code: 'bad_link' });
    expect(await openLink(database.db, linkToken(surveyId, 999999))).toEqual({ ok: false, code: 'bad_link' });
    const first = await sendLinks(database.db, office, surveyId, origin);
    const second = await sendLinks(database.db, office, surveyId, origin);
    expect(first.ok && first.sent).toBeGreaterThan(0);
    expect(second).toEqual({ ok: true, sent: 0 });
    const texts = await database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'sampling.invite'));
    expect(texts.length).toBe(first.ok ? first.sent : -1);
  });

  it('takes one answer per link, even when the same link is submitted ten times at once', async () => {
    const sheet = await linkSheet(database.db, surveyId, origin);
    const token = sheet[1]!.url.split('/s/')[1]!;
    const results = await Promise.all(Array.from({ length: 10 }, () => submitSampleAnswer(database.db, token, { aware: 1, support: 5, participation: 3, satisfaction: 4 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'answered')).toBe(true);
    expect(await openLink(database.db, token)).toEqual({ ok: false, code: 'answered' });
  });

  it('lists the not yet reached for follow-up without answers, records outcomes, and computes response rates and weighted rates', async () => {
    const sheet = await linkSheet(database.db, surveyId, origin);
    // Half answer (the aware more often), some refuse, some are not found.
    for (const [i, unit] of sheet.entries()) {
      const token = unit.url.split('/s/')[1]!;
      if (i === 1) continue;
      if (i % 2 === 0) await submitSampleAnswer(database.db, token, { aware: i % 3 === 0 ? 0 : 1, support: 4, participation: 2, satisfaction: i % 5 === 0 ? 2 : 5 });
    }
    const pending = await followUpList(database.db, office, surveyId);
    expect(pending.length).toBeGreaterThan(0);
    // A grid worker sees their own cell's community only; one without a cell sees nobody.
    const [cell] = await database.db.select({ parentId: areas.parentId }).from(areas).where(eq(areas.id, grid.gridCellId!));
    const [{ nameZh: gridCommunity }] = (await database.db.select({ nameZh: areas.nameZh }).from(areas).where(eq(areas.id, cell!.parentId!))) as [{ nameZh: string }];
    const mine = await followUpList(database.db, grid, surveyId);
    expect(mine.every((unit) => unit.communityZh === gridCommunity)).toBe(true);
    expect(mine.length).toBe(pending.filter((unit) => unit.communityZh === gridCommunity).length);
    expect(await followUpList(database.db, { ...grid, gridCellId: null }, surveyId)).toEqual([]);
    expect(Object.keys(pending[0]!)).not.toContain('aware');
    expect(await recordOutcome(database.db, grid, surveyId, pending[0]!.id, 'refused')).toEqual({ ok: true });
    expect(await recordOutcome(database.db, grid, surveyId, pending[1]!.id, 'ineligible')).toEqual({ ok: true });
    const results = await surveyResults(database.db, surveyId);
    expect(results.city.dispositions.I).toBeGreaterThan(0);
    expect(results.city.dispositions.R).toBe(1);
    expect(results.city.dispositions.NE).toBe(1);
    expect(results.city.rr1).toBeGreaterThan(0);
    expect(results.city.rr3!).toBeGreaterThanOrEqual(results.city.rr1!);
    expect(results.city.measures.support.rate).toBeCloseTo(1, 6);
    expect(results.city.measures.participation.rate).toBeCloseTo(0, 6);
    expect(results.city.measures.awareness.low!).toBeLessThan(results.city.measures.awareness.rate!);
    expect(results.districts.length).toBeGreaterThan(0);
    const side = await sideBySide(database.db, surveyId);
    expect(side!.target).toBeGreaterThan(0);
    expect(side!.rows.filter((r) => r.id === 0)).toHaveLength(4);
  });

  it('erases the frame\'s phones when the survey closes, after which links answer "closed"', async () => {
    const sheet = await linkSheet(database.db, surveyId, origin);
    expect(await closeSurvey(database.db, office, surveyId)).toEqual({ ok: true });
    const left = await database.db.select({ phone: sampleUnits.phoneEncrypted, userId: sampleUnits.userId }).from(sampleUnits).where(eq(sampleUnits.surveyId, surveyId));
    expect(left.every((row) => row.phone === null && row.userId === null)).toBe(true);
    const unanswered = sheet.find((unit) => unit.outcome === 'pending');
    if (unanswered) expect(await openLink(database.db, unanswered.url.split('/s/')[1]!)).toEqual({ ok: false, code: 'closed' });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'sampling.close'))).toHaveLength(1);
  });
});
