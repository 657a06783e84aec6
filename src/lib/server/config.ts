/**
 * Every setting the portal reads from its environment, read once. The README and .env.example list them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

const env = process.env;
const databaseUrl = env.DATABASE_URL || undefined;
const dataDir = path.resolve(env.DATA_DIR ?? 'data');

/**
 * APP_SECRET signs short-lived tokens and keys throttling hashes; every instance must share it.
 * With the embedded database (one instance by nature) a random one is kept under DATA_DIR.
 */
function appSecret(): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (databaseUrl) {
    throw new Error('APP_SECRET must be set when DATABASE_URL is set (all instances share it).');
  }
  const file = path.join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * DATA_ENCRYPTION_KEY encrypts personal data at rest (volunteers' ID numbers): 32 bytes as 64 hex
 * digits or base64. Like APP_SECRET it is required with DATABASE_URL and kept under DATA_DIR otherwise.
 */
function dataEncryptionKey(): Buffer {
  let text = env.DATA_ENCRYPTION_KEY;
  if (!text) {
    if (databaseUrl) throw new Error('DATA_ENCRYPTION_KEY must be set when DATABASE_URL is set (all instances share it).');
    const file = path.join(dataDir, 'data-encryption-key');
    if (existsSync(file)) text = readFileSync(file, 'utf8').trim();
    else {
      mkdirSync(dataDir, { recursive: true });
      text = randomBytes(32).toString('base64url');
      writeFileSync(file, text, { mode: 0o600 });
    }
  }
  return parseEncryptionKey(text);
}

export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or in base64.');
  return key;
}

export const config = {
  databaseUrl,
  /** PGlite's files live under DATA_DIR/pglite; uploads under DATA_DIR/uploads. */
  dataDir,
  /** Uploaded photos (local-disk storage); must be shared storage once several instances run. */
  uploadsDir: path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, 'uploads')),
  /** Demo accounts and sample data: on by default on the embedded database only. */
  demoMode: flag(env.DEMO_MODE, !databaseUrl),
  /** postgres.js connections per instance. */
  databasePoolSize: Number(env.DATABASE_POOL_SIZE ?? 10),
  mapTileUrl: env.MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  /** The tile server's origin, allowed in the pages' CSP img-src. */
  get mapTileOrigin(): string {
    try {
      return new URL(this.mapTileUrl.replace(/[{}]/g, '')).origin;
    } catch {
      return '';
    }
  },
  mapTileAttribution: env.MAP_TILE_ATTRIBUTION ?? '© OpenStreetMap contributors',
  /** The address residents use (https://wenming.example.gov.cn); writes from other origins are refused. */
  publicOrigin: env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : undefined,
  /** Trust X-Forwarded-For / X-Forwarded-Proto from the load balancer in front. */
  trustProxy: flag(env.TRUST_PROXY, false),
  privacyNoticeVersion: env.PRIVACY_NOTICE_VERSION ?? '2026-11',
  logLevel: (env.LOG_LEVEL ?? 'info') as 'debug' | 'info' | 'warn' | 'error',
  /** Run the job queue's worker in this instance (every instance by default; the claims keep jobs single). */
  jobsEnabled: flag(env.JOBS_ENABLED, true),
  /** How often an idle worker looks for due jobs and schedules. */
  jobsPollMs: Number(env.JOBS_POLL_MS ?? 1000),
  /** SMS gateway: "tencent" (Tencent Cloud SMS) or unset (messages recorded in the outbox only). */
  smsProvider: (env.SMS_PROVIDER || undefined) as 'tencent' | undefined,
  tencentSms: {
    secretId: env.TENCENT_SMS_SECRET_ID ?? '',
    secretKey: env.TENCENT_SMS_SECRET_KEY ?? '',
    sdkAppId: env.TENCENT_SMS_SDK_APP_ID ?? '',
    signName: env.TENCENT_SMS_SIGN_NAME ?? '',
    region: env.TENCENT_SMS_REGION ?? 'ap-guangzhou',
    /** The API's address; tests point it at the loopback stand-in. */
    endpoint: env.TENCENT_SMS_ENDPOINT ?? 'https://sms.tencentcloudapi.com',
  },
  /** SMS template ids per message kind, as JSON: {"auth.phone_verification":"1234567","shift.reminder":"…"}. */
  smsTemplates: JSON.parse(env.SMS_TEMPLATES || '{}') as Record<string, string>,
  /** Non-code SMS per recipient per (China) day. */
  smsDailyCap: Number(env.SMS_DAILY_CAP ?? 10),
  /** smtp://user:pass@host:587 or smtps://…; unset: e-mail recorded in the outbox only. */
  smtpUrl: env.SMTP_URL || undefined,
  mailFrom: env.MAIL_FROM ?? '文明城市 <noreply@localhost>',
  get appSecret(): string {
    return (cachedSecret ??= appSecret());
  },
  get dataEncryptionKey(): Buffer {
    return (cachedKey ??= dataEncryptionKey());
  },
};

let cachedSecret: string | undefined;
let cachedKey: Buffer | undefined;
