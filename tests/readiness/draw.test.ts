import { describe, expect, it } from 'vitest';
import { SITE_TYPES, type SiteType } from '../../db/schema';
import { drawCount, drawSites, planRoute, type DrawPool } from '../../src/lib/server/readiness';

function pool(): DrawPool {
  const sites: DrawPool['sites'] = [];
  let id = 1;
  // 1, 3, 9, 25, 40... sites per type, so that rounding and the minimum of one both show.
  SITE_TYPES.forEach((type, i) => {
    const count = [1, 3, 9, 25, 40, 11][i % 6]!;
    for (let k = 0; k < count; k++) sites.push({ id: id++, type });
  });
  return { sites, cells: [901, 902, 903, 904, 905] };
}

describe('the mock evaluation draw', () => {
  it('draws ceil(share × count) sites of each type, at least one', () => {
    const input = pool();
    const result = drawSites({ seed: 42, pool: input, proportions: { default: 0.1, school: 0.5 }, streetCount: 3 });
    for (const type of SITE_TYPES) {
      const count = input.sites.filter((site) => site.type === type).length;
      const share = type === 'school' ? 0.5 : 0.1;
      expect(result.sites.filter((site) => site.type === type)).toHaveLength(Math.max(1, Math.ceil(share * count)));
    }
    expect(drawCount(40, 0.1)).toBe(4);
    expect(drawCount(41, 0.1)).toBe(5);
    expect(drawCount(3, 0.1)).toBe(1);
    expect(drawCount(0, 0.1)).toBe(0);
  });

  it('gives the same draw again from the recorded seed and pool, and another from another seed', () => {
    const input = pool();
    const first = drawSites({ seed: 123_456, pool: input, proportions: { default: 0.2 }, streetCount: 4 });
    const again = drawSites({ seed: 123_456, pool: structuredClone(input), proportions: { default: 0.2 }, streetCount: 4 });
    expect(again).toEqual(first);
    // The pool's order does not matter: candidates are sorted by id before drawing.
    const shuffled = { ...input, sites: [...input.sites].reverse() };
    expect(drawSites({ seed: 123_456, pool: shuffled, proportions: { default: 0.2 }, streetCount: 4 })).toEqual(first);
    const other = drawSites({ seed: 654_321, pool: input, proportions: { default: 0.2 }, streetCount: 4 });
    expect(other.sites.map((s) => s.id)).not.toEqual(first.sites.map((s) => s.id));
  });

  it('never draws a site twice, and takes unannounced streets from street sites not drawn, then grid cells', () => {
    const input = pool();
    for (let seed = 0; seed < 200; seed++) {
      const result = drawSites({ seed, pool: input, proportions: { default: 0.3 }, streetCount: 6 });
      const ids = [...result.sites.map((s) => s.id), ...result.streets.flatMap((s) => (s.kind === 'site' ? [s.siteId] : []))];
      expect(new Set(ids).size).toBe(ids.length);
      expect(result.streets).toHaveLength(6);
      const streetTypes = new Set<SiteType>(['main_road', 'back_street']);
      for (const street of result.streets) {
        if (street.kind === 'site') expect(streetTypes.has(input.sites.find((s) => s.id === street.siteId)!.type)).toBe(true);
      }
    }
    // With every street site drawn already, the streets come from grid cells.
    const small: DrawPool = { sites: [{ id: 1, type: 'main_road' }], cells: [7, 8] };
    expect(drawSites({ seed: 1, pool: small, proportions: { default: 0.1 }, streetCount: 2 }).streets).toEqual(
      expect.arrayContaining([
        { kind: 'cell', areaId: 7 },
        { kind: 'cell', areaId: 8 },
      ]),
    );
  });

  it('plans a route through every stop once', () => {
    const stops = [
      { lat: 28.1, lng: 113 },
      { lat: 28.3, lng: 113 },
      { lat: 28.2, lng: 113.01 },
    ];
    const route = planRoute(stops);
    expect(route).toHaveLength(3);
    expect(route[0]).toEqual({ lat: 28.3, lng: 113 });
    expect(new Set(route)).toEqual(new Set(stops));
  });
});
