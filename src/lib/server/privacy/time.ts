/** Dates in exports are written in the city's time zone (Asia/Shanghai, UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600 * 1000;

export function cityIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return new Date(date.getTime() + OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
