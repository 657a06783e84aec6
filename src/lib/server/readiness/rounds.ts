/**
 * Mock evaluation rounds (模拟测评): the office draws sites by type in set proportions plus a few
 * unannounced streets; the seed, the candidate pool, who and when are recorded so that anyone can
 * re-run the draw and get the same stops (verifyRound). Results roll up the round's inspections.
 */
import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, checklistItems, inspectionAnswers, inspections, mockRounds, mockRoundStops, readinessSites, users } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { getSettings } from '../settings';
import { drawSites, planRoute, type DrawPool } from './draw';

/** How long a round's window stays open after the draw. */
export const ROUND_WINDOW_DAYS = 7;

export async function startRound(
  db: Db,
  actor: Actor,
  options: { seed?: number } = {},
  requestId?: string | null,
  now: Date = new Date(),
): Promise<Result<{ round: { id: number; stops: number } }, 'forbidden' | 'empty'>> {
  const settings = await getSettings(db, ['readiness.draw.proportions', 'readiness.draw.streets']);
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  return db.transaction(async (tx) => {
    const sites = await tx
      .select({ id: readinessSites.id, type: readinessSites.type, lat: readinessSites.lat, lng: readinessSites.lng })
      .from(readinessSites)
      .where(eq(readinessSites.active, true))
      .orderBy(asc(readinessSites.id));
    if (sites.length === 0) return fail('empty', 'readiness.rounds.error.empty');
    const cells = await tx
      .select({ id: areas.id, lat: sql<number>`(${areas.minLat} + ${areas.maxLat}) / 2`, lng: sql<number>`(${areas.minLng} + ${areas.maxLng}) / 2` })
      .from(areas)
      .where(eq(areas.level, 'grid'))
      .orderBy(asc(areas.id));
    const pool: DrawPool = { sites: sites.map(({ id, type }) => ({ id, type })), cells: cells.map((cell) => cell.id) };
    const drawn = drawSites({ seed, pool, proportions: settings['readiness.draw.proportions'], streetCount: settings['readiness.draw.streets'] });
    const siteById = new Map(sites.map((site) => [site.id, site]));
    const cellById = new Map(cells.map((cell) => [cell.id, cell]));
    const stops = [
      ...drawn.sites.map((site) => ({ kind: 'site' as const, siteId: site.id, areaId: null, ...siteById.get(site.id)! })),
      ...drawn.streets.map((street) =>
        street.kind === 'site'
          ? { kind: 'street' as const, siteId: street.siteId, areaId: null, lat: siteById.get(street.siteId)!.lat, lng: siteById.get(street.siteId)!.lng }
          : { kind: 'street' as const, siteId: null, areaId: street.areaId, lat: Number(cellById.get(street.areaId)!.lat), lng: Number(cellById.get(street.areaId)!.lng) },
      ),
    ];
    const [round] = await tx
      .insert(mockRounds)
      .values({
        seed,
        proportions: settings['readiness.draw.proportions'],
        streetCount: settings['readiness.draw.streets'],
        pool,
        createdBy: actor.id,
        createdAt: now,
        endsAt: new Date(now.getTime() + ROUND_WINDOW_DAYS * 86_400_000),
      })
      .returning({ id: mockRounds.id });
    const route = planRoute(stops);
    await tx.insert(mockRoundStops).values(route.map((stop, position) => ({ roundId: round!.id, position, kind: stop.kind, siteId: stop.siteId, areaId: stop.areaId })));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'readiness.draw',
      targetType: 'mock_round',
      targetId: round!.id,
      summary: { after: { seed, sites: drawn.sites.length, streets: drawn.streets.length, pool: pool.sites.length } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, round: { id: round!.id, stops: route.length } };
  });
}

export async function listRounds(db: Db) {
  return db
    .select({
      id: mockRounds.id,
      seed: mockRounds.seed,
      createdAt: mockRounds.createdAt,
      by: users.displayName,
      stops: sql<number>`(select count(*)::int from ${mockRoundStops} where ${mockRoundStops.roundId} = ${mockRounds.id})`,
    })
    .from(mockRounds)
    .leftJoin(users, eq(users.id, mockRounds.createdBy))
    .orderBy(desc(mockRounds.id))
    .limit(50);
}

export async function getRound(db: Db, id: number) {
  const [round] = await db
    .select({
      id: mockRounds.id,
      seed: mockRounds.seed,
      proportions: mockRounds.proportions,
      streetCount: mockRounds.streetCount,
      pool: mockRounds.pool,
      createdAt: mockRounds.createdAt,
      endsAt: mockRounds.endsAt,
      by: users.displayName,
    })
    .from(mockRounds)
    .leftJoin(users, eq(users.id, mockRounds.createdBy))
    .where(eq(mockRounds.id, id));
  if (!round) return null;
  const stops = await db
    .select({
      position: mockRoundStops.position,
      kind: mockRoundStops.kind,
      siteId: mockRoundStops.siteId,
      areaId: mockRoundStops.areaId,
      siteName: readinessSites.name,
      siteType: readinessSites.type,
      siteLat: readinessSites.lat,
      siteLng: readinessSites.lng,
      siteDistrictId: readinessSites.districtId,
      areaNameZh: areas.nameZh,
      areaNameEn: areas.nameEn,
      areaLat: sql<number | null>`(${areas.minLat} + ${areas.maxLat}) / 2`,
      areaLng: sql<number | null>`(${areas.minLng} + ${areas.maxLng}) / 2`,
      inspectorId: mockRoundStops.inspectorId,
      inspectorName: users.displayName,
    })
    .from(mockRoundStops)
    .leftJoin(readinessSites, eq(readinessSites.id, mockRoundStops.siteId))
    .leftJoin(areas, eq(areas.id, mockRoundStops.areaId))
    .leftJoin(users, eq(users.id, mockRoundStops.inspectorId))
    .where(eq(mockRoundStops.roundId, id))
    .orderBy(asc(mockRoundStops.position));
  return {
    ...round,
    stops: stops.map((stop) => ({ ...stop, lat: Number(stop.siteLat ?? stop.areaLat), lng: Number(stop.siteLng ?? stop.areaLng) })),
  };
}

/** Re-runs the draw from the recorded seed and pool: true when it gives exactly the recorded stops. */
export async function verifyRound(db: Db, id: number): Promise<boolean | null> {
  const round = await getRound(db, id);
  if (!round) return null;
  const again = drawSites({ seed: round.seed, pool: round.pool, proportions: round.proportions, streetCount: round.streetCount });
  const key = (kind: string, id: number | null, area: number | null) => `${kind}:${id ?? ''}:${area ?? ''}`;
  const expected = new Set([
    ...again.sites.map((s) => key('site', s.id, null)),
    ...again.streets.map((s) => (s.kind === 'site' ? key('street', s.siteId, null) : key('street', null, s.areaId))),
  ]);
  const recorded = new Set(round.stops.map((stop) => key(stop.kind, stop.siteId, stop.areaId)));
  return expected.size === recorded.size && [...expected].every((k) => recorded.has(k));
}

/**
 * Which inspections count for a round (on the `alias` of inspections): those started from its plan,
 * and those of its drawn sites made in its window (draw to endsAt) without a round, as an office
 * checking its sites that week expects; an inspection started from another round's plan stays there.
 * (Results pick per drawn site, so this only ever counts inspections of drawn sites.)
 */
function countedInRound(id: number, alias: string): SQL {
  const i = sql.raw(alias);
  return sql`(${i}.mock_round_id = ${id} or (${i}.mock_round_id is null and exists (select 1 from ${mockRounds} r where r.id = ${id} and ${i}.created_at >= r.created_at and ${i}.created_at < r.ends_at)))`;
}

export interface RoundRollup {
  districtId: number | null;
  inspected: number;
  drawn: number;
  meanScore: number | null;
  passingShare: number | null;
}

/**
 * The round's results: each drawn site's latest inspection in the round, rolled up per district and
 * for the city; the most failed items; and the readiness score, the mean score scaled to the
 * field-inspection part's points (setting readiness.fieldWeight).
 */
export async function roundResults(db: Db, id: number) {
  const settings = await getSettings(db, ['readiness.fieldWeight', 'readiness.passScore']);
  const counted = countedInRound(id, 'i');
  const rows = await db
    .select({
      siteId: mockRoundStops.siteId,
      districtId: readinessSites.districtId,
      score: sql<number | null>`(select i.score from ${inspections} i where i.site_id = ${mockRoundStops.siteId} and ${counted} order by i.created_at desc, i.id desc limit 1)`,
    })
    .from(mockRoundStops)
    .innerJoin(readinessSites, eq(readinessSites.id, mockRoundStops.siteId))
    .where(eq(mockRoundStops.roundId, id));
  const roll = (list: typeof rows, districtId: number | null): RoundRollup => {
    const scored = list.filter((row) => row.score !== null).map((row) => Number(row.score));
    return {
      districtId,
      drawn: list.length,
      inspected: scored.length,
      meanScore: scored.length ? Math.round((10 * scored.reduce((a, b) => a + b, 0)) / scored.length) / 10 : null,
      passingShare: scored.length ? scored.filter((s) => s >= settings['readiness.passScore']).length / scored.length : null,
    };
  };
  const districts = [...new Set(rows.map((row) => row.districtId))].map((districtId) =>
    roll(
      rows.filter((row) => row.districtId === districtId),
      districtId,
    ),
  );
  const city = roll(rows, null);
  const mostFailed = await db
    .select({ textZh: checklistItems.textZh, textEn: checklistItems.textEn, failures: sql<number>`count(*)::int` })
    .from(inspectionAnswers)
    .innerJoin(inspections, eq(inspections.id, inspectionAnswers.inspectionId))
    .innerJoin(checklistItems, eq(checklistItems.id, inspectionAnswers.itemId))
    .where(
      and(
        eq(inspectionAnswers.answer, 'fail'),
        sql`exists (select 1 from ${mockRoundStops} s where s.round_id = ${id} and s.site_id = ${inspections.siteId})`,
        countedInRound(id, '"inspections"'),
      ),
    )
    .groupBy(checklistItems.textZh, checklistItems.textEn)
    .orderBy(sql`3 desc`, asc(checklistItems.textZh))
    .limit(10);
  const names = await db
    .select({ id: areas.id, nameZh: areas.nameZh, nameEn: areas.nameEn })
    .from(areas)
    .where(inArray(areas.id, districts.map((d) => d.districtId ?? -1).concat(-1)));
  return {
    city,
    districts: districts.map((d) => ({ ...d, district: names.find((n) => n.id === d.districtId) ?? null })),
    mostFailed,
    fieldWeight: settings['readiness.fieldWeight'],
    readinessScore: city.meanScore === null ? null : Math.round(city.meanScore * settings['readiness.fieldWeight']) / 100,
  };
}

/** Who may be given stops: accounts that may inspect (grid workers and the office). */
export async function listInspectors(db: Db) {
  return db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .where(inArray(users.role, ['grid_worker', 'moderator', 'admin']))
    .orderBy(asc(users.role), asc(users.displayName), asc(users.id));
}

/** Splits `count` stops in route order into `parts` runs whose sizes differ by at most one. */
export function splitPlan(count: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(count / parts) + (i < count % parts ? 1 : 0));
}

/**
 * Gives the round's stops to the chosen inspectors: the route is cut into consecutive runs (so each
 * inspector's stops lie near one another), one per inspector in the order chosen. Assigning again
 * replaces the earlier split. The round's row is locked so two offices assigning at once take turns.
 */
export async function assignStops(
  db: Db,
  actor: Actor,
  roundId: number,
  inspectorIds: number[],
  requestId?: string | null,
): Promise<Result<{ assigned: { inspectorId: number; stops: number }[] }, 'forbidden' | 'not_found' | 'invalid'>> {
  const chosen = [...new Set(inspectorIds)].filter((id) => Number.isInteger(id) && id > 0);
  if (chosen.length === 0) return fail('invalid', 'form.invalid', { fields: { inspectors: 'readiness.rounds.error.noInspectors' } });
  const allowed = new Set((await listInspectors(db)).map((user) => user.id));
  if (chosen.some((id) => !allowed.has(id))) return fail('invalid', 'form.invalid', { fields: { inspectors: 'readiness.rounds.error.inspector' } });
  return db.transaction(async (tx) => {
    const [round] = await tx.select({ id: mockRounds.id }).from(mockRounds).where(eq(mockRounds.id, roundId)).for('update');
    if (!round) return fail('not_found', 'error.notFound');
    const stops = await tx.select({ position: mockRoundStops.position }).from(mockRoundStops).where(eq(mockRoundStops.roundId, roundId)).orderBy(asc(mockRoundStops.position));
    const sizes = splitPlan(stops.length, chosen.length);
    const assigned: { inspectorId: number; stops: number }[] = [];
    let next = 0;
    for (const [i, inspectorId] of chosen.entries()) {
      const run = stops.slice(next, next + sizes[i]!).map((stop) => stop.position);
      next += sizes[i]!;
      if (run.length)
        await tx
          .update(mockRoundStops)
          .set({ inspectorId })
          .where(and(eq(mockRoundStops.roundId, roundId), inArray(mockRoundStops.position, run)));
      assigned.push({ inspectorId, stops: run.length });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'readiness.assign',
      targetType: 'mock_round',
      targetId: roundId,
      summary: { after: { assigned } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, assigned };
  });
}
