/**
 * mulberry32: a small, fast seeded PRNG. The same seed always gives the same sequence, which the
 * demo data (the same city on every machine) and the mock evaluation's draw (re-run from its
 * recorded seed to show it was fair) both rely on. Not for secrets: use node:crypto for those.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
