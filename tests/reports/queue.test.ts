/** The staff queue: filtered by assignee, on a map with the points staff may read, and triaged in bulk on "all matching". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import {
  bulkTriage,
  bulkTriageMatching,
  listQueue,
  queueMapPoints,
  queueSelection,
  readQueueOptions,
  setAssignee,
  staffQueues,
  submitReport,
  transitionReport,
} from '../../src/lib/server/reports';
import type { Storage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports, sanitationId } from './fixtures';

describe(`the staff queue on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: Storage;
  let colleague: Cast['staff'];
  const filed: { id: number; lat: number; lng: number; category: string }[] = [];
  const now = new Date('2026-12-02T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    storage = prepared.storage;
    const base = (await pointInCell(database.db, prepared.cell))!;
    // Four new reports far enough apart not to be offered as one another's duplicates: two of litter, two of graffiti.
    for (const [i, category] of (['litter', 'litter', 'parking', 'parking'] as const).entries()) {
      const point = { lat: base.lat + i * 0.00001, lng: base.lng + i * 0.00001 };
      const result = await submitReport(
        database.db,
        storage,
        { actor: cast.resident, source: 'web' },
        { ...point, categoryCode: category, description: `第 ${i + 1} 条：路边问题需要处理`, photos: [await photo()], confirmed: true },
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      filed.push({ id: result.report.id, ...point, category });
    }
    // A second person in the sanitation department, to assign to.
    const [row] = await database.db
      .insert(users)
      .values({ username: 't-colleague', displayName: '同事小李', passwordHash: 'x', role: 'department_staff', departmentId: await sanitationId(database.db) })
      .returning({ id: users.id, role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId });
    colleague = row!;
  });
  afterAll(async () => database?.close());

  it('reads the queue, filters and assignee from the query string as the page and the bulk action do', () => {
    const read = (query: string, actor = cast.moderator) => readQueueOptions(new URLSearchParams(query), actor, ['litter', 'parking']);
    expect(read('queue=assign&category=litter&assignee=none&page=3')).toMatchObject({ queue: 'assign', options: { categoryCode: 'litter', assignee: 'none', page: 3 } });
    expect(read('queue=nonsense&category=nope&assignee=x&department=-1&ticket=blue&page=0')).toEqual({
      queue: 'triage',
      options: {
        sort: undefined,
        categoryCode: undefined,
        districtId: undefined,
        departmentId: undefined,
        status: undefined,
        ticket: undefined,
        source: undefined,
        assignee: undefined,
        page: 1,
      },
    });
    // A department's staff have their one queue and cannot widen it to another department.
    expect(read('queue=triage&department=5&assignee=me', cast.staff)).toMatchObject({ queue: 'department', options: { departmentId: undefined, assignee: 'me' } });
    expect(read(`assignee=${colleague.id}`, cast.staff).options.assignee).toBe(colleague.id);
    expect(staffQueues(cast.grid)).toEqual(['grid', 'verify']);
    expect(staffQueues(cast.resident)).toEqual([]);
  });

  it('triages every matching report across pages in bulk, and refuses more than the limit or a queue not triaged in bulk', async () => {
    const litter = { categoryCode: 'litter' };
    expect((await queueSelection(database.db, cast.moderator, 'triage', litter, 10, now))?.map((r) => r.id)).toEqual(filed.filter((r) => r.category === 'litter').map((r) => r.id));
    // More than the limit match: null, so that nothing is done to a part only.
    expect(await queueSelection(database.db, cast.moderator, 'triage', {}, 3, now)).toBeNull();
    expect(await bulkTriageMatching(database.db, storage, cast.moderator, 'verify', {}, { to: 'accepted' })).toMatchObject({ ok: false, message: 'reports.error.bulkQueue' });
    // The page the moderator was on does not narrow "all matching".
    const accepted = await bulkTriageMatching(database.db, storage, cast.moderator, 'triage', { ...litter, page: 7 }, { to: 'accepted' }, null, now);
    expect(accepted).toEqual({ ok: true, done: filed.filter((r) => r.category === 'litter').map((r) => r.id), failed: [] });
    expect((await listQueue(database.db, cast.moderator, 'triage', now)).map((r) => r.id)).toEqual(filed.filter((r) => r.category === 'parking').map((r) => r.id));
    const assigned = await bulkTriageMatching(database.db, storage, cast.moderator, 'assign', {}, { to: 'assigned', departmentId: await sanitationId(database.db) }, null, now);
    expect(assigned).toMatchObject({ ok: true, failed: [] });
    expect((await listQueue(database.db, cast.staff, 'department', now)).map((r) => r.id).sort()).toEqual(
      filed
        .filter((r) => r.category === 'litter')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('shows the named assignee on each card and filters by "me", "unassigned" and a person', async () => {
    const [first, second] = filed;
    expect(await setAssignee(database.db, cast.staff, first!.id, cast.staff.id)).toMatchObject({ ok: true });
    expect(await setAssignee(database.db, cast.staff, second!.id, colleague.id)).toMatchObject({ ok: true });
    const rows = await listQueue(database.db, cast.staff, 'department', now);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.assignee]))).toEqual({
      [first!.id]: { id: cast.staff.id, displayName: 't-staff' },
      [second!.id]: { id: colleague.id, displayName: '同事小李' },
    });
    expect((await listQueue(database.db, cast.staff, 'department', now, { assignee: 'me' })).map((r) => r.id)).toEqual([first!.id]);
    expect((await listQueue(database.db, colleague, 'department', now, { assignee: 'me' })).map((r) => r.id)).toEqual([second!.id]);
    expect((await listQueue(database.db, cast.staff, 'department', now, { assignee: colleague.id })).map((r) => r.id)).toEqual([second!.id]);
    expect(await listQueue(database.db, cast.staff, 'department', now, { assignee: 'none' })).toEqual([]);
    expect(await setAssignee(database.db, cast.staff, second!.id, null)).toMatchObject({ ok: true });
    expect((await listQueue(database.db, cast.staff, 'department', now, { assignee: 'none' })).map((r) => r.id)).toEqual([second!.id]);
  });

  it('maps every matching report of the queue (not one page) at the exact point for the staff who handle them', async () => {
    const office = await queueMapPoints(database.db, cast.moderator, 'triage', now);
    expect(office.total).toBe(2);
    expect(office.points.map((p) => [p.id, p.lat, p.lng, p.exact, p.category])).toEqual(
      filed.filter((r) => r.category === 'parking').map((r) => [r.id, r.lat, r.lng, true, 'parking']),
    );
    const department = await queueMapPoints(database.db, cast.staff, 'department', now, { assignee: 'me' });
    expect(department.points.map((p) => [p.id, p.exact, p.lat])).toEqual([[filed[0]!.id, true, filed[0]!.lat]]);
    // Another department's staff have no such queue; a resident none at all.
    expect(await queueMapPoints(database.db, cast.resident, 'department', now)).toEqual({ points: [], total: 0 });
    expect((await queueMapPoints(database.db, cast.otherStaff, 'department', now)).points).toEqual([]);
  });

  it('keeps each report’s own version check when a bulk action races a single one', async () => {
    const [, , third] = filed;
    const selection = await queueSelection(database.db, cast.moderator, 'triage', {}, 10, now);
    // Someone accepts the third one by hand after the selection was read: the bulk action counts it as failed.
    expect(await transitionReport(database.db, storage, cast.moderator, third!.id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });
    const result = await bulkTriage(database.db, storage, cast.moderator, selection!, { to: 'accepted' });
    expect(result).toMatchObject({ ok: true, done: [filed[3]!.id], failed: [{ id: third!.id }] });
  });
});
