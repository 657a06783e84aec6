import { sql } from 'drizzle-orm';
import { check, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { areas } from './city';

/** 责任单位: a city bureau, or the office (街道办事处) of one subdistrict. */
export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    kind: text('kind').$type<'bureau' | 'subdistrict_office'>().notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** The subdistrict a 街道办事处 serves; null for city bureaus. */
    areaId: integer('area_id').references(() => areas.id),
    ...createdAt,
  },
  (t) => [check('departments_kind_check', sql`${t.kind} in ('bureau', 'subdistrict_office')`)],
);
