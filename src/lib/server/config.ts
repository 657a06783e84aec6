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

const ENV_FILE = path.resolve('.env');
if (!process.env.VITEST && existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);

/** Unset and empty both mean "the default". */
const unset = (value: unknown) => (value === '' ? undefined : value);

const flag = (fallback: boolean) =>
  z.preprocess(
    unset,
    z
      .string()
      .toLowerCase()
      .refine((value) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(value), 'expected true or false')
      .transform((value) => ['1', 'true', 'yes', 'on'].includes(value))
      .optional(),
  ).transform((value) => value ?? fallback);

const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(unset, z.coerce.number().int().min(min).max(max).default(fallback));

const text = (fallback: string) => z.preprocess(unset, z.string().default(fallback));
const optionalText = () => z.preprocess(unset, z.string().optional());

const origin = z.preprocess(
  unset,
  z
    .url({ protocol: /^https?$/, error: 'expected an http(s) address' })
    .transform((value) => new URL(value).origin)
    .optional(),
);

/** The environment's shape: names as operators write them. */
const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(unset, z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…').optional()),
  DATABASE_POOL_SIZE: integer(10, 1, 1000),
  DATA_DIR: text('data'),
  UPLOADS_DIR: optionalText(),
  DEMO_MODE: optionalText(),
  HOST: text('localhost'),
  PORT: integer(4321, 0, 65535),
  WEB_CONCURRENCY: integer(1, 1, 64),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
  MICRO_CACHE_TTL_MS: integer(1000, 0, 60_000),
  MAP_TILE_URL: text('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: text('© OpenStreetMap contributors'),
  PUBLIC_ORIGIN: origin,
  TRUST_PROXY: flag(false),
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
  SMTP_URL: z.preprocess(unset, z.string().regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…').optional()),
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
  let cachedSecret: string | undefined;
  let cachedKey: Buffer | undefined;
  const demoMode = env.DEMO_MODE === undefined ? !databaseUrl : ['1', 'true', 'yes', 'on'].includes(env.DEMO_MODE.toLowerCase());
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
    /** Uploaded photos (local-disk storage); must be shared storage once several instances run. */
    uploadsDir: path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, 'uploads')),
    /** Demo accounts and sample data: on by default on the embedded database only. */
    demoMode,
    /** postgres.js connections per process. */
    databasePoolSize: env.DATABASE_POOL_SIZE,
    /** Where the server listens; port 0 picks a free one. */
    host: env.HOST,
    port: env.PORT,
    /** Processes serving on the one port (node:cluster); always 1 on PGlite. */
    webConcurrency,
    /** What WEB_CONCURRENCY asked for, to warn when PGlite makes it 1. */
    requestedConcurrency: env.WEB_CONCURRENCY,
    /** How long a stopping server waits for requests in flight before closing their connections. */
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /** How long the launcher answers anonymous pages from one render (src/lib/server/http/microcache.ts); 0 turns it off. */
    microCacheTtlMs: env.MICRO_CACHE_TTL_MS,
    mapTileUrl: env.MAP_TILE_URL,
    /** The tile server's origin, allowed in the pages' CSP img-src. */
    get mapTileOrigin(): string {
      try {
        return new URL(this.mapTileUrl.replace(/[{}]/g, '')).origin;
      } catch {
        return '';
      }
    },
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION,
    /** The address residents use (https://wenming.example.gov.cn); writes from other origins are refused. */
    publicOrigin: env.PUBLIC_ORIGIN,
    /** Trust X-Forwarded-For / X-Forwarded-Proto / X-Request-Id from the load balancer in front. */
    trustProxy: env.TRUST_PROXY,
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
