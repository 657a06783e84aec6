/**
 * The mock evaluation's random draw, as a pure function of its inputs: a seeded PRNG (mulberry32)
 * over candidate lists sorted by id, so that the recorded seed and pool give the same draw again.
 */
import { SITE_TYPES, STREET_TYPES, type SiteType } from '../../../../db/schema';
import { seededRandom } from '../random';

export interface DrawPool {
  sites: { id: number; type: SiteType }[];
  /** Grid cells, for unannounced streets once street sites run out. */
  cells: number[];
}

export interface DrawInput {
  seed: number;
  pool: DrawPool;
  /** Share per type; `default` for types not listed. */
  proportions: Record<string, number>;
  streetCount: number;
}

export interface DrawResult {
  /** Drawn sites by type, in the evaluation's type order. */
  sites: { id: number; type: SiteType }[];
  streets: ({ kind: 'site'; siteId: number } | { kind: 'cell'; areaId: number })[];
}

export function shareFor(proportions: Record<string, number>, type: string): number {
  return proportions[type] ?? proportions.default ?? 0.1;
}

/** How many of `count` sites a type draws: ceil(p × count), at least one when there are any. */
export function drawCount(count: number, share: number): number {
  return count === 0 ? 0 : Math.min(count, Math.max(1, Math.ceil(share * count - 1e-9)));
}

/** Takes `n` of `items` at random (a partial Fisher–Yates shuffle of a copy). */
function pick<T>(items: T[], n: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

export function drawSites(input: DrawInput): DrawResult {
  const random = seededRandom(input.seed);
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  const sites: DrawResult['sites'] = [];
  for (const type of SITE_TYPES) {
    const candidates = input.pool.sites.filter((site) => site.type === type).sort(byId);
    sites.push(...pick(candidates, drawCount(candidates.length, shareFor(input.proportions, type)), random));
  }
  const drawn = new Set(sites.map((site) => site.id));
  const streetSites = input.pool.sites.filter((site) => STREET_TYPES.includes(site.type) && !drawn.has(site.id)).sort(byId);
  const fromSites = pick(streetSites, Math.min(input.streetCount, streetSites.length), random);
  const cells = [...input.pool.cells].sort((a, b) => a - b);
  const fromCells = pick(cells, Math.min(input.streetCount - fromSites.length, cells.length), random);
  return {
    sites,
    streets: [...fromSites.map((site) => ({ kind: 'site' as const, siteId: site.id })), ...fromCells.map((areaId) => ({ kind: 'cell' as const, areaId }))],
  };
}

/**
 * Orders stops into a route for the inspectors: from the northernmost stop, always the nearest
 * one not yet visited (good enough for a day's plan; the draw, not the route, must be fair).
 */
export function planRoute<T extends { lat: number; lng: number }>(stops: T[]): T[] {
  if (stops.length === 0) return [];
  const left = [...stops];
  left.sort((a, b) => b.lat - a.lat);
  const route = [left.shift()!];
  while (left.length) {
    const last = route[route.length - 1]!;
    let best = 0;
    let bestDistance = Infinity;
    left.forEach((stop, i) => {
      const d = (stop.lat - last.lat) ** 2 + ((stop.lng - last.lng) * Math.cos((last.lat * Math.PI) / 180)) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    route.push(left.splice(best, 1)[0]!);
  }
  return route;
}
