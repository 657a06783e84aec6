/**
 * The Wilson score interval for a proportion: unlike the textbook p ± 1.96·√(p(1−p)/n), it stays
 * inside [0, 1] and is honest for small n and for rates near 0 or 1, which is exactly where small
 * communities are.
 */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** 95% interval for `rate` observed over `n`; null when there is nothing to estimate. */
export function wilsonInterval(rate: number, n: number, z = Z95): Interval | null {
  if (!(n > 0) || !Number.isFinite(rate)) return null;
  const p = Math.min(1, Math.max(0, rate));
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
