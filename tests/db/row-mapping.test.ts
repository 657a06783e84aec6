/**
 * How Drizzle turns driver rows into objects (patches/drizzle-orm: each select's decoders and
 * paths are worked out once per query rather than for every field of every row): nested shapes,
 * decoders of columns and of sql fields, and a left join's missing side as null, again and again.
 */
import { eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createTestDatabase, testDriver } from '../support/db';

const parents = pgTable('row_map_parents', { id: integer('id').primaryKey(), name: text('name').notNull(), bornAt: timestamp('born_at', { withTimezone: true }) });
const children = pgTable('row_map_children', { id: integer('id').primaryKey(), parentId: integer('parent_id'), label: text('label') });

describe(`row mapping on ${testDriver}`, () => {
  let database: Database;
  const bornAt = new Date('2026-12-05T01:02:03Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`create table row_map_parents (id int primary key, name text not null, born_at timestamptz)`);
    await database.db.execute(sql`create table row_map_children (id int primary key, parent_id int, label text)`);
    await database.db.insert(parents).values([
      { id: 1, name: 'one', bornAt },
      { id: 2, name: 'two', bornAt: null },
    ]);
    await database.db.insert(children).values([
      { id: 10, parentId: 1, label: 'a' },
      { id: 11, parentId: null, label: null },
      { id: 12, parentId: 2, label: 'c' },
    ]);
  });
  afterAll(async () => database?.close());

  it('gives whole tables, a left join missing side as null, and decoded values, the same every time', async () => {
    const query = database.db
      .select({ child: children, parent: parents })
      .from(children)
      .leftJoin(parents, eq(children.parentId, parents.id))
      .orderBy(children.id)
      .prepare('row_map_join');
    for (let round = 0; round < 3; round++) {
      expect(await query.execute()).toEqual([
        { child: { id: 10, parentId: 1, label: 'a' }, parent: { id: 1, name: 'one', bornAt } },
        { child: { id: 11, parentId: null, label: null }, parent: null },
        { child: { id: 12, parentId: 2, label: 'c' }, parent: { id: 2, name: 'two', bornAt: null } },
      ]);
    }
  });

  it('builds nested shapes from columns and sql fields with their own decoders, a left join missing side as null', async () => {
    const rows = await database.db
      .select({
        id: children.id,
        about: { label: children.label, total: sql<number>`count(*) over ()`.mapWith(Number) },
        parent: { name: parents.name, bornAt: parents.bornAt },
        shout: sql<string>`upper(${children.label})`.as('shout'),
      })
      .from(children)
      .leftJoin(parents, eq(children.parentId, parents.id))
      .orderBy(children.id);
    expect(rows).toEqual([
      { id: 10, about: { label: 'a', total: 3 }, parent: { name: 'one', bornAt }, shout: 'A' },
      { id: 11, about: { label: null, total: 3 }, parent: null, shout: null },
      { id: 12, about: { label: 'c', total: 3 }, parent: { name: 'two', bornAt: null }, shout: 'C' },
    ]);
    expect(rows[0]!.parent?.bornAt).toBeInstanceOf(Date);
  });
});
