/**
 * The statistics of a random-sample survey, as pure functions (tested by simulation in
 * tests/sampling/stats.test.ts):
 * - how many to draw per stratum for a target margin of error (with the finite population
 *   correction and the expected response rate);
 * - a reproducible stratified simple random draw from a recorded seed;
 * - AAPOR response rates RR1 and RR3 (Standard Definitions, 10th ed.);
 * - post-stratification by raking the design weights to the frame's margins (community within the
 *   stratum, and age group and sex where the frame has them), with trimmed weights, Kish's design
 *   effect and effective n, and a 95% interval on that effective n.
 */
import { wilsonInterval, Z95 } from '../metrics/wilson';
import { seededRandom } from '../random';

/**
 * Respondents needed in a stratum of `population` units for a 95% (or `z`) interval of ± `margin`
 * around a proportion near `p` (0.5, the worst case): n0 = z²p(1−p)/e², then n = n0 / (1 + (n0 − 1)/N).
 */
export function respondentsNeeded(margin: number, population: number, { p = 0.5, z = Z95 } = {}): number {
  if (!(margin > 0) || population <= 0) return 0;
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  return Math.min(population, Math.ceil(n0 / (1 + (n0 - 1) / population)));
}

/** Units to draw so that, at the expected response rate, enough respond (never more than the stratum). */
export function drawSize(margin: number, population: number, expectedResponseRate: number): number {
  const needed = respondentsNeeded(margin, population);
  const rate = Math.min(1, Math.max(0.05, expectedResponseRate));
  return Math.min(population, Math.ceil(needed / rate));
}

/** A 32-bit seed from a recorded seed text (FNV-1a), so a draw is re-run from what is on record. */
export function seedNumber(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A stratified simple random sample without replacement: within each stratum, units in id order,
 * a partial Fisher-Yates shuffle driven by the seed, the first `sizes[stratum]` kept. Same units,
 * sizes and seed: the same sample.
 */
export function drawStratified<U extends { id: number; stratum: number }>(units: readonly U[], sizes: ReadonlyMap<number, number>, seed: string): U[] {
  const random = seededRandom(seedNumber(seed));
  const byStratum = new Map<number, U[]>();
  for (const unit of [...units].sort((a, b) => a.stratum - b.stratum || a.id - b.id)) {
    const list = byStratum.get(unit.stratum) ?? [];
    list.push(unit);
    byStratum.set(unit.stratum, list);
  }
  const drawn: U[] = [];
  for (const [stratum, list] of byStratum) {
    const k = Math.min(list.length, sizes.get(stratum) ?? 0);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (list.length - i));
      [list[i], list[j]] = [list[j]!, list[i]!];
      drawn.push(list[i]!);
    }
  }
  return drawn;
}

/**
 * Final dispositions (AAPOR): I complete, R refusal, NC non-contact (eligible, not reached),
 * UH unknown whether eligible (not attempted, or nobody found), NE not eligible (moved away, not a
 * resident).
 */
export interface Dispositions {
  I: number;
  R: number;
  NC: number;
  UH: number;
  NE: number;
}

export interface ResponseRates {
  rr1: number | null;
  rr3: number | null;
  /** The estimated share of eligible cases among those of unknown eligibility (RR3's e). */
  e: number | null;
}

/** RR1 = I / (I + R + NC + UH); RR3 = I / (I + R + NC + e·UH), e = known eligible / known eligibility. */
export function responseRates(d: Dispositions): ResponseRates {
  const rr1Denominator = d.I + d.R + d.NC + d.UH;
  const known = d.I + d.R + d.NC + d.NE;
  const e = known > 0 ? (d.I + d.R + d.NC) / known : null;
  const rr3Denominator = d.I + d.R + d.NC + (e ?? 1) * d.UH;
  return { rr1: rr1Denominator > 0 ? d.I / rr1Denominator : null, rr3: rr3Denominator > 0 ? d.I / rr3Denominator : null, e };
}

/** What the frame knows of a unit (and so of a respondent): its stratum, community, age group and sex. */
export interface Profile {
  stratum: number;
  community: number;
  ageGroup: string | null;
  sex: string | null;
}

export interface WeightOptions {
  /** Weights are kept within [low, high] × the mean weight of their stratum. */
  trim?: { low: number; high: number };
  iterations?: number;
}

export interface Weighted {
  weights: number[];
  /** Kish: n·Σw² / (Σw)². */
  designEffect: number;
  /** Largest weight / smallest (after trimming). */
  spread: number;
}

/**
 * Post-stratification weights for respondents: each starts at its stratum's N_h / n_h, then is
 * raked (iterative proportional fitting) to the frame's counts by community within its stratum, by
 * age group and by sex (the last two only where the frame has them); trimmed to
 * trim.low..trim.high times its stratum's mean, and scaled so that each stratum's weights sum to its
 * frame count. A community with units in the frame but no respondent cannot be represented by
 * itself: its units are spread over the rest of its stratum (the stratum total still holds).
 */
export function postStratify(frame: readonly Profile[], respondents: readonly Profile[], options: WeightOptions = {}): Weighted {
  const trim = options.trim ?? { low: 0.3, high: 3 };
  const iterations = options.iterations ?? 25;
  const weights = new Array<number>(respondents.length).fill(0);
  if (respondents.length === 0) return { weights, designEffect: 1, spread: 1 };
  const strata = new Map<number, { frame: Profile[]; idx: number[] }>();
  for (const unit of frame) {
    const s = strata.get(unit.stratum) ?? { frame: [], idx: [] };
    s.frame.push(unit);
    strata.set(unit.stratum, s);
  }
  respondents.forEach((r, i) => {
    const s = strata.get(r.stratum) ?? { frame: [], idx: [] };
    s.idx.push(i);
    strata.set(r.stratum, s);
  });
  type Margin = (p: Profile) => string;
  const margins: Margin[] = [(p) => `c${p.community}`, (p) => `a${p.ageGroup ?? '?'}`, (p) => `s${p.sex ?? '?'}`];
  for (const { frame: units, idx } of strata.values()) {
    if (idx.length === 0) continue;
    const total = units.length || idx.length;
    for (const i of idx) weights[i] = total / idx.length;
    // Targets per margin, over the categories that have respondents (the others' mass spread over those).
    const targets = margins.map((key) => {
      const present = new Set(idx.map((i) => key(respondents[i]!)));
      const counts = new Map<string, number>();
      let covered = 0;
      for (const unit of units) {
        const k = key(unit);
        if (!present.has(k)) continue;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        covered++;
      }
      // Only adjust when the frame knows this margin for every respondent's category.
      if (covered === 0 || [...present].some((k) => !counts.has(k))) return null;
      for (const [k, n] of counts) counts.set(k, (n * total) / covered);
      return counts;
    });
    for (let round = 0; round < iterations; round++) {
      targets.forEach((target, m) => {
        if (!target) return;
        const key = margins[m]!;
        const sums = new Map<string, number>();
        for (const i of idx) sums.set(key(respondents[i]!), (sums.get(key(respondents[i]!)) ?? 0) + weights[i]!);
        for (const i of idx) {
          const k = key(respondents[i]!);
          weights[i] = weights[i]! * (target.get(k)! / sums.get(k)!);
        }
      });
    }
    // Trim around the stratum's mean, then restore the stratum's total.
    const mean = total / idx.length;
    for (let round = 0; round < 5; round++) {
      for (const i of idx) weights[i] = Math.min(trim.high * mean, Math.max(trim.low * mean, weights[i]!));
      const sum = idx.reduce((acc, i) => acc + weights[i]!, 0);
      for (const i of idx) weights[i] = (weights[i]! * total) / sum;
    }
  }
  const used = weights.filter((w) => w > 0);
  return { weights, designEffect: kishDesignEffect(used), spread: used.length > 0 ? Math.max(...used) / Math.min(...used) : 1 };
}

/** Kish's design effect of unequal weights: n·Σw² / (Σw)² (1 for none). */
export function kishDesignEffect(weights: readonly number[]): number {
  if (weights.length === 0) return 1;
  const sum = weights.reduce((a, b) => a + b, 0);
  return (weights.length * weights.reduce((a, b) => a + b * b, 0)) / (sum * sum);
}

export interface SampleEstimate {
  rate: number | null;
  /** Respondents who answered the item. */
  n: number;
  /** n / design effect. */
  effectiveN: number;
  low: number | null;
  high: number | null;
}

/**
 * A weighted share: Σw·y / Σw over those who answered (y in {0, 1}), with a 95% Wilson interval on
 * Kish's effective n of those weights.
 */
export function weightedShare(values: readonly (0 | 1 | null)[], weights: readonly number[]): SampleEstimate {
  let sum = 0;
  let hits = 0;
  let squares = 0;
  let n = 0;
  values.forEach((y, i) => {
    if (y === null) return;
    const w = weights[i] ?? 0;
    if (!(w > 0)) return;
    n++;
    sum += w;
    squares += w * w;
    hits += w * y;
  });
  if (n === 0 || sum === 0) return { rate: null, n: 0, effectiveN: 0, low: null, high: null };
  const rate = hits / sum;
  const effectiveN = (sum * sum) / squares;
  const interval = wilsonInterval(rate, effectiveN);
  return { rate, n, effectiveN, low: interval?.low ?? null, high: interval?.high ?? null };
}

/**
 * Whether two estimates differ by more than their intervals explain: the difference against
 * 1.96 × √(se₁² + se₂²), each se taken from its interval's half-width.
 */
export function differsBeyondIntervals(
  a: { rate: number | null; low: number | null; high: number | null },
  b: { rate: number | null; low: number | null; high: number | null },
): boolean | null {
  if (a.rate === null || b.rate === null || a.low === null || a.high === null || b.low === null || b.high === null) return null;
  const seA = (a.high - a.low) / (2 * Z95);
  const seB = (b.high - b.low) / (2 * Z95);
  return Math.abs(a.rate - b.rate) > Z95 * Math.sqrt(seA * seA + seB * seB);
}
