import { getDb } from '../lib/server/db';
import { importPlaces } from '../lib/server/places';
import { placesImportInput } from '../lib/server/places/inputs';
import { authorizedFormAction, parseForm } from './form';

export const places = {
  /** The upload parsed with its schema; a refusal is listed like the file's own problems. */
  import: authorizedFormAction('places.import', async (form, admin) => {
    const parsed = parseForm(placesImportInput, form);
    if (!parsed.ok) return { ok: false as const, errors: Object.values(parsed.fields).map((key) => ({ row: null, key, params: parsed.params ?? {} })) };
    return importPlaces(await getDb(), admin, parsed.data.format, await parsed.data.file.text());
  }),
};
