/** Input schemas of the readiness domain (site inspections). */
import { ANSWERS, SITE_TYPES } from '../../../../db/schema';
import { districtRef } from '../city/inputs';
import { checkbox, decimal, id, int, object, oneOf, optional, optionalText, upload, z } from '../http/schema';

export const siteType = () => oneOf(SITE_TYPES).meta({ id: 'SiteType' });

/** The staff list of inspection sites: by type and district (code or id). */
export const siteListQuery = object({ type: siteType().optional(), district: districtRef().optional() });

// The readiness forms (src/actions/readiness.ts). A checklist's items and a template's rows are
// fields numbered by item or row ("answer-12", "textZh-3"): each is parsed with its own schema.

/** An inspection: the site, the checklist version answered, and the mock round it belongs to, if any. */
export const inspectForm = object({ siteId: id(), templateId: id(), roundId: optional(id()), clientKey: optionalText(100) });
/** One checklist item's answer (answer-<id>, note-<id>; its photos are photo-<id>). */
export const inspectionItemForm = object({ answer: optional(oneOf(ANSWERS)), note: optionalText(1000) });

/** The checklist editor: the site type and how many rows the form has. */
export const templateForm = object({ siteType: siteType(), rows: optional(int(0, 100)) });
/** One row of the editor (textZh-<row>, …). */
export const templateRowForm = object({
  textZh: optionalText(500),
  textEn: optionalText(500),
  weight: optional(decimal(-1000, 1000)),
  category: optionalText(40),
  position: optional(int(-1000, 1000)),
  remove: checkbox(),
});

export const assignStopsForm = object({ roundId: id(), inspector: z.array(id()).max(500).optional() });
/** Sites to import: a CSV file, or the CSV pasted. */
export const SITES_IMPORT_MAX_MB = 2;
/** The sites' CSV as a file (the admin form) or as text. */
export const importSitesForm = object({ csv: optionalText(2_000_000), file: upload(SITES_IMPORT_MAX_MB).optional() });
