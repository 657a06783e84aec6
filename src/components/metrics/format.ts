/** Shared by the charts, tables and map of the rates pages. */
import type { Estimate } from '../../lib/server/metrics';
import { formatPercent } from '../../lib/percent';

/** A rate as a percentage; small rates keep two significant digits (src/lib/percent.ts). */
export const pct = (value: number | null, digits = 1) => formatPercent(value, digits);

/** Five classes of awareness, light to dark; too-small samples are grey whatever their rate. */
export const RATE_CLASSES = [
  { below: 0.6, color: '#f0f9e8', label: '< 60%' },
  { below: 0.7, color: '#bae4bc', label: '60–70%' },
  { below: 0.8, color: '#7bccc4', label: '70–80%' },
  { below: 0.9, color: '#43a2ca', label: '80–90%' },
  { below: Infinity, color: '#0868ac', label: '≥ 90%' },
];
export const SMALL_COLOR = '#d0d7de';

export function rateColor(estimate: Estimate): string {
  if (estimate.small || estimate.rate === null) return SMALL_COLOR;
  return RATE_CLASSES.find((c) => estimate.rate! < c.below)!.color;
}
