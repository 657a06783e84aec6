/**
 * Input schemas of the reports domain: one per command and query that takes outside input. The
 * forms (src/actions/reports.ts), /api/v1/reports* and Open311 parse with these; the OpenAPI
 * document is generated from them.
 */
import { RATINGS, REPORT_STATUSES } from '../../../../db/schema';
import { districtRef } from '../city/inputs';
import { DEVICE_ID } from '../http/device';
import { checkbox, date, decimal, id, int, object, oneOf, optional, optionalText, page, text, z } from '../http/schema';
import { BLUR_REGIONS_MAX } from './blur';
import { BULK_MAX } from './bulk';
import { DEADLINE_DAYS_MAX } from './configure';
import { DESCRIPTION_MAX, PHOTOS_MAX } from './submit';

export const reportStatus = () => oneOf(REPORT_STATUSES).meta({ id: 'ReportStatus' });

/** A category code as /categories lists it. */
export const categoryCode = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.type') })
    .trim()
    .min(1, { error: 'input.required' })
    .max(40, { error: 'input.tooLong' })
    .regex(/^[a-z0-9_-]+$/, { error: 'reports.error.category' })
    .meta({ description: 'A category code, as /categories lists it' });

export const latitude = () => decimal(-90, 90);
export const longitude = () => decimal(-180, 180);

/** The report filters of the public list and map: each value is one the API gives out; anything else is a 400. */
export const reportFilters = {
  status: reportStatus().optional(),
  category: categoryCode().optional(),
  district: districtRef().optional(),
  from: date().optional().meta({ description: 'First day (city time), YYYY-MM-DD' }),
  to: date().optional().meta({ description: 'Last day, inclusive (city time), YYYY-MM-DD' }),
};

export const reportListQuery = object({ ...reportFilters, page: page() });

export const reportMapQuery = object({
  ...reportFilters,
  bbox: z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.type') })
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { error: 'reports.error.bbox' })
    .meta({ description: 'west,south,east,north (degrees; at most 10 by 10)', example: '120.1,30.2,120.2,30.3' }),
  zoom: int(0, 22),
});

export const nearbyQuery = object({ lat: latitude(), lng: longitude(), category: categoryCode() });

export const reportIdParams = object({ id: id() });

/** The API's and the form's new report (the photos travel beside it as files). */
export const submitReportInput = object({
  lat: optional(latitude()),
  lng: optional(longitude()),
  community: optional(id()),
  category: categoryCode(),
  description: text(DESCRIPTION_MAX),
  clientKey: optionalText(100),
  callerName: optionalText(30),
  callerPhone: optionalText(20),
  hotline: checkbox(),
  confirm: checkbox(),
});

export const submitReportMultipart = object({
  lat: optional(latitude()),
  lng: optional(longitude()),
  /** Without lat/lng: the community the report is in (the command places it there). */
  community: optional(id()),
  /** Filed even with open reports of the category nearby (otherwise 409 lists them). */
  confirm: checkbox(),
  category: categoryCode(),
  description: text(DESCRIPTION_MAX),
  photos: z
    .array(z.instanceof(File))
    .max(PHOTOS_MAX)
    .meta({ type: 'array', items: { type: 'string', format: 'binary' }, minItems: 1, maxItems: PHOTOS_MAX }),
});

export const transitionInput = object({
  to: reportStatus(),
  version: int(0, 2_147_483_647),
  note: optionalText(500),
  deadline: optional(date()),
  department: optional(id()),
});

export const transitionForm = object({
  reportId: id(),
  to: reportStatus(),
  version: int(0, 2_147_483_647),
  note: optionalText(500),
  deadline: optional(date()),
  departmentId: optional(id()),
});

export const bulkForm = object({
  to: oneOf(['accepted', 'assigned']).optional(),
  departmentId: optional(id()),
  deadline: optional(date()),
  select: z.array(z.string().regex(/^\d{1,10}:\d{1,10}$/, { error: 'input.invalid' })).max(BULK_MAX),
  /** 'matching': every report of the queue that matches `match` (the page's query string), across pages, instead of the ticked ones. */
  scope: oneOf(['selected', 'matching']).optional(),
  match: optionalText(1000),
});

export const mergeForm = object({
  reportId: id(),
  version: int(0, 2_147_483_647),
  targetId: z.preprocess((value) => (typeof value === 'string' ? value.trim().replace(/^#/, '') : value), id()),
});

const fraction = () =>
  z.union([
    z.literal(''),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, { error: 'input.number' }),
  ]);
export const blurForm = object({
  photoId: id(),
  x: z.array(fraction()).max(BLUR_REGIONS_MAX * 2),
  y: z.array(fraction()).max(BLUR_REGIONS_MAX * 2),
  w: z.array(fraction()).max(BLUR_REGIONS_MAX * 2),
  h: z.array(fraction()).max(BLUR_REGIONS_MAX * 2),
});

export const reportRefForm = object({ reportId: id() });

export const rateForm = object({ reportId: id(), rating: oneOf(RATINGS), comment: optionalText(500) });

export const categoryRoutingForm = object({ categoryId: id(), departmentId: id(), deadlineDays: int(1, DEADLINE_DAYS_MAX) });

export const categoryOverrideForm = object({
  categoryId: id(),
  districtId: id(),
  departmentId: optional(id()),
  deadlineDays: optional(int(1, DEADLINE_DAYS_MAX)),
  remove: checkbox(),
});

export const holidayForm = object({ day: date(), kind: oneOf(['holiday', 'workday']), nameZh: optionalText(40), nameEn: optionalText(60) });
export const removeHolidayForm = object({ day: date() });

export const open311KeyForm = object({ name: text(60) });
export const open311RevokeForm = object({ id: id() });

/**
 * Open311 GeoReport v2's POST /requests fields, mapped onto the same bounds as the web form
 * (service_code is the category, long the longitude); the api_key is checked before this is parsed.
 */
export const open311RequestInput = z.object({
  service_code: categoryCode(),
  lat: optional(latitude()),
  long: optional(longitude()),
  address_string: optionalText(200),
  description: text(DESCRIPTION_MAX),
});

/** An internal (staff-only) note on a report. */
export const noteForm = object({ reportId: id(), body: text(1000, { min: 1 }) });

/** The named person in the department who works on the report (blank: nobody named). */
export const assigneeForm = object({ reportId: id(), assigneeId: optional(id()) });

/** POST /reports' headers: the Idempotency-Key (8-100 visible characters) makes a retried filing answer the first. */
export const submitReportHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x21-\x7e]{8,100}$/, { error: 'input.invalid' })
    .optional()
    .meta({ description: 'A retry with the same key answers the report already filed (200)' }),
  /** Read for every API request by the middleware (requestDevice), which ignores a malformed one. */
  'X-Device-Id': z
    .string()
    .regex(DEVICE_ID)
    .optional()
    .meta({ description: "Optional: the app installation's own random id, for the points' anti-gaming rule; kept only as a keyed hash (a malformed one is ignored)" }),
});
