/**
 * Input schemas of the city domain, and the district filter every list shares: `?district=` takes
 * what the API gives out, a district's code as `/city` lists it, or its id.
 */
import { and, eq } from 'drizzle-orm';
import { areas } from '../../../../db/schema';
import type { Db } from '../../../../db/client';
import { InputError } from '../http/errors';
import { id, object, upload, z } from '../http/schema';

/** An area code as the API gives it out (letters, digits, dash, underscore). */
export const areaCode = () =>
  z
    .string({ error: 'input.type' })
    .trim()
    .min(1, { error: 'input.required' })
    .max(40, { error: 'input.tooLong' })
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'input.enum' });

/** A district by code (as /city lists them) or by id. */
export const districtRef = () => z.union([id(), areaCode()]).meta({ description: 'A district: its code (as /city lists it) or its id' });

/**
 * The id of the district a filter names; an unknown code or id is a 400 naming the parameter, never
 * an empty list that looks like an answer.
 */
export async function resolveDistrict(db: Db, ref: number | string | undefined, parameter = 'district'): Promise<number | undefined> {
  if (ref === undefined) return undefined;
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.level, 'district'), typeof ref === 'number' ? eq(areas.id, ref) : eq(areas.code, ref)))
    .limit(1);
  if (!row) throw new InputError({ ok: false, code: 'invalid_parameter', message: 'input.invalidField', params: { field: parameter }, fields: { [parameter]: 'input.enum' } });
  return row.id;
}

export const CITY_IMPORT_MAX_MB = 20;

/** The admin's GeoJSON upload of the city's areas. */
export const importGeoJsonForm = object({ file: upload(CITY_IMPORT_MAX_MB, { missing: 'admin.city.noFile' }) });
