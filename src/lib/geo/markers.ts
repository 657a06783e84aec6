/**
 * The reports map's targets, shared by the server that places them and the island that draws them:
 * how big each one is on screen, and the rule that no two of them overlap. Every marker and cluster
 * is a square of at least 24 x 24 px (WCAG 2.2 target size) centred on its point, and two of them
 * are always at least MARKER_GAP px apart at the zoom they were placed for: the server merges any
 * that would touch (`declutter`), so a phone never shows two targets on top of each other.
 */

/** Pixels kept free between two targets. */
export const MARKER_GAP = 2;

/** The side of a target, in CSS pixels: a single report's dot, or a cluster sized by its count's digits. */
export function markerSize(count: number, single = false): number {
  if (single) return 24;
  if (count < 10) return 28;
  if (count < 100) return 34;
  if (count < 1000) return 40;
  if (count < 10_000) return 46;
  return 52;
}

/** A point's place in Web Mercator pixels at a zoom (256-px tiles, Leaflet's EPSG:3857). */
export function pixelOf(point: { lat: number; lng: number }, zoom: number): { x: number; y: number } {
  const scale = 256 * 2 ** zoom;
  const phi = (Math.max(-85.05, Math.min(85.05, point.lat)) * Math.PI) / 180;
  return { x: ((point.lng + 180) / 360) * scale, y: ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * scale };
}

export interface Target {
  lat: number;
  lng: number;
  count: number;
  /** A single report's dot (count 1, with its id) rather than a cluster. */
  single: boolean;
}

interface Drawn<T> {
  item: T;
  x: number;
  y: number;
  half: number;
}

function drawn<T extends Target>(item: T, zoom: number): Drawn<T> {
  const { x, y } = pixelOf(item, zoom);
  return { item, x, y, half: markerSize(item.count, item.single) / 2 };
}

/** True when two targets' squares, with the gap, would touch. */
const touching = (a: Drawn<unknown>, b: Drawn<unknown>) => {
  const reach = a.half + b.half + MARKER_GAP;
  return Math.abs(a.x - b.x) < reach && Math.abs(a.y - b.y) < reach;
};

/**
 * Merges targets until none touches another at this zoom: the biggest are placed first, and each
 * later one that would touch a placed one is merged into it (`merge` gives the merged target, at
 * the weighted centre of the two); a merged target may grow or move, so passes repeat until one
 * merges nothing. A view holds a few hundred targets at most, so the square cost is small.
 */
export function declutter<T extends Target>(items: readonly T[], zoom: number, merge: (a: T, b: T) => T): T[] {
  let current = [...items];
  for (;;) {
    current.sort((a, b) => b.count - a.count || a.lat - b.lat || a.lng - b.lng);
    const placed: Drawn<T>[] = [];
    let merged = false;
    for (const item of current) {
      const candidate = drawn(item, zoom);
      const index = placed.findIndex((other) => touching(other, candidate));
      if (index === -1) placed.push(candidate);
      else {
        placed[index] = drawn(merge(placed[index]!.item, item), zoom);
        merged = true;
      }
    }
    current = placed.map((entry) => entry.item);
    if (!merged) return current;
  }
}
