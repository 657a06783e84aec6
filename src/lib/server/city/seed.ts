/**
 * The demo city, 文明市 / Wenming City: 3 districts, 8 subdistricts, 30 communities and 120 grid
 * cells, generated the same way every time from a fixed seed.
 *
 * Every outline is the boundary of a rectangle of cells of one shared lattice whose vertices are
 * jittered once. Neighbours therefore share the very same vertex coordinates along their common
 * edges and each level tiles its parent exactly: no gaps, no overlaps, no slivers from rounding.
 */
import { areas } from '../../../../db/schema';
import type { Db } from '../../../../db/client';
import { lockCityWrites, writeAreas, type AreaInput } from './write';
import { setSetting, type BoundsTuple, type LatLngTuple } from '../settings';
import { seededRandom } from '../random';

const SEED = 20_261_123;
/** Roughly 16 × 18 km, at a real-looking place in Hunan. */
const WEST = 112.92;
const EAST = 113.08;
const SOUTH = 28.12;
const NORTH = 28.28;
/** Lattice cells of about half a kilometre: some 8 per grid cell, enough for irregular outlines. */
const COLUMNS = 30;
const ROWS = 34;
/** Vertex jitter as a share of the neighbouring spacing; below 0.25 every lattice cell stays convex. */
const JITTER = 0.18;

export const DEMO_CITY_NAME = { zh: '文明市', en: 'Wenming City' };
export const DEMO_CITY_ZOOM = 12;

/** district → subdistricts → communities; [中文, pinyin]. */
const TREE: { name: [string, string]; subdistricts: { name: [string, string]; communities: [string, string][] }[] }[] = [
  {
    name: ['文华', 'Wenhua'],
    subdistricts: [
      {
        name: ['文昌', 'Wenchang'],
        communities: [
          ['和谐', 'Hexie'],
          ['幸福', 'Xingfu'],
          ['友谊', 'Youyi'],
          ['团结', 'Tuanjie'],
        ],
      },
      {
        name: ['书院', 'Shuyuan'],
        communities: [
          ['光明', 'Guangming'],
          ['阳光', 'Yangguang'],
          ['春晖', 'Chunhui'],
          ['新华', 'Xinhua'],
        ],
      },
      {
        name: ['朝阳', 'Chaoyang'],
        communities: [
          ['育才', 'Yucai'],
          ['锦绣', 'Jinxiu'],
          ['花园', 'Huayuan'],
          ['翠竹', 'Cuizhu'],
        ],
      },
    ],
  },
  {
    name: ['明德', 'Mingde'],
    subdistricts: [
      {
        name: ['明德', 'Mingde'],
        communities: [
          ['桂花', 'Guihua'],
          ['枫林', 'Fenglin'],
          ['清水', 'Qingshui'],
          ['长青', 'Changqing'],
        ],
      },
      {
        name: ['崇文', 'Chongwen'],
        communities: [
          ['怡和', 'Yihe'],
          ['安居', 'Anju'],
          ['康宁', 'Kangning'],
        ],
      },
      {
        name: ['清风', 'Qingfeng'],
        communities: [
          ['金桥', 'Jinqiao'],
          ['滨江', 'Binjiang'],
          ['湖光', 'Huguang'],
          ['望月', 'Wangyue'],
        ],
      },
    ],
  },
  {
    name: ['南湖', 'Nanhu'],
    subdistricts: [
      {
        name: ['南湖', 'Nanhu'],
        communities: [
          ['荷花', 'Hehua'],
          ['杏林', 'Xinglin'],
          ['文苑', 'Wenyuan'],
          ['书香', 'Shuxiang'],
        ],
      },
      {
        name: ['湖滨', 'Hubin'],
        communities: [
          ['仁和', 'Renhe'],
          ['德润', 'Derun'],
          ['诚信', 'Chengxin'],
        ],
      },
    ],
  },
];
const GRID_CELLS = 120;

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
const pad = (n: number) => String(n).padStart(2, '0');
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Lattice vertex [lng, lat] at column line i, row line j. */
type Lattice = [number, number][][];

function spacings(count: number, span: number, random: () => number): number[] {
  const raw = Array.from({ length: count }, () => 0.8 + 0.4 * random());
  const total = sum(raw);
  return raw.map((value) => (value / total) * span);
}

function buildLattice(random: () => number): Lattice {
  const widths = spacings(COLUMNS, EAST - WEST, random);
  const heights = spacings(ROWS, NORTH - SOUTH, random);
  const lattice: Lattice = [];
  let x = WEST;
  for (let i = 0; i <= COLUMNS; i++) {
    const column: [number, number][] = [];
    const dxMax = JITTER * Math.min(widths[i - 1] ?? Infinity, widths[i] ?? Infinity);
    let y = SOUTH;
    for (let j = 0; j <= ROWS; j++) {
      const dyMax = JITTER * Math.min(heights[j - 1] ?? Infinity, heights[j] ?? Infinity);
      column.push([round6(x + (random() * 2 - 1) * dxMax), round6(y + (random() * 2 - 1) * dyMax)]);
      y += heights[j] ?? 0;
    }
    lattice.push(column);
    x += widths[i] ?? 0;
  }
  return lattice;
}

interface Rect {
  i: number;
  j: number;
  w: number;
  h: number;
}

/**
 * Cuts a rectangle of lattice cells into one rectangle per weight, sizes roughly proportional:
 * halve the weights, cut across the longer side, recurse (a k-d split, slightly jittered).
 */
function partition(rect: Rect, weights: number[], random: () => number): Rect[] {
  if (weights.length === 1) return [rect];
  const total = sum(weights);
  let k = 1;
  for (let candidate = 2; candidate < weights.length; candidate++) {
    if (Math.abs(sum(weights.slice(0, candidate)) - total / 2) < Math.abs(sum(weights.slice(0, k)) - total / 2)) k = candidate;
  }
  const share = sum(weights.slice(0, k)) / total;
  const acrossWidth = rect.w > rect.h || (rect.w === rect.h && random() < 0.5);
  const length = acrossWidth ? rect.w : rect.h;
  if (length < 2) throw new Error('Demo city lattice too coarse for its areas');
  const cut = Math.min(length - 1, Math.max(1, Math.round(length * share + (random() - 0.5) * 0.8)));
  const [first, second]: [Rect, Rect] = acrossWidth
    ? [
        { ...rect, w: cut },
        { ...rect, i: rect.i + cut, w: rect.w - cut },
      ]
    : [
        { ...rect, h: cut },
        { ...rect, j: rect.j + cut, h: rect.h - cut },
      ];
  return [...partition(first, weights.slice(0, k), random), ...partition(second, weights.slice(k), random)];
}

/** The rectangle's boundary through every lattice vertex on it, counterclockwise as GeoJSON wants. */
function outline(rect: Rect, lattice: Lattice): AreaInput['geometry'] {
  const at = (i: number, j: number): [number, number] => [...lattice[i]![j]!];
  const ring: [number, number][] = [];
  for (let i = rect.i; i < rect.i + rect.w; i++) ring.push(at(i, rect.j));
  for (let j = rect.j; j < rect.j + rect.h; j++) ring.push(at(rect.i + rect.w, j));
  for (let i = rect.i + rect.w; i > rect.i; i--) ring.push(at(i, rect.j + rect.h));
  for (let j = rect.j + rect.h; j > rect.j; j--) ring.push(at(rect.i, j));
  ring.push(at(rect.i, rect.j));
  return { type: 'Polygon', coordinates: [ring] };
}

/** 4 grid cells per community on average, 3 to 5 for variety, 120 in all. */
function gridCounts(communities: number, random: () => number): number[] {
  const counts = Array.from({ length: communities }, () => GRID_CELLS / communities);
  for (let moves = 0; moves < 10;) {
    const from = Math.floor(random() * communities);
    const to = Math.floor(random() * communities);
    if (from === to || counts[from]! <= 3 || counts[to]! >= 5) continue;
    counts[from]!--;
    counts[to]!++;
    moves++;
  }
  return counts;
}

export interface DemoCity {
  areas: AreaInput[];
  bounds: BoundsTuple;
  center: LatLngTuple;
}

export function buildDemoCity(): DemoCity {
  const random = seededRandom(SEED);
  const lattice = buildLattice(random);
  const cells = gridCounts(sum(TREE.map((d) => sum(d.subdistricts.map((s) => s.communities.length)))), random);
  const result: AreaInput[] = [];

  let community = 0;
  const tree = TREE.map((district) => ({
    ...district,
    subdistricts: district.subdistricts.map((subdistrict) => ({
      ...subdistrict,
      communities: subdistrict.communities.map((name) => ({ name, cells: cells[community++]! })),
    })),
  }));
  const weight = (subdistrict: (typeof tree)[number]['subdistricts'][number]) => sum(subdistrict.communities.map((c) => c.cells));

  const districtRects = partition(
    { i: 0, j: 0, w: COLUMNS, h: ROWS },
    tree.map((d) => sum(d.subdistricts.map(weight))),
    random,
  );
  tree.forEach((district, d) => {
    const districtCode = `WM-${pad(d + 1)}`;
    const districtRect = districtRects[d]!;
    result.push({
      code: districtCode,
      level: 'district',
      parentCode: null,
      nameZh: `${district.name[0]}区`,
      nameEn: `${district.name[1]} District`,
      population: null,
      geometry: outline(districtRect, lattice),
    });
    const subdistrictRects = partition(districtRect, district.subdistricts.map(weight), random);
    district.subdistricts.forEach((subdistrict, s) => {
      const subdistrictCode = `${districtCode}-${pad(s + 1)}`;
      const subdistrictRect = subdistrictRects[s]!;
      result.push({
        code: subdistrictCode,
        level: 'subdistrict',
        parentCode: districtCode,
        nameZh: `${subdistrict.name[0]}街道`,
        nameEn: `${subdistrict.name[1]} Subdistrict`,
        population: null,
        geometry: outline(subdistrictRect, lattice),
      });
      const communityRects = partition(
        subdistrictRect,
        subdistrict.communities.map((c) => c.cells),
        random,
      );
      subdistrict.communities.forEach(({ name: [zh, en], cells: count }, c) => {
        const communityCode = `${subdistrictCode}-${pad(c + 1)}`;
        const communityRect = communityRects[c]!;
        result.push({
          code: communityCode,
          level: 'community',
          parentCode: subdistrictCode,
          nameZh: `${zh}社区`,
          nameEn: `${en} Community`,
          population: 3000 + Math.floor(random() * 12_001),
          geometry: outline(communityRect, lattice),
        });
        partition(
          communityRect,
          Array.from({ length: count }, () => 1),
          random,
        ).forEach((gridRect, g) => {
          if (gridRect.w * gridRect.h < 2) throw new Error('Demo city lattice too coarse for its grid cells');
          result.push({
            code: `${communityCode}-${pad(g + 1)}`,
            level: 'grid',
            parentCode: communityCode,
            nameZh: `${zh}社区第${g + 1}网格`,
            nameEn: `${en} Community Grid ${g + 1}`,
            population: null,
            geometry: outline(gridRect, lattice),
          });
        });
      });
    });
  });

  const edge = lattice.flatMap((column, i) => column.filter((_, j) => i === 0 || i === COLUMNS || j === 0 || j === ROWS));
  const west = Math.min(...edge.map((p) => p[0]));
  const east = Math.max(...edge.map((p) => p[0]));
  const south = Math.min(...edge.map((p) => p[1]));
  const north = Math.max(...edge.map((p) => p[1]));
  return {
    areas: result,
    bounds: [west, south, east, north],
    center: [round6((south + north) / 2), round6((west + east) / 2)],
  };
}

/** Fills an empty database with the demo city, its subdistrict offices and its map settings; otherwise does nothing. */
export async function seedDemoCity(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    // Two instances starting at once must not both seed.
    await lockCityWrites(tx);
    const [existing] = await tx.select({ id: areas.id }).from(areas).limit(1);
    if (existing) return;
    const city = buildDemoCity();
    await writeAreas(tx, city.areas, new Map());
    await setSetting(tx, 'city.name', DEMO_CITY_NAME);
    await setSetting(tx, 'city.center', city.center);
    await setSetting(tx, 'city.zoom', DEMO_CITY_ZOOM);
    await setSetting(tx, 'city.bounds', city.bounds);
  });
}
