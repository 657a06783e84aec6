/** Request parsing and response shapes shared by the report API routes, form actions and Open311. */
import { REPORT_STATUSES, type ReportStatus } from '../../../../db/schema';
import { resolveDistrict } from '../city/inputs';
import type { Db } from '../../../../db/client';
import { reportFilters } from './inputs';
import type { ReportFilters, ReportView } from './queries';
import type { SubmitInput } from './submit';
import { addDays, startOfCityDay } from '../time';

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
    from: query.from ? (startOfCityDay(query.from) ?? undefined) : undefined,
    to: query.to ? (startOfCityDay(addDays(query.to, 1)) ?? undefined) : undefined,
  };
}

/**
 * The filters of a page's query string (the public list, the staff ledger): the same schema as the
 * API, but a value it refuses is left out rather than refused, so that a page always renders.
 */
export function parseFilters(params: URLSearchParams): ReportFilters {
  const pick = <T>(schema: { safeParse: (value: unknown) => { success: boolean; data?: T } }, name: string): T | undefined => {
    const parsed = schema.safeParse(params.get(name) ?? undefined);
    return parsed.success ? parsed.data : undefined;
  };
  const district = pick(reportFilters.district, 'district');
  const from = pick(reportFilters.from, 'from');
  const to = pick(reportFilters.to, 'to');
  return {
    status: pick(reportFilters.status, 'status'),
    categoryCode: pick(reportFilters.category, 'category'),
    districtId: typeof district === 'number' ? district : undefined,
    from: from ? (startOfCityDay(from) ?? undefined) : undefined,
    to: to ? (startOfCityDay(addDays(to, 1)) ?? undefined) : undefined,
  };
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
