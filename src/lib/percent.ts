/**
 * Rates as percentages, for pages, charts, bulletins and exports alike. Below 1% a fixed number of
 * decimals would show "0.0%" for a real but small rate (39 of 284,459 is 0.014%), so small rates keep
 * two significant digits; 0 stays "0%".
 */
export function percentNumber(value: number, digits = 1): string {
  const percent = value * 100;
  if (percent === 0) return '0';
  if (Math.abs(percent) < 1) return String(Number(percent.toPrecision(2)));
  return percent.toFixed(digits);
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${percentNumber(value, digits)}%`;
}
