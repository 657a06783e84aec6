/** Leaderboards by approved hours, and the campaign's figures: registered volunteers per population, and how many served lately. */
import { desc, eq, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../../../db/client';
import { areas, volunteerHours, volunteerProjects, volunteers, volunteerTeams } from '../../../../db/schema';
import { maskName } from './idnumber';
import { addDays, cityDay } from '../time';
import { formatPercent } from '../../percent';

const approvedMinutes = sql<number>`coalesce(sum(${volunteerHours.approvedMinutes}) filter (where ${volunteerHours.status} = 'approved'), 0)::int`;

export async function leaderboards(db: Db, limit = 10) {
  const people = await db
    .select({ id: volunteers.id, realName: volunteers.realName, volunteerNumber: volunteers.volunteerNumber, minutes: approvedMinutes })
    .from(volunteerHours)
    .innerJoin(volunteers, eq(volunteers.id, volunteerHours.volunteerId))
    .groupBy(volunteers.id)
    .orderBy(desc(approvedMinutes), volunteers.id)
    .limit(limit);
  const teams = await db
    .select({ id: volunteerTeams.id, name: volunteerTeams.name, minutes: approvedMinutes })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerProjects.teamId))
    .groupBy(volunteerTeams.id)
    .orderBy(desc(approvedMinutes), volunteerTeams.id)
    .limit(limit);
  const communities = await db
    .select({ id: areas.id, nameZh: areas.nameZh, nameEn: areas.nameEn, minutes: approvedMinutes })
    .from(volunteerHours)
    .innerJoin(volunteers, eq(volunteers.id, volunteerHours.volunteerId))
    .innerJoin(areas, eq(areas.id, volunteers.communityId))
    .groupBy(areas.id)
    .orderBy(desc(approvedMinutes), areas.id)
    .limit(limit);
  // Public page: real names masked, as everywhere outside the volunteer's own pages.
  return { people: people.map(({ realName, ...row }) => ({ ...row, name: maskName(realName) })), teams, communities };
}

export interface AreaFigure {
  id: number;
  nameZh: string;
  nameEn: string;
  population: number;
  registered: number;
  /** Registered volunteers with approved hours served in the last 12 months. */
  active: number;
}

/** Per community, and summed per district: registered volunteers against the population, and the active share. */
export async function campaignFigures(db: Db, now = new Date()) {
  const since = addDays(cityDay(now), -365);
  const rows = await selectRows<{
    id: number;
    name_zh: string;
    name_en: string;
    population: number | null;
    district_id: number;
    district_zh: string;
    district_en: string;
    registered: number;
    active: number;
  }>(
    db,
    sql`
    select c.id, c.name_zh, c.name_en, c.population, d.id as district_id, d.name_zh as district_zh, d.name_en as district_en,
      (select count(*)::int from volunteers v where v.community_id = c.id) as registered,
      (select count(distinct v.id)::int from volunteers v join volunteer_hours h on h.volunteer_id = v.id
        where v.community_id = c.id and h.status = 'approved' and h.served_on >= ${since}) as active
    from areas c join areas s on s.id = c.parent_id join areas d on d.id = s.parent_id
    where c.level = 'community'
    order by d.code, c.code`,
  );
  const communities: (AreaFigure & { districtId: number })[] = [];
  const districts = new Map<number, AreaFigure>();
  for (const row of rows as unknown as Record<string, unknown>[]) {
    const figure = {
      id: Number(row.id),
      nameZh: String(row.name_zh),
      nameEn: String(row.name_en),
      population: Number(row.population ?? 0),
      registered: Number(row.registered),
      active: Number(row.active),
      districtId: Number(row.district_id),
    };
    communities.push(figure);
    const district = districts.get(figure.districtId) ?? {
      id: figure.districtId,
      nameZh: String(row.district_zh),
      nameEn: String(row.district_en),
      population: 0,
      registered: 0,
      active: 0,
    };
    district.population += figure.population;
    district.registered += figure.registered;
    district.active += figure.active;
    districts.set(figure.districtId, district);
  }
  return { districts: [...districts.values()], communities };
}

export function share(part: number, whole: number): string {
  return whole > 0 ? formatPercent(part / whole) : '—';
}

/** The city's row: the districts of campaignFigures summed (the leaderboard page and the office's overview show it). */
export function cityFigure(districts: AreaFigure[]): Omit<AreaFigure, 'id' | 'nameZh' | 'nameEn'> {
  return districts.reduce((city, d) => ({ population: city.population + d.population, registered: city.registered + d.registered, active: city.active + d.active }), {
    population: 0,
    registered: 0,
    active: 0,
  });
}

/** Approved minutes of service on China-time days from `fromDay` (inclusive) to `toDay` (exclusive), YYYY-MM-DD. */
export async function approvedMinutesBetween(db: Db, fromDay: string, toDay: string): Promise<number> {
  const [row] = await db
    .select({ minutes: approvedMinutes })
    .from(volunteerHours)
    .where(sql`${volunteerHours.servedOn} >= ${fromDay} and ${volunteerHours.servedOn} < ${toDay}`);
  return Number(row?.minutes ?? 0);
}
