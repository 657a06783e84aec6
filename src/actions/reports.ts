/**
 * Report forms (they work without JavaScript; photos as multipart). Each parses, authorizes, calls
 * the domain command and returns its result with the values typed, never the files.
 */
import { RATINGS, type Rating } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { authorize, requireUser } from '../lib/server/http/guard';
import { blurReportPhoto, bulkTriage, mergeReports, removeHoliday, saveCategoryOverride, saveHoliday, updateCategoryRouting, issueOpen311Key, revokeOpen311Key, followReport, rateReport, submitReport, transitionReport } from '../lib/server/reports';
import { formPhotos, parseStatus, str } from '../lib/server/reports/http';
import { getStorage } from '../lib/server/storage';
import { authorizedFormAction, formAction } from './form';

export const reports = {
  submit: formAction(async (form, context) => {
    const db = await getDb();
    const hotline = form.get('hotline') === '1';
    const user = hotline ? authorize(context.locals, 'report.hotline') : authorize(context.locals, 'report.submit');
    const values = {
      lat: str(form.get('lat')),
      lng: str(form.get('lng')),
      community: str(form.get('community')),
      category: str(form.get('category')),
      description: str(form.get('description')),
      clientKey: str(form.get('clientKey')),
      callerName: str(form.get('callerName')),
      callerPhone: str(form.get('callerPhone')),
    };
    const result = await submitReport(
      db,
      getStorage(),
      hotline ? { actor: user, source: 'hotline', caller: { name: values.callerName, phone: values.callerPhone }, requestId: context.locals.requestId } : { actor: user, source: 'web' },
      {
        lat: Number(values.lat || NaN),
        lng: Number(values.lng || NaN),
        communityId: Number(values.community) || null,
        categoryCode: values.category,
        description: values.description,
        photos: await formPhotos(form),
        clientKey: hotline ? null : values.clientKey,
        confirmed: form.get('confirm') === '1',
      },
    );
    if (!result.ok && result.code === 'duplicates') {
      return { ok: false as const, code: 'duplicates' as const, message: result.message, duplicates: result.duplicates.map((d) => ({ id: d.id, distanceMeters: d.distanceMeters, followerCount: d.followerCount })), values };
    }
    return result.ok ? { ok: true as const, id: result.report.id } : { ...result, values };
  }),

  transition: authorizedFormAction('report.queue', async (form, user, context) => {
    const id = Number(form.get('reportId'));
    const department = Number(form.get('departmentId'));
    const values = { to: str(form.get('to')), note: str(form.get('note')), deadline: str(form.get('deadline')), departmentId: str(form.get('departmentId')) };
    const result = await transitionReport(
      await getDb(),
      getStorage(),
      user,
      id,
      {
        to: parseStatus(values.to) ?? ('' as never),
        version: Number(form.get('version')),
        note: values.note,
        deadline: values.deadline || null,
        departmentId: department > 0 ? department : null,
        afterPhotos: await formPhotos(form, 'afterPhotos'),
      },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const } : { ...result, values };
  }),

  /** Accept, or accept and assign (one department, one deadline), the selected reports. */
  bulk: authorizedFormAction('report.moderate', async (form, user, context) => {
    const to = form.get('to') === 'assigned' ? 'assigned' : 'accepted';
    const department = Number(form.get('departmentId'));
    const selection = form.getAll('select').map((entry) => {
      const [id, version] = String(entry).split(':').map(Number);
      return { id: id!, version: version! };
    });
    const result = await bulkTriage(
      await getDb(),
      getStorage(),
      user,
      selection.filter((item) => Number.isInteger(item.id) && Number.isInteger(item.version)),
      { to, departmentId: department > 0 ? department : null, deadline: str(form.get('deadline')) || null },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const, done: result.done.length, failed: result.failed.length } : result;
  }),

  /** Merge this report into the one it repeats. */
  merge: authorizedFormAction('report.moderate', async (form, user, context) => {
    const target = Number(str(form.get('targetId')).replace(/^#/, ''));
    const values = { targetId: str(form.get('targetId')) };
    if (!Number.isInteger(target) || target <= 0) return { ok: false as const, code: 'invalid' as const, message: 'form.invalid', fields: { targetId: 'reports.error.mergeTarget' }, values };
    const result = await mergeReports(await getDb(), user, Number(form.get('reportId')), target, Number(form.get('version')), context.locals.requestId);
    return result.ok ? { ok: true as const, targetId: result.targetId } : { ...result, values };
  }),

  /** Blur regions of a photo: rows of x/y/w/h fractions; rows left empty are skipped. */
  blur: authorizedFormAction('report.moderate', async (form, user, context) => {
    const [xs, ys, ws, hs] = (['x', 'y', 'w', 'h'] as const).map((key) => form.getAll(key).map(str));
    const regions = xs!
      .map((x, i) => ({ x, y: ys![i] ?? '', w: ws![i] ?? '', h: hs![i] ?? '' }))
      .filter((region) => Object.values(region).some((value) => value.trim() !== ''));
    const result = await blurReportPhoto(await getDb(), getStorage(), user, Number(form.get('photoId')), regions, context.locals.requestId);
    return result.ok ? { ok: true as const, photoId: result.photo.id } : { ...result, values: { photoId: str(form.get('photoId')), regions } };
  }),

  follow: formAction(async (form, context) => {
    const user = requireUser(context.locals);
    return followReport(await getDb(), user, Number(form.get('reportId')));
  }),

  rate: formAction(async (form, context) => {
    const user = requireUser(context.locals);
    const rating = str(form.get('rating'));
    return rateReport(await getDb(), user, Number(form.get('reportId')), {
      rating: (RATINGS as readonly string[]).includes(rating) ? (rating as Rating) : ('' as Rating),
      comment: str(form.get('comment')),
    });
  }),
};

const optionalNumber = (value: FormDataEntryValue | null) => (str(value).trim() === '' ? null : Number(value));

/** Admins: category routing, district overrides and the holiday calendar. */
export const reportSettings = {
  category: authorizedFormAction('report.configure', async (form, admin, context) => {
    return updateCategoryRouting(
      await getDb(),
      admin,
      { categoryId: Number(form.get('categoryId')), departmentId: Number(form.get('departmentId')), deadlineDays: Number(form.get('deadlineDays')) },
      context.locals.requestId,
    );
  }),
  override: authorizedFormAction('report.configure', async (form, admin, context) => {
    const remove = form.get('remove') === '1';
    return saveCategoryOverride(
      await getDb(),
      admin,
      {
        categoryId: Number(form.get('categoryId')),
        districtId: Number(form.get('districtId')),
        departmentId: remove ? null : optionalNumber(form.get('departmentId')) || null,
        deadlineDays: remove ? null : optionalNumber(form.get('deadlineDays')),
      },
      context.locals.requestId,
    );
  }),
  holiday: authorizedFormAction('report.configure', async (form, admin, context) => {
    const kind = str(form.get('kind'));
    const values = { day: str(form.get('day')), kind, nameZh: str(form.get('nameZh')), nameEn: str(form.get('nameEn')) };
    const result = await saveHoliday(await getDb(), admin, { ...values, kind: kind === 'workday' ? 'workday' : kind === 'holiday' ? 'holiday' : ('' as never) }, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),
  removeHoliday: authorizedFormAction('report.configure', async (form, admin, context) => {
    return removeHoliday(await getDb(), admin, str(form.get('day')), context.locals.requestId);
  }),
};

export const open311 = {
  issueKey: authorizedFormAction('report.configure', async (form, admin, context) => {
    return issueOpen311Key(await getDb(), admin, str(form.get('name')), context.locals.requestId);
  }),
  revokeKey: authorizedFormAction('report.configure', async (form, admin, context) => {
    return revokeOpen311Key(await getDb(), admin, Number(form.get('id')), context.locals.requestId);
  }),
};
