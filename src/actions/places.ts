import { getDb } from '../lib/server/db';
import { importPlaces } from '../lib/server/places';
import { placesImportInput } from '../lib/server/places/inputs';
import { authorizedFormAction } from './form';

export const PLACES_IMPORT_MAX_MB = 30;

export const places = {
  import: authorizedFormAction('places.import', async (form, admin) => {
    const input = placesImportInput.safeParse({ format: form.get('format'), file: form.get('file') });
    if (!input.success || input.data.file.size === 0) {
      return { ok: false as const, errors: [{ row: null, key: 'places.import.error.file', params: {} }] };
    }
    if (input.data.file.size > PLACES_IMPORT_MAX_MB * 1024 * 1024) {
      return { ok: false as const, errors: [{ row: null, key: 'admin.city.tooLarge', params: { mb: PLACES_IMPORT_MAX_MB } }] };
    }
    return importPlaces(await getDb(), admin, input.data.format, await input.data.file.text());
  }),
};
