/**
 * Readiness forms (they work without JavaScript; photos as multipart): inspect a site, start a mock
 * round, import sites. Each parses with its schema (src/lib/server/readiness/inputs.ts), authorizes,
 * calls the domain command and returns its result with the typed values, never the files.
 */
import { getDb } from '../lib/server/db';
import { assignStops, getTemplate, importSites, rowsToItems, saveTemplate, startRound, submitInspection, type TemplateRow } from '../lib/server/readiness';
import * as inputs from '../lib/server/readiness/inputs';
import { formPhotos } from '../lib/server/reports/http';
import { getStorage } from '../lib/server/storage';
import { authorizedFormAction, parseNumbered } from './form';

/** What the form typed, as text, for redisplay beside a refusal of the command. */
const textValues = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string')) as Record<string, string>;

export const readiness = {
  inspect: authorizedFormAction('readiness.inspect', inputs.inspectForm, async (input, user, context, form) => {
    const db = await getDb();
    const template = await getTemplate(db, input.templateId);
    const answers = [];
    for (const item of template?.items ?? []) {
      const parsed = parseNumbered(inputs.inspectionItemForm, form, item.id);
      if (!parsed.ok) return parsed;
      answers.push({ itemId: item.id, answer: parsed.data.answer ?? ('' as const), note: parsed.data.note ?? '', photos: await formPhotos(form, `photo-${item.id}`) });
    }
    const result = await submitInspection(
      db,
      getStorage(),
      user,
      { siteId: input.siteId, templateId: input.templateId, answers, clientKey: input.clientKey ?? '', mockRoundId: input.roundId ?? null },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const, id: result.inspection.id, siteId: input.siteId } : { ...result, values: textValues(form) };
  }),

  startRound: authorizedFormAction('readiness.draw', async (_form, user, context) => {
    return startRound(await getDb(), user, {}, context.locals.requestId);
  }),

  /** The checklist editor: rows of text, weight, category, position and a remove box; saved as a new version. */
  saveTemplate: authorizedFormAction('readiness.configure', inputs.templateForm, async (input, user, context, form) => {
    const rows: TemplateRow[] = [];
    for (let row = 0; row < (input.rows ?? 0); row++) {
      const parsed = parseNumbered(inputs.templateRowForm, form, row);
      if (!parsed.ok) return parsed;
      const { textZh, textEn, weight, category, position, remove } = parsed.data;
      rows.push({ row, textZh: textZh ?? '', textEn: textEn ?? '', weight: weight ?? Number.NaN, categoryCode: category ?? '', position: position ?? Number.NaN, remove });
    }
    const { items, rowOf } = rowsToItems(rows);
    const result = await saveTemplate(await getDb(), user, input.siteType, items, context.locals.requestId);
    if (result.ok) return result;
    // The command names items by their saved index; the form by its row.
    const fields = Object.fromEntries(Object.entries(result.fields ?? {}).map(([key, message]) => [/^item\d+$/.test(key) ? `row${rowOf[Number(key.slice(4))]}` : key, message]));
    return { ...result, fields, values: textValues(form) };
  }),

  /** The office gives a round's stops to the inspectors ticked on its page. */
  assignStops: authorizedFormAction('readiness.draw', inputs.assignStopsForm, async (input, user, context) => {
    const inspectors = input.inspector ?? [];
    const result = await assignStops(await getDb(), user, input.roundId, inspectors, context.locals.requestId);
    return result.ok ? result : { ...result, values: { inspectors: inspectors.map(String) } };
  }),

  importSites: authorizedFormAction('readiness.configure', inputs.importSitesForm, async (input, user, context) => {
    const text = input.file ? await input.file.text() : (input.csv ?? '');
    return importSites(await getDb(), user, text, context.locals.requestId);
  }),
};
