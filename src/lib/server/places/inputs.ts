/** The places domain's inputs, parsed at the boundary (API routes and the admin import form). */
import { z } from 'astro/zod';
import { object, oneOf, upload } from '../http/schema';
import { PLACE_QUERY_MAX, PLACE_RESULTS_MAX } from './search';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** GET /api/v1/places?q=&limit= */
export const placeSearchInput = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'places.error.query')
    .max(PLACE_QUERY_MAX, 'places.error.query')
    .refine((q) => !CONTROL.test(q), 'places.error.query'),
  limit: z.coerce.number().int().min(1).max(PLACE_RESULTS_MAX).default(10),
});

/** GET /api/v1/places/describe?lat=&lng= (WGS-84). */
export const describePointInput = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});

/** GET /api/v1/city/outlines?set= */
export const outlinesInput = z.object({ set: z.enum(['areas', 'grid']).default('areas') });

export const PLACES_IMPORT_MAX_MB = 30;

/** The admin's import form: the format and a file, present, not empty, within the size limit. */
export const placesImportInput = object({
  format: oneOf(['geojson', 'csv']),
  file: upload(PLACES_IMPORT_MAX_MB, { missing: 'places.import.error.file' }),
});

/** Query parameters as an object, each parameter's first value. */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in out)) out[key] = value;
  return out;
}
