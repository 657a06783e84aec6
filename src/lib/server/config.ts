/**
 * Every setting the portal reads from its environment, validated once with zod when this module is
 * first imported (by the launcher before it listens, and by everything else through it). A bad value
 * stops the start with one line per setting. The README's settings table and .env.example list them.
 *
 * Settings may also sit in a `.env` file in the working directory (beside package.json for
 * `npm start`); the environment wins. Tests (Vitest) never read it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/proxy';

const ENV_FILE = path.resolve('.env');
if (!process.env.VITEST && existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);

/** Unset and empty both mean "the default". */
const unset = (value: unknown) => (value === '' ? undefined : value);

const flag = (fallback: boolean) =>
  z
    .preprocess(
      unset,
      z
        .string()
        .toLowerCase()
        .refine((value) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(value), 'expected true or false')
        .transform((value) => ['1', 'true', 'yes', 'on'].includes(value))
        .optional(),
    )
    .transform((value) => value ?? fallback);

const integer = (fallback: number, min: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max).default(fallback));

const text = (fallback: string) => z.preprocess(unset, z.string().default(fallback));
const optionalText = () => z.preprocess(unset, z.string().optional());

const origin = z.preprocess(
  unset,
  z
    .url({ protocol: /^https?$/, error: 'expected an http(s) address' })
    .transform((value) => new URL(value).origin)
    .optional(),
);

export const MAP_TILE_PRESETS = ['osm', 'tianditu', 'tianditu-imagery', 'amap', 'custom', 'none'] as const;
export type MapTilePreset = (typeof MAP_TILE_PRESETS)[number];

/** The environment's shape: names as operators write them. */
const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://…')
      .optional(),
  ),
  DATABASE_POOL_SIZE: integer(10, 1, 1000),
  MIGRATE_ON_START: flag(true),
  METRICS_TOKEN: z.preprocess(unset, z.string().min(16, 'at least 16 characters').optional()),
  MIGRATE_DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://…')
      .optional(),
  ),
  DATA_ENCRYPTION_KEY_PREVIOUS: optionalText(),
  DATABASE_CONNECT_TIMEOUT_MS: integer(5_000, 100, 600_000),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(10_000, 100, 3_600_000),
  DATABASE_IDLE_TIMEOUT_MS: integer(60_000, 1_000, 86_400_000),
  DATABASE_MAX_LIFETIME_MS: integer(1_800_000, 10_000, 86_400_000),
  DATA_DIR: text('data'),
  UPLOADS_DIR: optionalText(),
  DEMO_MODE: optionalText(),
  HOST: text('localhost'),
  PORT: integer(4321, 0, 65535),
  WEB_CONCURRENCY: integer(1, 1, 64),
  LISTEN_SOCKETS: integer(process.platform === 'linux' ? 8 : 1, 1, 64),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
  MICRO_CACHE_TTL_MS: integer(1000, 0, 60_000),
  MAP_TILES: z.preprocess(unset, z.enum(MAP_TILE_PRESETS).optional()),
  TIANDITU_KEY: text(''),
  MAP_REVIEW_NUMBER: text(''),
  MAP_TILE_URL: text(''),
  MAP_TILE_ATTRIBUTION: text(''),
  PUBLIC_ORIGIN: origin,
  TRUST_PROXY: optionalText(),
  STORAGE: z.preprocess(unset, z.enum(['local', 's3']).default('local')),
  S3_ENDPOINT: z.preprocess(unset, z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).optional()),
  S3_REGION: text('us-east-1'),
  S3_BUCKET: optionalText(),
  S3_ACCESS_KEY_ID: optionalText(),
  S3_SECRET_ACCESS_KEY: optionalText(),
  S3_FORCE_PATH_STYLE: z.preprocess(unset, z.enum(['true', 'false', '1', '0']).optional()),
  SHUTDOWN_DELAY_MS: z.preprocess(unset, z.coerce.number().int().min(0).max(600_000).optional()),
  PRIVACY_NOTICE_VERSION: text('2026-11'),
  CITY_TIME_ZONE: z.preprocess(
    unset,
    z
      .string()
      .default('Asia/Shanghai')
      .refine((zone) => {
        try {
          return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) && Boolean(new Intl.DateTimeFormat('en', { timeZone: zone }));
        } catch {
          return false;
        }
      }, 'expected an IANA time zone such as Asia/Shanghai'),
  ),
  LOG_LEVEL: z.preprocess(unset, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  APP_SECRET: optionalText(),
  DATA_ENCRYPTION_KEY: optionalText(),
  JOBS_ENABLED: flag(true),
  JOBS_POLL_MS: integer(1000, 50, 600_000),
  SMS_PROVIDER: z.preprocess(unset, z.enum(['tencent']).optional()),
  TENCENT_SMS_SECRET_ID: text(''),
  TENCENT_SMS_SECRET_KEY: text(''),
  TENCENT_SMS_SDK_APP_ID: text(''),
  TENCENT_SMS_SIGN_NAME: text(''),
  TENCENT_SMS_REGION: text('ap-guangzhou'),
  TENCENT_SMS_ENDPOINT: z.preprocess(unset, z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).default('https://sms.tencentcloudapi.com')),
  SMS_TEMPLATES: z.preprocess(
    unset,
    z
      .string()
      .transform((value, context) => {
        try {
          return z.record(z.string(), z.string()).parse(JSON.parse(value));
        } catch {
          context.addIssue({ code: 'custom', message: 'expected JSON like {"auth.phone_verification":"1234567"}' });
          return z.NEVER;
        }
      })
      .default({}),
  ),
  SMS_DAILY_CAP: integer(10, 0, 1000),
  SMTP_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…')
      .optional(),
  ),
  MAIL_FROM: text('文明城市 <noreply@localhost>'),
});

export type Env = z.infer<typeof EnvSchema>;

/** Thrown when the environment does not validate; `message` has one line per bad setting. */
export class SettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid settings: ${issues.join('; ')}`);
    this.name = 'SettingsError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or in base64.');
  return key;
}

/** Reads a generated secret kept under DATA_DIR, creating it on first use (embedded database only). */
function keptSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The settings in the shape the code uses, from a validated environment. */
export function settingsFrom(env: Env) {
  const databaseUrl = env.DATABASE_URL;
  const dataDir = path.resolve(env.DATA_DIR);
  if (databaseUrl && !env.APP_SECRET) throw new SettingsError(['APP_SECRET: must be set when DATABASE_URL is set (all instances share it)']);
  if (databaseUrl && !env.DATA_ENCRYPTION_KEY) {
    throw new SettingsError(['DATA_ENCRYPTION_KEY: must be set when DATABASE_URL is set (all instances share it)']);
  }
  if (env.DATA_ENCRYPTION_KEY) {
    try {
      parseEncryptionKey(env.DATA_ENCRYPTION_KEY);
    } catch (error) {
      throw new SettingsError([`DATA_ENCRYPTION_KEY: ${(error as Error).message}`]);
    }
  }
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(env.TRUST_PROXY);
  } catch (error) {
    throw new SettingsError([`TRUST_PROXY: ${(error as Error).message} (a number of proxies, or their addresses/CIDR ranges separated by commas)`]);
  }
  if (env.STORAGE === 's3' && !env.S3_BUCKET) throw new SettingsError(['S3_BUCKET: must be set when STORAGE=s3']);
  let cachedSecret: string | undefined;
  let cachedKey: Buffer | undefined;
  const demoMode = env.DEMO_MODE === undefined ? !databaseUrl : ['1', 'true', 'yes', 'on'].includes(env.DEMO_MODE.toLowerCase());
  const mapTiles = env.MAP_TILES ?? (env.MAP_TILE_URL ? 'custom' : 'osm');
  if (mapTiles === 'custom' && !env.MAP_TILE_URL) throw new SettingsError(['MAP_TILE_URL: must be set when MAP_TILES is custom']);
  // Links that leave the portal (calendar files, SMS, e-mail, QR codes, Open311) are built from the
  // public origin, never from a request's Host header; only a demo or development server may go without.
  const development = process.env.NODE_ENV === 'development';
  if (!env.PUBLIC_ORIGIN && !demoMode && !development) {
    throw new SettingsError(['PUBLIC_ORIGIN: must be set outside demo mode (the https address residents use; absolute links are built from it)']);
  }
  // With PGlite the database belongs to one process.
  const webConcurrency = databaseUrl ? env.WEB_CONCURRENCY : 1;
  return {
    databaseUrl,
    /** PGlite's files live under DATA_DIR/pglite; uploads under DATA_DIR/uploads. */
    dataDir,
    /** Where photos live: local disk (one instance) or an S3-compatible bucket shared by all. */
    storage: {
      driver: env.STORAGE,
      s3: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET ?? '',
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        // A custom endpoint (MinIO, a vendor's S3 API) usually wants the bucket in the path.
        forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined ? Boolean(env.S3_ENDPOINT) : ['true', '1'].includes(env.S3_FORCE_PATH_STYLE),
      },
    },
    /** Uploaded photos (local-disk storage); must be shared storage once several instances run. */
    uploadsDir: path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, 'uploads')),
    /** Demo accounts and sample data: on by default on the embedded database only. */
    demoMode,
    /** postgres.js connections per process. */
    databasePoolSize: env.DATABASE_POOL_SIZE,
    /** GET /metrics answers only with `Authorization: Bearer <this>`; unset: /metrics is off (404). */
    metricsToken: env.METRICS_TOKEN,
    /** Apply migrations (and the base seed) at start; always on PGlite. Off: `npm run migrate` does it. */
    migrateOnStart: databaseUrl ? env.MIGRATE_ON_START : true,
    /** `npm run migrate` connects with these credentials (a role that may run DDL); DATABASE_URL otherwise. */
    migrateDatabaseUrl: env.MIGRATE_DATABASE_URL ?? databaseUrl,
    /** During a key rotation: the key being replaced, still accepted for reading and by the fingerprint check. */
    get previousDataEncryptionKey(): Buffer | undefined {
      return env.DATA_ENCRYPTION_KEY_PREVIOUS ? parseEncryptionKey(env.DATA_ENCRYPTION_KEY_PREVIOUS) : undefined;
    },
    /** PostgreSQL: how long to wait for a connection, an answer, and how long connections live. */
    databaseTimeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      idleMs: env.DATABASE_IDLE_TIMEOUT_MS,
      lifetimeMs: env.DATABASE_MAX_LIFETIME_MS,
    },
    /** Where the server listens; port 0 picks a free one. */
    host: env.HOST,
    port: env.PORT,
    /** Listening sockets of a process serving alone (SO_REUSEPORT; see src/server/listen.ts). */
    listenSockets: env.LISTEN_SOCKETS,
    /** Processes serving on the one port (node:cluster); always 1 on PGlite. */
    webConcurrency,
    /** What WEB_CONCURRENCY asked for, to warn when PGlite makes it 1. */
    requestedConcurrency: env.WEB_CONCURRENCY,
    /** How long a stopping server waits for requests in flight before closing their connections. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /** How long the launcher answers anonymous pages from one render (src/lib/server/http/microcache.ts); 0 turns it off. */
    microCacheTtlMs: env.MICRO_CACHE_TTL_MS,
    /**
     * The base map: osm (development), tianditu (天地图 vector + annotation), tianditu-imagery, amap
     * (高德, GCJ-02), custom (MAP_TILE_URL) or none (the city's own outlines only). src/lib/server/map.ts.
     */
    mapTiles: mapTiles as MapTilePreset,
    /** 天地图's key (tk), required by its tiles. */
    tiandituKey: env.TIANDITU_KEY,
    /** 审图号 shown in the attribution, e.g. GS(2024)0650号. */
    mapReviewNumber: env.MAP_REVIEW_NUMBER,
    /** custom: the tile URL template and its attribution (HTML); the attribution also replaces OpenStreetMap's. */
    mapTileUrl: env.MAP_TILE_URL,
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION,
    /** The address residents use (https://wenming.example.gov.cn); writes from other origins are refused. */
    publicOrigin: env.PUBLIC_ORIGIN,
    /** Which proxies in front are believed (X-Forwarded-For/-Proto/-Host, X-Request-Id): see http/proxy.ts. */
    trustProxy,
    /**
     * After SIGTERM, how long /readyz answers 503 while requests are still served, so the load
     * balancer stops sending before the listener closes. 5 s with PostgreSQL (several instances), 0 on PGlite.
     */
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS ?? (databaseUrl ? 5_000 : 0),
    privacyNoticeVersion: env.PRIVACY_NOTICE_VERSION,
    /** The city's IANA time zone (src/lib/server/time.ts). */
    cityTimeZone: env.CITY_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    /** Run the job queue's worker in this instance (every instance by default; the claims keep jobs single). */
    jobsEnabled: env.JOBS_ENABLED,
    /** How often an idle worker looks for due jobs and schedules. */
    jobsPollMs: env.JOBS_POLL_MS,
    /** SMS gateway: "tencent" (Tencent Cloud SMS) or unset (messages recorded in the outbox only). */
    smsProvider: env.SMS_PROVIDER,
    tencentSms: {
      secretId: env.TENCENT_SMS_SECRET_ID,
      secretKey: env.TENCENT_SMS_SECRET_KEY,
      sdkAppId: env.TENCENT_SMS_SDK_APP_ID,
      signName: env.TENCENT_SMS_SIGN_NAME,
      region: env.TENCENT_SMS_REGION,
      /** The API's address; tests point it at the loopback stand-in. */
      endpoint: env.TENCENT_SMS_ENDPOINT,
    },
    /** SMS template ids per message kind: {"auth.phone_verification":"1234567","shift.reminder":"…"}. */
    smsTemplates: env.SMS_TEMPLATES as Record<string, string>,
    /** Non-code SMS per recipient per (China) day. */
    smsDailyCap: env.SMS_DAILY_CAP,
    /** smtp://user:pass@host:587 or smtps://…; unset: e-mail recorded in the outbox only. */
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    /** APP_SECRET signs short-lived tokens and keys throttling hashes; with PGlite, generated under DATA_DIR. */
    get appSecret(): string {
      return (cachedSecret ??= env.APP_SECRET ?? keptSecret(dataDir, 'app-secret'));
    },
    /** DATA_ENCRYPTION_KEY encrypts personal data at rest (volunteers' ID numbers). */
    get dataEncryptionKey(): Buffer {
      return (cachedKey ??= parseEncryptionKey(env.DATA_ENCRYPTION_KEY ?? keptSecret(dataDir, 'data-encryption-key')));
    },
  };
}

export type Settings = ReturnType<typeof settingsFrom>;

/**
 * The process's settings, validated once. Outside the tests a bad value ends the process with one
 * JSON line naming every bad setting, before anything listens or connects.
 */
function load(): Settings {
  try {
    return settingsFrom(parseEnv(process.env));
  } catch (error) {
    if (!(error instanceof SettingsError) || process.env.VITEST) throw error;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'invalid settings', issues: error.issues }) + '\n');
    process.exit(1);
  }
}

export const config: Settings = load();
