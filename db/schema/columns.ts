/** Columns many tables share, defined once and spread into each table. */
import { timestamp } from 'drizzle-orm/pg-core';

/** A moment, stored with its zone (timestamptz); shown in the city's zone. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** When the row was made. */
export const createdAt = {
  createdAt: timestamptz('created_at').notNull().defaultNow(),
};

/** When the row was made and last changed. */
export const timestamps = {
  ...createdAt,
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
};
