/**
 * Readiness forms (they work without JavaScript; photos as multipart): inspect a site, start a mock
 * round, import sites. Each parses, authorizes, calls the domain command and returns its result
 * with the typed values, never the files.
 */
import { ANSWERS, SITE_TYPES, type Answer, type SiteType } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { assignStops, getTemplate, importSites, rowsToItems, saveTemplate, startRound, submitInspection, type TemplateRow } from '../lib/server/readiness';
import { formPhotos, str } from '../lib/server/reports/http';
import { fail } from '../lib/server/result';
import { getStorage } from '../lib/server/storage';
import { authorizedFormAction } from './form';

export const readiness = {
  inspect: authorizedFormAction('readiness.inspect', async (form, user, context) => {
    const db = await getDb();
    const templateId = Number(form.get('templateId'));
    const template = Number.isInteger(templateId) ? await getTemplate(db, templateId) : null;
    const values: Record<string, string> = { clientKey: str(form.get('clientKey')) };
    const answers = [];
    for (const item of template?.items ?? []) {
      const answer = str(form.get(`answer-${item.id}`));
      values[`answer-${item.id}`] = answer;
      values[`note-${item.id}`] = str(form.get(`note-${item.id}`));
      answers.push({
        itemId: item.id,
        answer: (ANSWERS as readonly string[]).includes(answer) ? (answer as Answer) : ('' as const),
        note: values[`note-${item.id}`],
        photos: await formPhotos(form, `photo-${item.id}`),
      });
    }
    const round = Number(form.get('roundId'));
    const result = await submitInspection(
      db,
      getStorage(),
      user,
      { siteId: Number(form.get('siteId')), templateId, answers, clientKey: values.clientKey!, mockRoundId: round > 0 ? round : null },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const, id: result.inspection.id, siteId: Number(form.get('siteId')) } : { ...result, values };
  }),

  startRound: authorizedFormAction('readiness.draw', async (_form, user, context) => {
    return startRound(await getDb(), user, {}, context.locals.requestId);
  }),

  /** The checklist editor: rows of text, weight, category, position and a remove box; saved as a new version. */
  saveTemplate: authorizedFormAction('readiness.configure', async (form, user, context) => {
    const type = str(form.get('siteType')) as SiteType;
    const count = Math.min(Number(form.get('rows')) || 0, 100);
    const rows: TemplateRow[] = [];
    const values: Record<string, string> = {};
    for (let row = 0; row < count; row++) {
      for (const name of ['textZh', 'textEn', 'weight', 'category', 'position', 'remove']) values[`${name}-${row}`] = str(form.get(`${name}-${row}`));
      rows.push({
        row,
        textZh: values[`textZh-${row}`]!,
        textEn: values[`textEn-${row}`]!,
        weight: Number(values[`weight-${row}`]),
        categoryCode: values[`category-${row}`]!,
        position: values[`position-${row}`] === '' ? NaN : Number(values[`position-${row}`]),
        remove: values[`remove-${row}`] === 'on',
      });
    }
    if (!(SITE_TYPES as readonly string[]).includes(type)) return { ...fail('invalid', 'form.invalid', { fields: { siteType: 'readiness.error.siteType' } }), values };
    const { items, rowOf } = rowsToItems(rows);
    const result = await saveTemplate(await getDb(), user, type, items, context.locals.requestId);
    if (result.ok) return result;
    // The command names items by their saved index; the form by its row.
    const fields = Object.fromEntries(Object.entries(result.fields ?? {}).map(([key, message]) => [/^item\d+$/.test(key) ? `row${rowOf[Number(key.slice(4))]}` : key, message]));
    return { ...result, fields, values };
  }),

  /** The office gives a round's stops to the inspectors ticked on its page. */
  assignStops: authorizedFormAction('readiness.draw', async (form, user, context) => {
    const inspectors = form.getAll('inspector').map((value) => Number(value));
    const result = await assignStops(await getDb(), user, Number(form.get('roundId')), inspectors, context.locals.requestId);
    return result.ok ? result : { ...result, values: { inspectors: inspectors.map(String) } };
  }),

  importSites: authorizedFormAction('readiness.configure', async (form, user, context) => {
    const file = form.get('file');
    const text = file instanceof File && file.size > 0 ? await file.text() : str(form.get('csv'));
    return importSites(await getDb(), user, text, context.locals.requestId);
  }),
};
