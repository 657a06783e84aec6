/** Request parsing and response shapes shared by the report API routes, form actions and Open311. */
import { REPORT_STATUSES, type ReportStatus } from '../../../../db/schema';
import { resolveDistrict } from '../city/inputs';
import type { Db } from '../../../../db/client';
import { reportFilters } from './inputs';
import type { ReportFilters, ReportView } from './queries';
import type { SubmitInput } from './submit';
import { addDays, startOfCityDay } from '../time';
import { InputError } from '../http/errors';
import { inputFailure, page as pageSchema, type InputFailure, type z } from '../http/schema';

export const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function parseStatus(value: string | null | undefined): ReportStatus | undefined {
  return value && (REPORT_STATUSES as readonly string[]).includes(value) ? (value as ReportStatus) : undefined;
}

type FilterQuery = { status?: ReportStatus | undefined; category?: string | undefined; district?: number | string | undefined; from?: string | undefined; to?: string | undefined };

/** The filters of a parsed query: the district resolved (by code or id; unknown is a 400), `to` inclusive of its day. */
export async function reportFiltersOf(db: Db, query: FilterQuery): Promise<ReportFilters> {
  return {
    status: query.status,
    categoryCode: query.category,
    districtId: await resolveDistrict(db, query.district),
    ...dayRange(query),
  };
}

/** `from` and `to` (inclusive) as instants of the city's days. */
function dayRange(query: { from?: string | undefined; to?: string | undefined }): Pick<ReportFilters, 'from' | 'to'> {
  return {
    from: query.from ? (startOfCityDay(query.from) ?? undefined) : undefined,
    to: query.to ? (startOfCityDay(addDays(query.to, 1)) ?? undefined) : undefined,
  };
}

/** A page's filters, or why they were refused: the parameter named, with its i18n key. */
export type PageFilters = { filters: ReportFilters; page: number; failure: FilterFailure | null };
type FilterFailure = Omit<InputFailure, 'code'> & { code: 'invalid_parameter' };

/**
 * The filters of a page's query string (the public list, the staff ledger): the same schema and the
 * same district lookup as the API. A value it refuses is a failure naming the parameter (the page
 * answers 400 and shows it); the other filters still apply, so the page still renders.
 */
export async function pageFilters(db: Db, params: URLSearchParams): Promise<PageFilters> {
  const fields: Record<string, string> = {};
  const pick = <T>(schema: { safeParse: (value: unknown) => { success: boolean; data?: T; error?: unknown } }, name: string): T | undefined => {
    const value = params.get(name);
    if (value === null || value === '') return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    fields[name] = inputFailure(parsed.error as z.ZodError).fields.body ?? 'input.invalid';
    return undefined;
  };
  const query = {
    status: pick(reportFilters.status, 'status'),
    category: pick(reportFilters.category, 'category'),
    from: pick(reportFilters.from, 'from'),
    to: pick(reportFilters.to, 'to'),
  };
  const page = pick(pageSchema(), 'page') ?? 1;
  let district: number | undefined;
  try {
    district = await resolveDistrict(db, pick(reportFilters.district, 'district'));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    Object.assign(fields, error.failure.fields);
  }
  const filters: ReportFilters = {
    status: query.status,
    categoryCode: query.category,
    districtId: district,
    ...dayRange(query),
  };
  const first = Object.keys(fields)[0];
  const failure: FilterFailure | null = first ? { ok: false, code: 'invalid_parameter', message: 'input.invalidField', params: { field: first }, fields } : null;
  return { filters, page, failure };
}

/** Files from a multipart form, skipping empty file inputs. */
/** The submit command's input from a parsed form or API body (both schemas carry these fields) and its photos. */
export async function submitInputOf(
  input: { lat?: number | undefined; lng?: number | undefined; community?: number | undefined; category: string; description: string; confirm: boolean },
  form: FormData,
  clientKey: string | null,
): Promise<SubmitInput> {
  return {
    lat: input.lat ?? Number.NaN,
    lng: input.lng ?? Number.NaN,
    communityId: input.community ?? null,
    categoryCode: input.category,
    description: input.description,
    photos: await formPhotos(form),
    clientKey,
    confirmed: input.confirm,
  };
}

export async function formPhotos(form: FormData, name = 'photos'): Promise<Uint8Array[]> {
  const files = form.getAll(name).filter((entry): entry is File => entry instanceof File && entry.size > 0);
  return Promise.all(files.map(async (file) => new Uint8Array(await file.arrayBuffer())));
}

/** The API's report: public fields, plus staff-only ones under `private` when the viewer handles it. */
export function reportJson(view: ReportView) {
  return {
    id: view.id,
    category: view.category.code,
    categoryName: { zh: view.category.nameZh, en: view.category.nameEn },
    status: view.status,
    version: view.version,
    description: view.description,
    lat: view.lat,
    lng: view.lng,
    exactPoint: view.exactPoint,
    district: view.district?.id ? { id: view.district.id, nameZh: view.district.nameZh, nameEn: view.district.nameEn } : null,
    community: view.community?.id ? { id: view.community.id, nameZh: view.community.nameZh, nameEn: view.community.nameEn } : null,
    department: view.department ? { id: view.department.id, nameZh: view.department.nameZh, nameEn: view.department.nameEn } : null,
    deadline: view.deadline,
    ticket: view.ticket,
    followerCount: view.followerCount,
    mergedInto: view.mergedIntoId,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    photos: view.photos.map((photo) => ({ url: photo.url, thumbnailUrl: photo.thumbnailUrl, stage: photo.stage })),
    timeline: view.timeline.map((entry) => ({
      status: entry.status,
      from: entry.from,
      note: entry.note,
      department: entry.department,
      deadline: entry.deadline,
      at: entry.at.toISOString(),
    })),
    ...(view.private && { private: { ...view.private, assignedAt: view.private.assignedAt?.toISOString() ?? null } }),
    allowedTransitions: view.transitions.map((transition) => transition.to),
  };
}
