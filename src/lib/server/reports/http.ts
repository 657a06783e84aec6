/** Request parsing and response shapes shared by the report API routes, form actions and Open311. */
import { REPORT_STATUSES, type ReportStatus } from '../../../../db/schema';
import type { ReportFilters, ReportView } from './queries';
import { startOfCityDay } from '../time';

export const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function parseStatus(value: string | null | undefined): ReportStatus | undefined {
  return value && (REPORT_STATUSES as readonly string[]).includes(value) ? (value as ReportStatus) : undefined;
}

function parseDate(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = value.length === 10 ? startOfCityDay(value) : new Date(value);
  if (!date) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** status, category, district (id), from, to from a query string; `to` is inclusive of its day. */
export function parseFilters(params: URLSearchParams): ReportFilters {
  const district = Number(params.get('district'));
  const to = parseDate(params.get('to'));
  if (to && params.get('to')!.length === 10) to.setTime(to.getTime() + 86_400_000);
  return {
    status: parseStatus(params.get('status')),
    categoryCode: params.get('category') || undefined,
    districtId: Number.isInteger(district) && district > 0 ? district : undefined,
    from: parseDate(params.get('from')),
    to,
  };
}

/** Files from a multipart form, skipping empty file inputs. */
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
