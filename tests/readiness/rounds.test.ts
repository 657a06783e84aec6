/**
 * A mock round's plan given to inspectors, and what counts for it: inspections of drawn sites in the
 * round's window count even when not started from its plan; those from another round's plan do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import type { SiteType } from '../../db/schema';
import { assignStops, currentTemplate, getRound, ROUND_WINDOW_DAYS, roundResults, splitPlan, startRound, submitInspection } from '../../src/lib/server/readiness';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { photo, tempStorage, type Cast } from '../reports/fixtures';
import { createSite, prepareReadiness } from './fixtures';

const DAY = 86_400_000;
const TYPES: SiteType[] = ['park', 'library', 'hospital', 'school'];

describe(`mock round plans on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let sites: Record<string, number>;
  /** The draw's instant (the clock injected into every command here). */
  const t0 = new Date('2026-06-12T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReadiness(database.db);
    cast = prepared.cast;
    storage = tempStorage();
    sites = {};
    // One site of each type: the draw takes at least one of each, so every site is drawn.
    for (const type of TYPES) sites[type] = (await createSite(database.db, prepared.point, prepared.chengguan, type)).id;
  });
  afterAll(async () => database?.close());

  it('splits a plan into runs whose sizes differ by at most one', () => {
    expect(splitPlan(7, 3)).toEqual([3, 2, 2]);
    expect(splitPlan(2, 3)).toEqual([1, 1, 0]);
  });

  it('gives each chosen inspector a consecutive run of the route, and each sees their own list', async () => {
    const db = database.db;
    const started = await startRound(db, cast.moderator, { seed: 5 }, null, t0);
    if (!started.ok) throw new Error(started.code);
    const assigned = await assignStops(db, cast.moderator, started.round.id, [cast.grid.id, cast.admin.id]);
    expect(assigned.ok).toBe(true);
    const round = (await getRound(db, started.round.id))!;
    const owners = round.stops.map((stop) => stop.inspectorId);
    const mine = round.stops.filter((stop) => stop.inspectorId === cast.grid.id);
    const theirs = round.stops.filter((stop) => stop.inspectorId === cast.admin.id);
    expect(mine.length + theirs.length).toBe(round.stops.length);
    expect(Math.abs(mine.length - theirs.length)).toBeLessThanOrEqual(1);
    // Consecutive: the grid worker's run comes first, then the admin's.
    expect(owners).toEqual([...mine.map(() => cast.grid.id), ...theirs.map(() => cast.admin.id)]);
    expect(round.endsAt.getTime()).toBe(t0.getTime() + ROUND_WINDOW_DAYS * DAY);
    // Only the office assigns, and only to accounts that may inspect.
    expect(can(cast.staff, 'readiness.draw')).toBe(false);
    const wrong = await assignStops(db, cast.moderator, started.round.id, [cast.resident.id]);
    expect(wrong.ok ? null : wrong.fields).toEqual({ inspectors: 'readiness.rounds.error.inspector' });
  });

  it('counts inspections of drawn sites made in the round’s window, started from its plan or not', async () => {
    const db = database.db;
    const started = await startRound(db, cast.moderator, { seed: 9 }, null, t0);
    if (!started.ok) throw new Error(started.code);
    const other = await startRound(db, cast.moderator, { seed: 10 }, null, t0);
    if (!other.ok) throw new Error(other.code);
    const inspect = async (type: SiteType, at: Date, key: string, roundId: number | null, fail = false) => {
      const template = (await currentTemplate(db, type))!;
      const evidence = await photo('red');
      const result = await submitInspection(
        db,
        storage,
        cast.grid,
        {
          siteId: sites[type]!,
          templateId: template.id,
          answers: template.items.map((item, i) => ({ itemId: item.id, answer: fail && i === 0 ? 'fail' : 'pass', photos: fail && i === 0 ? [evidence] : [] })),
          clientKey: key,
          mockRoundId: roundId,
        },
        null,
        at,
      );
      if (!result.ok) throw new Error(result.code);
    };
    await inspect('park', new Date(t0.getTime() + DAY), 'round-park-unlinked', null, true); // in the window, on its own: counts
    await inspect('library', new Date(t0.getTime() - DAY), 'round-library-before', null); // before the draw: no
    await inspect('hospital', new Date(t0.getTime() + DAY), 'round-hospital-other', other.round.id); // another round's plan: no
    await inspect('school', new Date(t0.getTime() + 2 * DAY), 'round-school-linked', started.round.id); // from the plan: counts
    const results = await roundResults(db, started.round.id);
    expect(results.city.inspected).toBe(2);
    expect(results.mostFailed).toHaveLength(1);
    // After the window, an inspection on its own no longer counts.
    await inspect('library', new Date(t0.getTime() + (ROUND_WINDOW_DAYS + 1) * DAY), 'round-library-after', null);
    expect((await roundResults(db, started.round.id)).city.inspected).toBe(2);
  });
});
