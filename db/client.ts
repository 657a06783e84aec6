import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DatabaseUnavailableError } from './errors';
import * as schema from './schema';

export type Schema = typeof schema;
/** One handle type for both drivers; domain functions take this (or a transaction, which is one too). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL URL it was opened with; absent for PGlite. */
  url?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… to use PostgreSQL; otherwise the embedded PGlite. */
  url?: string | undefined;
  /** PGlite's data folder; in memory when absent. */
  dataDir?: string | undefined;
  /** postgres.js pool size per process. */
  maxConnections?: number;
  /** PostgreSQL only: how long to wait for what (see DatabaseTimeouts); no limits when absent. */
  timeouts?: DatabaseTimeouts;
}

export interface DatabaseTimeouts {
  /** Opening one connection (TCP and start-up). */
  connectMs: number;
  /**
   * One round trip: a query (waiting for a free connection included), a transaction's BEGIN, or its
   * COMMIT. Also PostgreSQL's own statement_timeout, so a slow query is cancelled by the server.
   */
  statementMs: number;
  /** An idle connection is closed after this long. */
  idleMs: number;
  /** A connection is replaced after this long (spreads connections again after a failover). */
  lifetimeMs: number;
}

type Sql = postgres.Sql;

/**
 * What this process's PostgreSQL pools are doing, for /metrics (src/server/metrics.ts): their
 * configured size, the queries and transactions holding (or waiting for) a connection now, and
 * running totals. Counted by the deadline wrapper below, so only pools opened with timeouts (the
 * app's) are counted. A query or transaction past the pool's size waits for a connection.
 */
export const poolStats = { size: 0, holders: 0, queries: 0, transactions: 0, timeouts: 0, errors: 0 };

/** Counts one query or transaction holding a connection until `promise` settles. */
function hold<T>(promise: Promise<T>): Promise<T> {
  poolStats.holders++;
  return promise.then(
    (value) => {
      poolStats.holders--;
      return value;
    },
    (error: unknown) => {
      poolStats.holders--;
      if (error instanceof DatabaseUnavailableError) poolStats.timeouts++;
      else poolStats.errors++;
      throw error;
    },
  );
}

/**
 * Drizzle sends every query as an unnamed statement, which PostgreSQL parses and plans again on
 * every call (for a logged-in page's few small queries, most of the database's time). Asked to
 * prepare, postgres.js keeps a named statement per connection for each query text, so a query is
 * parsed once per connection and soon runs on a cached generic plan. Only data queries are
 * prepared (not DDL or session commands), and at most PREPARED_TEXTS_LIMIT texts per process, so
 * that a query built with a varying number of placeholders cannot fill each connection's statement
 * cache without bound (connections are also replaced after DATABASE_MAX_LIFETIME_MS). This needs a
 * session (not a transaction-pooling) connection, as the README's deployment section says.
 */
const PREPARED_TEXTS_LIMIT = 2000;
const preparedTexts = new Set<string>();
const DATA_QUERY = /^\s*(select|insert|update|delete|with)\b/i;

export function shouldPrepare(query: string): boolean {
  if (preparedTexts.has(query)) return true;
  if (preparedTexts.size >= PREPARED_TEXTS_LIMIT || !DATA_QUERY.test(query)) return false;
  preparedTexts.add(query);
  return true;
}

function preparing(query: string, options: postgres.UnsafeQueryOptions | undefined): postgres.UnsafeQueryOptions | undefined {
  return options?.prepare === false || options?.prepare === undefined ? (shouldPrepare(query) ? { ...options, prepare: true } : options) : options;
}

/** Waits for a query or its result, failing with DatabaseUnavailableError after `ms`. */
function withDeadline<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DatabaseUnavailableError(`no answer from the database within ${ms} ms (${what})`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The client Drizzle is given when there are no deadlines: data queries prepared (see shouldPrepare), in transactions too. */
function withPrepared<T extends Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params as postgres.ParameterOrJSON<never>[], preparing(query, options));
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target as Sql)[property as 'begin'](...(args as []), (tx: postgres.TransactionSql) => callback(withPrepared(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A postgres.js query as Drizzle uses it (awaited, or `.values()` then awaited), behind a deadline:
 * a partitioned network leaves the query waiting for ever, and the request with it. The client's
 * deadline is a little longer than the server's statement_timeout, so a merely slow query gets the
 * server's cancellation (and its connection back) first.
 */
function deadlineQuery(query: postgres.PendingQuery<postgres.Row[]>, ms: number, topLevel: boolean) {
  const wrapper = {
    values() {
      query.values();
      return wrapper;
    },
    then<A, B>(onFulfilled?: (value: unknown) => A | PromiseLike<A>, onRejected?: (reason: unknown) => B | PromiseLike<B>) {
      poolStats.queries++;
      const answer = withDeadline(query, ms, 'query');
      // Inside a transaction the connection is already the transaction's.
      return (topLevel ? hold(answer) : answer).then(onFulfilled, onRejected);
    },
  };
  return wrapper;
}

/**
 * The client Drizzle is given: every query, and a transaction's start and end, under the deadline.
 * Queries inside a transaction go through a wrapped transaction client, so each has its own deadline.
 */
function withDeadlines<T extends Sql | postgres.TransactionSql>(sql: T, ms: number, topLevel = true): T {
  const clientMs = ms + 1000;
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          deadlineQuery(target.unsafe(query, params as postgres.ParameterOrJSON<never>[], preparing(query, options)), clientMs, topLevel);
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          let phase: 'begin' | 'body' | 'commit' = 'begin';
          let timer: NodeJS.Timeout | undefined;
          if (topLevel) poolStats.transactions++;
          const transaction = new Promise((resolve, reject) => {
            const expire = () => reject(new DatabaseUnavailableError(`no answer from the database within ${clientMs} ms (${phase})`));
            timer = setTimeout(expire, clientMs);
            const run = (target as Sql)[property as 'begin'](...(args as []), async (tx: postgres.TransactionSql) => {
              clearTimeout(timer);
              phase = 'body';
              try {
                return await callback(withDeadlines(tx, ms, false));
              } finally {
                phase = 'commit';
                timer = setTimeout(expire, clientMs);
              }
            });
            (run as Promise<unknown>).then(
              (value) => {
                clearTimeout(timer);
                resolve(value);
              },
              (error: unknown) => {
                clearTimeout(timer);
                reject(error);
              },
            );
          });
          return topLevel ? hold(transaction) : transaction;
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export const MIGRATIONS_DIR = process.env.MIGRATIONS_DIR ?? path.resolve('db/migrations');

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const timeouts = options.timeouts;
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: 'wenming', ...(timeouts && { statement_timeout: timeouts.statementMs }) },
      ...(timeouts && {
        connect_timeout: timeouts.connectMs / 1000,
        idle_timeout: timeouts.idleMs / 1000,
        max_lifetime: timeouts.lifetimeMs / 1000,
      }),
    });
    const driver = timeouts ? withDeadlines(client, timeouts.statementMs) : withPrepared(client);
    const size = timeouts ? (options.maxConnections ?? 10) : 0;
    poolStats.size += size;
    let closed = false;
    const close = async () => {
      if (!closed) poolStats.size -= size;
      closed = true;
      await client.end({ timeout: 5 });
    };
    return { db: drizzlePostgres({ client: driver, schema }), kind: 'postgres', url: options.url, close };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  return { db: drizzlePglite({ client, schema }), kind: 'pglite', close: () => client.close() };
}

/** Arbitrary key for the advisory lock that keeps two starting instances from migrating at once. */
const MIGRATION_LOCK_KEY = 7_461_001;

/**
 * Applies the migrations, then `andThen` (the seeds) if given. On PostgreSQL both run under an
 * advisory lock, so that instances starting together on one database do this one after another
 * (the seeds read before they write).
 */
export async function migrateDatabase(database: Database, andThen?: () => Promise<void>, timeouts?: DatabaseTimeouts): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], { migrationsFolder: MIGRATIONS_DIR });
    await andThen?.();
    return;
  }
  // A session-level lock needs one connection for lock, migrate and unlock, so migrate on a client of its own.
  // No statement timeout: a migration may rewrite a big table. Waiting for the lock is not bounded
  // either (another instance is migrating); connecting is.
  const client = postgres(database.url!, { max: 1, onnotice: () => {}, ...(timeouts && { connect_timeout: timeouts.connectMs / 1000 }) });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_DIR });
    await andThen?.();
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** The rows of a raw `db.execute(...)`: postgres.js returns them as an array, PGlite inside `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Queries built once per database handle (see preparedQuery), by the function that builds them. */
const preparedQueries = new WeakMap<Db, Map<(db: Db) => unknown, unknown>>();

/**
 * A Drizzle query that a page runs on every request, built and `.prepare()`d once per database
 * handle (its values as `sql.placeholder`s): the request skips Drizzle's query building, the
 * largest part of a small query's CPU. `build` is a module-level function (it is the key).
 */
export function preparedQuery<T>(db: Db, build: (db: Db) => T): T {
  let built = preparedQueries.get(db);
  if (!built) preparedQueries.set(db, (built = new Map()));
  let query = built.get(build) as T | undefined;
  if (query === undefined) built.set(build, (query = build(db)));
  return query;
}

/** Queries built for given inputs (see preparedFor), per database handle, by a key naming the inputs. */
const keyedQueries = new WeakMap<Db, Map<string, unknown>>();
/** How many built queries a handle keeps; the oldest goes first. */
const KEYED_QUERIES_MAX = 500;

/**
 * A Drizzle query whose shape and values depend on its inputs (a staff queue's scope, filters, page
 * and day), built and `.prepare()`d once per handle for each `key`: the next request with the same
 * inputs skips Drizzle's query building. The key must name every input the query is built from;
 * the query text and values are kept, never rows. `build` may answer null (no query for those
 * inputs), which is kept like a query. (The name a query is `.prepare()`d under is not used by
 * postgres.js or PGlite, which prepare by the query's text.)
 */
export function preparedFor<T>(db: Db, key: string, build: () => T): T {
  let built = keyedQueries.get(db);
  if (!built) keyedQueries.set(db, (built = new Map()));
  if (built.has(key)) return built.get(key) as T;
  if (built.size >= KEYED_QUERIES_MAX) built.delete(built.keys().next().value!);
  const query = build();
  built.set(key, query);
  return query;
}

/** Runs a raw query on either driver and returns its rows. */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/**
 * For instances that do not migrate at start (MIGRATE_ON_START=false): throws unless every migration
 * of this build has been applied (by `npm run migrate`). Reads only, so a role without DDL can run it.
 */
export async function assertMigrated(database: Database): Promise<void> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  let applied = 0;
  try {
    const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`));
    applied = Number(row?.n ?? 0);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== '42P01') throw error;
  }
  if (applied < journal.entries.length) {
    throw new Error(`the database has ${applied} of this build's ${journal.entries.length} migrations: run npm run migrate first`);
  }
}

/** True when the database answers a trivial query within `timeoutMs`; for readiness probes. */
export async function pingDatabase(db: Db, timeoutMs = 800): Promise<boolean> {
  try {
    await withDeadline(db.execute(sql`select 1`), timeoutMs, 'ping');
    return true;
  } catch {
    return false;
  }
}

export { schema };
