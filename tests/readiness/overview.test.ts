/**
 * The office's overview shows every domain's figures from that domain's own queries: volunteers
 * (registered share, hours), nominations (the current round's stage), awareness and satisfaction
 * (with n and interval, marked when too small), next to reports and readiness. The bulletin renders
 * buildOverview for its week, so a figure here is the figure there.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, volunteerHours } from '../../db/schema';
import { getRatesReport } from '../../src/lib/server/metrics';
import { listRounds } from '../../src/lib/server/nominations';
import { buildOverview, isoWeekOf, previousWeek, weekPeriod, type Section } from '../../src/lib/server/overview';
import { campaignFigures, cityFigure } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { createRoundRow } from '../nominations/fixtures';
import { createOpenCampaign } from '../quizzes/fixtures';
import { createTeamWithProject, createVolunteers } from '../volunteers/fixtures';
import { createSite, prepareReadiness } from './fixtures';

const DAY = 86_400_000;
const figure = (sections: Section[], key: string) => {
  const [section, ...rest] = key.split('.');
  return sections.find((s) => s.key === section)?.figures.find((f) => f.key === rest.join('.'));
};

describe(`the overview's domain sections on ${testDriver}`, () => {
  let database: Database;
  /** The clock of the whole file: the week, the round's stage and the reports' tickets are read at this instant. */
  const now = new Date('2026-06-17T04:00:00Z');
  const week = weekPeriod(isoWeekOf(now))!;
  const day = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const { point, chengguan } = await prepareReadiness(db);
    await createSite(db, point, chengguan);
    const [community] = await db
      .select({ id: areas.id })
      .from(areas)
      .where(and(eq(areas.level, 'community')))
      .orderBy(asc(areas.code))
      .limit(1);
    const people = await createVolunteers(db, 3, community!.id, 'ov');
    const { projectId } = await createTeamWithProject(db, people[0]!.id, community!.id);
    // 90 approved minutes on the week's first day, 60 pending (not counted), 120 approved the week before.
    await db.insert(volunteerHours).values([
      { volunteerId: people[0]!.id, projectId, source: 'manual', servedOn: day(week.from), minutes: 90, approvedMinutes: 90, status: 'approved' },
      { volunteerId: people[1]!.id, projectId, source: 'manual', servedOn: day(week.from), minutes: 60, status: 'pending' },
      { volunteerId: people[2]!.id, projectId, source: 'manual', servedOn: day(new Date(week.from.getTime() - DAY)), minutes: 120, approvedMinutes: 120, status: 'approved' },
    ]);
    // A round in its voting stage (day 2 of a daily schedule), and an older one already over.
    await createRoundRow(db, new Date(now.getTime() - 2.5 * DAY), { title: '本期好人评选' });
    await createOpenCampaign(db);
  });
  afterAll(async () => database?.close());

  it('shows the registered share of population as the volunteers domain counts it, for the city', async () => {
    const db = database.db;
    const sections = await buildOverview(db, week, 'zh-CN', now);
    const city = cityFigure((await campaignFigures(db)).districts);
    expect(city.registered).toBe(3);
    expect(figure(sections, 'volunteers.registered')?.value).toBe(city.registered);
    expect(figure(sections, 'volunteers.registeredShare')?.value).toBe(city.registered / city.population);
  });

  it('counts approved hours served in the week, and the week before in the bulletin’s comparison', async () => {
    const db = database.db;
    const [sections, before] = await Promise.all([buildOverview(db, week, 'zh-CN', now), buildOverview(db, previousWeek(week), 'zh-CN', now)]);
    expect(figure(sections, 'volunteers.hours')?.value).toBe(90);
    expect(figure(before, 'volunteers.hours')?.value).toBe(120);
  });

  it('shows the current nomination round’s stage as the nominations domain derives it', async () => {
    const db = database.db;
    const [current] = (await listRounds(db, now)).filter((round) => round.stage !== 'announced');
    expect(current?.stage).toBe('voting');
    const stage = figure(await buildOverview(db, week, 'zh-CN', now), 'nominations.stage');
    expect(stage?.text?.key).toBe('nominations.stage.voting');
    expect(stage?.detail).toBe('本期好人评选');
  });

  it('shows city awareness and satisfaction with n and interval from the rates report, marked when the sample is too small', async () => {
    const db = database.db;
    const sections = await buildOverview(db, week, 'zh-CN', now);
    const campaign = figure(sections, 'metrics.campaign');
    expect(campaign?.text?.params?.name).toBe('测试问答');
    const report = await getRatesReport(db, 1, { trend: false });
    for (const measure of ['awareness', 'satisfaction'] as const) {
      const shown = figure(sections, `metrics.${measure}`)!;
      const e = report.city.measures[measure];
      expect(shown.value).toBe(e.rate);
      expect(shown.note?.params?.n).toBe(e.n);
      // No answers yet: too small a sample, and marked so.
      expect(shown.small).toBe(true);
    }
  });

  it('lists every section the issue asks for, in one order for the dashboard and the bulletin', async () => {
    const sections = await buildOverview(database.db, week, 'en', now);
    expect(sections.map((s) => s.key)).toEqual(['reports', 'volunteers', 'nominations', 'metrics', 'readiness']);
  });
});
