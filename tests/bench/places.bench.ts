/**
 * Place search and reverse lookup with the demo city and 50,000 imported places and roads
 * (generated, the same every run), on PGlite and on PostgreSQL. Prints Vitest's table and the
 * p50/p95 of the searches; `npm run bench` prints them again beside their target (place search
 * under 20 ms p95) at its end. Timings are never asserted.
 */
import { appendFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { users } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { describePoint, importPlaces, searchPlaces } from '../../src/lib/server/places';

/** BENCH_PLACES: fewer, to try the bench itself quickly; the targets are for 50,000. */
const PLACES = Number(process.env.BENCH_PLACES ?? 50_000);
const FIRST = ['人民', '解放', '建设', '中山', '五一', '芙蓉', '湘江', '岳麓', '天心', '雨花', '开福', '星沙', '东风', '胜利', '和平', '新华', '光明', '文化', '青年', '幸福'];
const SECOND = ['东', '西', '南', '北', '中', '新', '老', '上', '下', '前', '后', '金', '银', '华', '兴', '安', '康', '宁', '泰', '明'];
const KIND = ['花园', '小区', '市场', '学校', '医院', '大厦', '公园', '广场', '商场', '酒店', '公寓', '中心'];
const QUERIES = ['人民', '西花园', 'jfxl', 'rmdf', '芙蓉南', 'xiangjiang', '大厦', '幸福安', 'zhongshan', '公园', '五一新广场', 'kf'];

/** Where `npm run bench` collects the domain benches' targets, to print them side by side (scripts/bench.mjs). */
function recordTarget(result: { target: string; database: string; samples: number[]; limitMs?: number }) {
  const file = process.env.BENCH_RESULTS;
  if (!file) return;
  const sorted = [...result.samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  appendFileSync(
    file,
    JSON.stringify({
      target: result.target,
      database: result.database,
      n: sorted.length,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      limit: result.limitMs === undefined ? null : { p95: result.limitMs },
    }) + '\n',
  );
}

async function fill(database: Database) {
  await migrateDatabase(database);
  await seedDemoCity(database.db);
  const [admin] = await database.db
    .insert(users)
    .values({ username: 'bench-admin', displayName: '压测', passwordHash: 'x', role: 'admin' })
    .returning({ id: users.id, role: users.role });
  let state = 11;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  const features = Array.from({ length: PLACES }, (_, i) => {
    const base = `${FIRST[i % 20]}${SECOND[Math.floor(i / 20) % 20]}`;
    const lng = 112.92 + random() * 0.16;
    const lat = 28.12 + random() * 0.16;
    if (i % 10 === 0) {
      // Every tenth a road of a few vertices.
      const name = `${base}路${Math.floor(i / 400) || ''}`;
      return {
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [lng, lat],
            [lng + 0.004, lat + 0.001],
            [lng + 0.008, lat],
          ],
        },
        properties: { name, kind: 'road' },
      };
    }
    const name = `${base}${KIND[Math.floor(i / 400) % 12]}${Math.floor(i / 4800) ? `${Math.floor(i / 4800)}期` : ''}`;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: { name, aliases: [`${name}东门`] } };
  });
  const result = await importPlaces(database.db, admin!, 'geojson', JSON.stringify({ type: 'FeatureCollection', features }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  // The first read builds the per-process index (timed here, once); the bench measures the reads after it.
  const started = performance.now();
  await searchPlaces(database.db, '人民', 'zh-CN');
  console.log(`[places bench] ${result.inserted} imported places and roads; index built in ${(performance.now() - started).toFixed(0)} ms`);
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return `p50 ${at(50).toFixed(2)} ms, p95 ${at(95).toFixed(2)} ms, p99 ${at(99).toFixed(2)} ms (n=${sorted.length})`;
}

async function measure(database: Database, name: string, bench: (name: string, fn: () => Promise<void>) => { run: () => Promise<unknown> }) {
  let next = 0;
  let hits = 0;
  const searchTimes: number[] = [];
  await bench(`searchPlaces (${name}, ${PLACES} places)`, async () => {
    const started = performance.now();
    hits += (await searchPlaces(database.db, QUERIES[next++ % QUERIES.length]!, 'zh-CN')).length;
    searchTimes.push(performance.now() - started);
  }).run();
  let point = 0;
  const describeTimes: number[] = [];
  await bench(`describePoint (${name}, ${PLACES} places)`, async () => {
    const started = performance.now();
    point++;
    await describePoint(database.db, { lat: 28.13 + ((point * 37) % 140) / 1000, lng: 112.93 + ((point * 53) % 140) / 1000 }, 'zh-CN');
    describeTimes.push(performance.now() - started);
  }).run();
  // CPU time per search (this process, user + system): what the search costs when the machine is busy with other work.
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < 120; i++) await searchPlaces(database.db, QUERIES[i % QUERIES.length]!, 'zh-CN');
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`[places bench] ${name} searchPlaces: ${percentiles(searchTimes)}; CPU ${((cpu.user + cpu.system) / 1000 / 120).toFixed(2)} ms per search`);
  console.log(`[places bench] ${name} describePoint: ${percentiles(describeTimes)}`);
  recordTarget({ target: `place search, ${PLACES.toLocaleString('en')} places`, database: name, samples: searchTimes, limitMs: 20 });
  recordTarget({ target: `reverse lookup, ${PLACES.toLocaleString('en')} places`, database: name, samples: describeTimes });
  expect(hits).toBeGreaterThan(0);
}

describe('place search and reverse lookup', () => {
  let pglite: Database;
  beforeAll(async () => {
    pglite = await openDatabase({});
    await fill(pglite);
  });
  afterAll(async () => pglite?.close());

  test(`on PGlite with ${PLACES} places`, async ({ bench }) => {
    await measure(pglite, 'PGlite', bench);
  });

  // PostgreSQL as deployed (BENCH_POSTGRES=0 skips it): a database of its own, dropped at the end.
  describe.runIf(process.env.BENCH_POSTGRES !== '0')('on PostgreSQL', () => {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `wenming_bench_places_${process.pid}`;
    let database: Database | undefined;
    let admin: ReturnType<typeof postgres> | undefined;
    beforeAll(async () => {
      admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      database = await openDatabase({ url: url.toString() });
      await fill(database);
    });
    afterAll(async () => {
      await database?.close();
      await admin?.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin?.end();
    });

    test(`with ${PLACES} places`, async ({ bench }) => {
      await measure(database!, 'PostgreSQL', bench);
    });
  });
});
