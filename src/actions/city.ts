import { importCityGeoJson } from '../lib/server/city';
import { getDb } from '../lib/server/db';
import { authorizedFormAction } from './form';

export const CITY_IMPORT_MAX_MB = 20;

export const city = {
  importGeoJson: authorizedFormAction('city.import', async (form, admin) => {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      return { ok: false as const, errors: [{ feature: null, code: null, key: 'admin.city.noFile', params: {} }] };
    }
    if (file.size > CITY_IMPORT_MAX_MB * 1024 * 1024) {
      return { ok: false as const, errors: [{ feature: null, code: null, key: 'admin.city.tooLarge', params: { mb: CITY_IMPORT_MAX_MB } }] };
    }
    return importCityGeoJson(await getDb(), await file.text(), admin);
  }),
};
