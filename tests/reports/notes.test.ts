/** Inside a department: a named assignee among its staff, and internal notes only staff read; both audited. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog } from '../../db/schema';
import { addInternalNote, assigneeOf, getReport, listInternalNotes, setAssignee } from '../../src/lib/server/reports';
import { createTestDatabase, testDriver } from '../support/db';
import { assignedLitterReport, type Cast, prepareReports } from './fixtures';

describe(`assignees and internal notes on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let id: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    id = await assignedLitterReport(database.db, prepared);
  });
  afterAll(async () => database?.close());

  it('lets the staff handling a report write notes that neither the reporter nor the public read, and audits each', async () => {
    expect(await addInternalNote(database.db, cast.staff, id, '已联系街道，周三上午清运')).toMatchObject({ ok: true });
    expect(await addInternalNote(database.db, cast.moderator, id, '请部门周三前反馈')).toMatchObject({ ok: true });
    expect(await addInternalNote(database.db, cast.resident, id, '我是报告人')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await addInternalNote(database.db, cast.otherStaff, id, '别的部门')).toMatchObject({ ok: false, code: 'forbidden' });
    const notes = await listInternalNotes(database.db, cast.staff, id);
    expect(notes.map((n) => [n.author, n.body])).toEqual([
      ['t-staff', '已联系街道，周三上午清运'],
      ['t-moderator', '请部门周三前反馈'],
    ]);
    expect(await listInternalNotes(database.db, cast.resident, id)).toEqual([]);
    expect(await listInternalNotes(database.db, null, id)).toEqual([]);
    // Nothing of them in the report as the reporter or the public see it.
    expect(JSON.stringify(await getReport(database.db, cast.resident, id))).not.toContain('周三上午清运');
    expect(JSON.stringify(await getReport(database.db, null, id))).not.toContain('周三上午清运');
    const audited = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'report.note'), eq(auditLog.targetId, String(id))));
    expect(audited).toHaveLength(2);
  });

  it('names an assignee among the department’s staff only, by the office or the department, audited', async () => {
    expect(await setAssignee(database.db, cast.staff, id, cast.staff.id)).toMatchObject({ ok: true, assigneeId: cast.staff.id });
    expect((await assigneeOf(database.db, id))?.id).toBe(cast.staff.id);
    expect(await setAssignee(database.db, cast.moderator, id, cast.otherStaff.id)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await setAssignee(database.db, cast.otherStaff, id, cast.otherStaff.id)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setAssignee(database.db, cast.grid, id, null)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setAssignee(database.db, cast.moderator, id, null)).toMatchObject({ ok: true, assigneeId: null });
    expect(await assigneeOf(database.db, id)).toBeNull();
    const audited = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'report.assignee'), eq(auditLog.targetId, String(id))));
    expect(audited.map((entry) => entry.summary)).toEqual([
      { before: { assigneeId: null }, after: { assigneeId: cast.staff.id } },
      { before: { assigneeId: cast.staff.id }, after: { assigneeId: null } },
    ]);
  });
});
