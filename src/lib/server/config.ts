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

export const MAP_TILE_PRESETS = ['osm', 'tianditu', 'tianditu-imagery', 'amap', 'custom', 'none'] as const;
export type MapTilePreset = (typeof MAP_TILE_PRESETS)[number];

function mapTilesPreset(value: string | undefined, customUrl: string | undefined): MapTilePreset {
  if (!value) return customUrl ? 'custom' : 'osm';
  if (!(MAP_TILE_PRESETS as readonly string[]).includes(value)) throw new Error(`MAP_TILES must be one of ${MAP_TILE_PRESETS.join(', ')}.`);
  if (value === 'custom' && !customUrl) throw new Error('MAP_TILES=custom needs MAP_TILE_URL.');
  return value as MapTilePreset;
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
  /**
   * The base map: osm (development), tianditu (天地图 vector + annotation), tianditu-imagery, amap
   * (高德, GCJ-02), custom (MAP_TILE_URL) or none (the city's own outlines only).
   */
  mapTiles: mapTilesPreset(env.MAP_TILES, env.MAP_TILE_URL),
  /** 天地图's key (tk), required by its tiles. */
  tiandituKey: env.TIANDITU_KEY ?? '',
  /** 审图号 shown in the attribution, e.g. GS(2024)0650号. */
  mapReviewNumber: env.MAP_REVIEW_NUMBER ?? '',
  /** custom: the tile URL template and its attribution (HTML). */
  mapTileUrl: env.MAP_TILE_URL ?? '',
  mapTileAttribution: env.MAP_TILE_ATTRIBUTION ?? '',
  /** The address residents use (https://wenming.example.gov.cn); writes from other origins are refused. */
  publicOrigin: env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : undefined,
  /** Trust X-Forwarded-For / X-Forwarded-Proto from the load balancer in front. */
  trustProxy: flag(env.TRUST_PROXY, false),
  privacyNoticeVersion: env.PRIVACY_NOTICE_VERSION ?? '2026-11',
  logLevel: (env.LOG_LEVEL ?? 'info') as 'debug' | 'info' | 'warn' | 'error',
  get appSecret(): string {
    return (cachedSecret ??= appSecret());
  },
  get dataEncryptionKey(): Buffer {
    return (cachedKey ??= dataEncryptionKey());
  },
};

let cachedSecret: string | undefined;
let cachedKey: Buffer | undefined;
