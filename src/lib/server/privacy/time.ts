/** Dates in exports are written in the city's time zone, through the shared time module. */
import { cityIso as isoInCity } from '../time';

export function cityIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : isoInCity(date);
}
