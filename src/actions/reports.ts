/**
 * Report forms (they work without JavaScript; photos as multipart). Each parses, authorizes, calls
 * the domain command and returns its result with the values typed, never the files.
 */
import { getDb } from '../lib/server/db';
import { authorize, requireUser } from '../lib/server/http/guard';
import {
  addCategoryField,
  addFieldInput,
  answersFromForm,
  blurReportPhoto,
  dropPendingPhotos,
  keepPendingPhotos,
  parseOptionLines,
  removeCategoryField,
  removeFieldInput,
  bulkTriage,
  bulkTriageMatching,
  cachedCategories,
  readQueueOptions,
  mergeReports,
  removeHoliday,
  saveCategoryOverride,
  saveHoliday,
  updateCategoryRouting,
  issueOpen311Key,
  revokeOpen311Key,
  followReport,
  unfollowReport,
  rateReport,
  addInternalNote,
  setAssignee,
  submitReport,
  transitionReport,
} from '../lib/server/reports';
import { formPhotos, submitInputOf } from '../lib/server/reports/http';
import * as inputs from '../lib/server/reports/inputs';
import { getStorage } from '../lib/server/storage';
import { submitterOf } from '../lib/server/limits';
import { authorizedFormAction, formAction, parseForm } from './form';

export const reports = {
  /**
   * File a report. A form sent back (a refused field, or the "me too" question) keeps the photos it
   * carried, processed and stored under a token the re-rendered form carries (pending-photos.ts);
   * the next submission files the kept ones it still ticks with any new ones.
   */
  submit: formAction(async (form, context) => {
    const db = await getDb();
    const storage = getStorage();
    const hotline = ['on', '1', 'true', 'yes'].includes(String(form.get('hotline') ?? ''));
    const user = hotline ? authorize(context.locals, 'report.hotline') : authorize(context.locals, 'report.submit');
    const token = String(form.get('pendingPhotos') ?? '');
    const kept = await dropPendingPhotos(db, storage, user.id, token, form.getAll('keepPhoto').map(Number));
    /** The failure as the form shows it, with every photo kept so far (the new ones the pipeline accepts). */
    const sentBack = async <F extends object>(failure: F) => {
      const pending = await keepPendingPhotos(db, storage, user.id, token, await formPhotos(form));
      return { ...failure, pendingToken: pending.token, pendingPhotos: pending.photos.map(({ id, thumbnailUrl }) => ({ id, thumbnailUrl })) };
    };
    const parsed = parseForm(inputs.submitReportInput, form);
    if (!parsed.ok) return sentBack(parsed);
    const input = parsed.data;
    const typed = (value: unknown) => (value === undefined ? '' : String(value));
    const values = {
      lat: typed(input.lat),
      lng: typed(input.lng),
      community: typed(input.community),
      category: input.category,
      description: input.description,
      clientKey: input.clientKey ?? '',
      callerName: input.callerName ?? '',
      callerPhone: input.callerPhone ?? '',
      attributes: answersFromForm(form, input.category),
    };
    const result = await submitReport(
      db,
      storage,
      hotline
        ? { actor: user, source: 'hotline', caller: { name: values.callerName, phone: values.callerPhone }, requestId: context.locals.requestId }
        : { actor: user, source: 'web', limits: submitterOf(context.locals), device: context.locals.device },
      { ...(await submitInputOf(input, form, hotline ? null : (input.clientKey ?? null))), keptPhotos: kept, attributes: values.attributes },
    );
    if (!result.ok && result.code === 'duplicates') {
      return sentBack({
        ok: false as const,
        code: 'duplicates' as const,
        message: result.message,
        duplicates: result.duplicates.map((d) => ({
          id: d.id,
          categoryCode: d.categoryCode,
          distanceMeters: d.distanceMeters,
          followerCount: d.followerCount,
          createdAt: d.createdAt.toISOString(),
          thumbnailUrl: d.thumbnailUrl,
        })),
        values,
      });
    }
    if (result.ok) return { ok: true as const, id: result.report.id };
    // Over the submission limit: nothing is processed or kept until it may file again.
    if (result.code === 'rate_limited') return { ...result, values };
    return sentBack({ ...result, values });
  }),

  transition: authorizedFormAction('report.queue', inputs.transitionForm, async (input, user, context, form) => {
    const values = { to: input.to, note: input.note ?? '', deadline: input.deadline ?? '', departmentId: input.departmentId ? String(input.departmentId) : '' };
    const result = await transitionReport(
      await getDb(),
      getStorage(),
      user,
      input.reportId,
      {
        to: input.to,
        version: input.version,
        note: input.note ?? '',
        deadline: input.deadline ?? null,
        departmentId: input.departmentId ?? null,
        afterPhotos: await formPhotos(form, 'afterPhotos'),
      },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const } : { ...result, values };
  }),

  /** Accept, or accept and assign (one department, one deadline), the selected reports. */
  bulk: authorizedFormAction('report.moderate', inputs.bulkForm, async (input, user, context) => {
    const db = await getDb();
    const command = { to: input.to ?? 'accepted', departmentId: input.departmentId ?? null, deadline: input.deadline ?? null } as const;
    if (input.scope === 'matching') {
      // Exactly what the page showed: the queue and filters read as the page reads them.
      const { queue, options } = readQueueOptions(
        new URLSearchParams(input.match ?? ''),
        user,
        (await cachedCategories(db)).map((c) => c.code),
      );
      const result = await bulkTriageMatching(db, getStorage(), user, queue, options, command, context.locals.requestId);
      return result.ok ? { ok: true as const, done: result.done.length, failed: result.failed.length } : result;
    }
    const selection = input.select.map((entry) => {
      const [id, version] = entry.split(':').map(Number);
      return { id: id!, version: version! };
    });
    const result = await bulkTriage(
      db,
      getStorage(),
      user,
      selection.filter((item) => item.id > 0 && item.id <= 2_147_483_647 && item.version <= 2_147_483_647),
      command,
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const, done: result.done.length, failed: result.failed.length } : result;
  }),

  /** Merge this report into the one it repeats. */
  merge: authorizedFormAction('report.moderate', inputs.mergeForm, async (input, user, context, form) => {
    const values = { targetId: String(form.get('targetId') ?? '') };
    const result = await mergeReports(await getDb(), user, input.reportId, input.targetId, input.version, context.locals.requestId);
    return result.ok ? { ok: true as const, targetId: result.targetId } : { ...result, values };
  }),

  /** Blur regions of a photo: rows of x/y/w/h fractions; rows left empty are skipped. */
  blur: authorizedFormAction('report.moderate', inputs.blurForm, async (input, user, context) => {
    const regions = input.x
      .map((x, i) => ({ x, y: input.y[i] ?? '', w: input.w[i] ?? '', h: input.h[i] ?? '' }))
      .filter((region) => Object.values(region).some((value) => value.trim() !== ''));
    const result = await blurReportPhoto(await getDb(), getStorage(), user, input.photoId, regions, context.locals.requestId);
    return result.ok ? { ok: true as const, photoId: result.photo.id } : { ...result, values: { photoId: String(input.photoId), regions } };
  }),

  follow: formAction(inputs.reportRefForm, async (input, context) => {
    const user = requireUser(context.locals);
    return followReport(await getDb(), user, input.reportId);
  }),

  note: formAction(inputs.noteForm, async (input, context) => {
    const user = requireUser(context.locals);
    const result = await addInternalNote(await getDb(), user, input.reportId, input.body, context.locals.requestId);
    return result.ok ? result : { ...result, values: { body: input.body } };
  }),

  assignee: formAction(inputs.assigneeForm, async (input, context) => {
    const user = requireUser(context.locals);
    const result = await setAssignee(await getDb(), user, input.reportId, input.assigneeId ?? null, context.locals.requestId);
    return result.ok ? result : { ...result, values: { assigneeId: String(input.assigneeId ?? '') } };
  }),

  unfollow: formAction(inputs.reportRefForm, async (input, context) => {
    const user = requireUser(context.locals);
    return unfollowReport(await getDb(), user, input.reportId);
  }),

  rate: formAction(inputs.rateForm, async (input, context) => {
    const user = requireUser(context.locals);
    return rateReport(await getDb(), user, input.reportId, { rating: input.rating, comment: input.comment ?? '' });
  }),
};

/** Admins: category routing, district overrides and the holiday calendar. */
export const reportSettings = {
  addField: authorizedFormAction('report.configure', addFieldInput, async (input, admin, context) => {
    const { categoryId, options, ...definition } = input;
    const result = await addCategoryField(await getDb(), admin, categoryId, { ...definition, options: parseOptionLines(options ?? '') }, context.locals.requestId);
    return result.ok ? result : { ...result, values: { categoryId: String(categoryId), ...definition, required: definition.required ? 'on' : '', options: options ?? '' } };
  }),
  removeField: authorizedFormAction('report.configure', removeFieldInput, async (input, admin, context) =>
    removeCategoryField(await getDb(), admin, input.fieldId, context.locals.requestId),
  ),
  category: authorizedFormAction('report.configure', inputs.categoryRoutingForm, async (input, admin, context) => {
    return updateCategoryRouting(await getDb(), admin, input, context.locals.requestId);
  }),
  override: authorizedFormAction('report.configure', inputs.categoryOverrideForm, async (input, admin, context) => {
    return saveCategoryOverride(
      await getDb(),
      admin,
      {
        categoryId: input.categoryId,
        districtId: input.districtId,
        departmentId: input.remove ? null : (input.departmentId ?? null),
        deadlineDays: input.remove ? null : (input.deadlineDays ?? null),
      },
      context.locals.requestId,
    );
  }),
  holiday: authorizedFormAction('report.configure', inputs.holidayForm, async (input, admin, context) => {
    const values = { day: input.day, kind: input.kind, nameZh: input.nameZh ?? '', nameEn: input.nameEn ?? '' };
    const result = await saveHoliday(await getDb(), admin, values, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),
  removeHoliday: authorizedFormAction('report.configure', inputs.removeHolidayForm, async (input, admin, context) => {
    return removeHoliday(await getDb(), admin, input.day, context.locals.requestId);
  }),
};

export const open311 = {
  issueKey: authorizedFormAction('report.configure', inputs.open311KeyForm, async (input, admin, context) => {
    return issueOpen311Key(await getDb(), admin, input.name, context.locals.requestId);
  }),
  revokeKey: authorizedFormAction('report.configure', inputs.open311RevokeForm, async (input, admin, context) => {
    return revokeOpen311Key(await getDb(), admin, input.id, context.locals.requestId);
  }),
};
