import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/lib/server/metrics';

describe('the Wilson 95% interval', () => {
  it('matches published values (statsmodels proportion_confint, method="wilson")', () => {
    const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 6);
    const eight = wilsonInterval(8 / 10, 10)!;
    close(eight.low, 0.4901625);
    close(eight.high, 0.9433178);
    const half = wilsonInterval(0.5, 100)!;
    close(half.low, 0.4038315);
    close(half.high, 0.5961685);
    const none = wilsonInterval(0, 10)!;
    close(none.low, 0);
    close(none.high, 0.2775328);
  });

  it('stays inside 0..1 at the extremes and narrows as n grows', () => {
    const all = wilsonInterval(1, 30)!;
    expect(all.high).toBeLessThanOrEqual(1);
    expect(all.low).toBeCloseTo(0.8864866, 6);
    const small = wilsonInterval(0.81, 100)!;
    const large = wilsonInterval(0.81, 10_000)!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('has nothing to say about an empty sample', () => {
    expect(wilsonInterval(0.5, 0)).toBeNull();
  });
});
