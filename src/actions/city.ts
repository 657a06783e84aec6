import { importCityGeoJson } from '../lib/server/city';
import { importGeoJsonForm } from '../lib/server/city/inputs';
import { getDb } from '../lib/server/db';
import { authorizedFormAction, parseForm } from './form';

export const city = {
  /** The upload parsed with its schema (a file, not empty, within the size limit); a refusal is listed like the file's own problems. */
  importGeoJson: authorizedFormAction('city.import', async (form, admin) => {
    const parsed = parseForm(importGeoJsonForm, form);
    if (!parsed.ok) return { ok: false as const, errors: [{ feature: null, code: null, key: parsed.fields.file ?? 'form.invalid', params: parsed.params }] };
    return importCityGeoJson(await getDb(), await parsed.data.file.text(), admin);
  }),
};
