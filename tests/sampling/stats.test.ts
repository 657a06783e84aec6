import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/lib/server/random';
import { differsBeyondIntervals, drawSize, drawStratified, postStratify, respondentsNeeded, responseRates, weightedShare, type Profile } from '../../src/lib/server/sampling/stats';

interface Person extends Profile {
  id: number;
  aware: 0 | 1;
}

/** A city of three districts whose communities differ in awareness: the truth is known. */
function population(seed: number): Person[] {
  const random = seededRandom(seed);
  const people: Person[] = [];
  const rates = [
    [0.9, 0.6, 0.75],
    [0.5, 0.85],
    [0.7, 0.65, 0.95, 0.4],
  ];
  let id = 1;
  rates.forEach((communities, d) => {
    communities.forEach((rate, c) => {
      for (let k = 0; k < 1500; k++) {
        people.push({
          id: id++,
          stratum: d + 1,
          community: (d + 1) * 10 + c,
          ageGroup: random() < 0.5 ? '18-44' : '45+',
          sex: random() < 0.5 ? 'f' : 'm',
          aware: random() < rate ? 1 : 0,
        });
      }
    });
  });
  return people;
}

const truth = (people: Person[]) => people.reduce((s, p) => s + p.aware, 0) / people.length;

describe('sample sizes', () => {
  it('gives the textbook sizes: ±3 points at 95% needs 1,067 from a large population, fewer from a small one', () => {
    expect(respondentsNeeded(0.03, 10_000_000)).toBe(1067);
    expect(respondentsNeeded(0.05, 10_000_000)).toBe(385);
    expect(respondentsNeeded(0.03, 2000)).toBeLessThan(700);
    expect(respondentsNeeded(0.03, 50)).toBe(48);
    // At a 60% response rate, draw more.
    expect(drawSize(0.05, 10_000_000, 0.6)).toBe(642);
  });
});

describe('the stratified draw', () => {
  it('is reproducible from its seed, stays within strata, and draws without replacement', () => {
    const people = population(1);
    const sizes = new Map([
      [1, 100],
      [2, 50],
      [3, 5000],
    ]);
    const a = drawStratified(people, sizes, 'seed-2026');
    const b = drawStratified([...people].reverse(), sizes, 'seed-2026');
    expect(a.map((p) => p.id)).toEqual(b.map((p) => p.id));
    expect(new Set(a.map((p) => p.id)).size).toBe(a.length);
    expect(a.filter((p) => p.stratum === 1)).toHaveLength(100);
    expect(a.filter((p) => p.stratum === 2)).toHaveLength(50);
    expect(a.filter((p) => p.stratum === 3)).toHaveLength(5000);
    expect(drawStratified(people, sizes, 'another seed').map((p) => p.id)).not.toEqual(a.map((p) => p.id));
  });
});

describe('AAPOR response rates', () => {
  it('computes RR1 and RR3 as Standard Definitions does', () => {
    const rates = responseRates({ I: 600, R: 100, NC: 100, UH: 200, NE: 200 });
    expect(rates.rr1).toBeCloseTo(0.6, 10);
    // e = 800 / 1000 = 0.8; RR3 = 600 / (800 + 160).
    expect(rates.e).toBeCloseTo(0.8, 10);
    expect(rates.rr3).toBeCloseTo(600 / 960, 10);
    expect(responseRates({ I: 0, R: 0, NC: 0, UH: 0, NE: 0 }).rr1).toBeNull();
  });
});

describe('estimates from repeated draws (simulation)', () => {
  it('the 95% interval covers the true rate in about 95% of 300 draws', () => {
    const people = population(7);
    const p = truth(people);
    const sizes = new Map([
      [1, 150],
      [2, 150],
      [3, 150],
    ]);
    let covered = 0;
    const draws = 300;
    for (let k = 0; k < draws; k++) {
      const respond = seededRandom(1000 + k);
      const sample = drawStratified(people, sizes, `draw-${k}`).filter(() => respond() < 0.7);
      const { weights } = postStratify(people, sample);
      const estimate = weightedShare(
        sample.map((s) => s.aware),
        weights,
      );
      if (estimate.low! <= p && p <= estimate.high!) covered++;
    }
    const coverage = covered / draws;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.995);
  });

  it('weighting removes a planted non-response bias', () => {
    const people = population(11);
    const p = truth(people);
    // The aware answer far more often than the unaware only through their community: high-awareness
    // communities respond at 90%, low ones at 20%.
    const rateOf = new Map<number, number>();
    for (const person of people) rateOf.set(person.community, (rateOf.get(person.community) ?? 0) + person.aware);
    const size = new Map<number, number>();
    for (const person of people) size.set(person.community, (size.get(person.community) ?? 0) + 1);
    const respond = seededRandom(99);
    const sample = drawStratified(
      people,
      new Map([
        [1, 900],
        [2, 600],
        [3, 1200],
      ]),
      'bias',
    ).filter((s) => respond() < (rateOf.get(s.community)! / size.get(s.community)! > 0.7 ? 0.9 : 0.2));
    const unweighted = sample.reduce((s, x) => s + x.aware, 0) / sample.length;
    const { weights, designEffect } = postStratify(people, sample);
    const weighted = weightedShare(
      sample.map((s) => s.aware),
      weights,
    );
    expect(unweighted - p).toBeGreaterThan(0.05);
    expect(Math.abs(weighted.rate! - p)).toBeLessThan(0.02);
    expect(designEffect).toBeGreaterThan(1);
    expect(weighted.effectiveN).toBeLessThan(sample.length);
  });

  it('trims extreme weights and keeps each stratum at its frame count', () => {
    const people = population(3);
    // One community answered by a single person: its weight would be huge.
    const sample = people.filter((p, i) => (p.community === 10 ? p.id === people.find((q) => q.community === 10)!.id : i % 10 === 0));
    const { weights, spread } = postStratify(people, sample, { trim: { low: 0.3, high: 3 } });
    const stratumTotal = (s: number) => sample.reduce((acc, x, i) => acc + (x.stratum === s ? weights[i]! : 0), 0);
    expect(stratumTotal(1)).toBeCloseTo(people.filter((p) => p.stratum === 1).length, 6);
    expect(spread).toBeLessThanOrEqual(10 + 1e-9);
  });

  it('says whether two rates differ by more than their intervals explain', () => {
    expect(differsBeyondIntervals({ rate: 0.9, low: 0.88, high: 0.92 }, { rate: 0.7, low: 0.66, high: 0.74 })).toBe(true);
    expect(differsBeyondIntervals({ rate: 0.72, low: 0.66, high: 0.78 }, { rate: 0.7, low: 0.64, high: 0.76 })).toBe(false);
    expect(differsBeyondIntervals({ rate: null, low: null, high: null }, { rate: 0.7, low: 0.64, high: 0.76 })).toBeNull();
  });
});
