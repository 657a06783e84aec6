/**
 * Nomination forms (they work without JavaScript): parse, call the command, return its result with
 * the typed values. Photos cannot be kept across a failed submission, so a failure lists their
 * names for the person to re-add.
 */
import { getDb } from '../lib/server/db';
import {
  acceptNomination,
  announceRound,
  castBallot,
  closeStageEarly,
  createRound,
  editStory,
  fileObjection,
  parseCityDateTime,
  PHOTOS_MAX,
  recordConsent,
  rejectNomination,
  requestConsentByLink,
  requestInfo,
  resolveObjection,
  resubmitNomination,
  reviewBallot,
  SCHEDULE_FIELDS,
  shortlistCandidates,
  submitNomination,
  updateRound,
  type PhotoUpload,
  type RoundInput,
} from '../lib/server/nominations';
import { PHOTO_MAX_BYTES } from '../lib/server/photos';
import { getStorage } from '../lib/server/storage';
import { formText as text } from '../lib/server/http/input';
import * as inputs from '../lib/server/nominations/inputs';
import { authorizedFormAction, formAction } from './form';
import { submitterOf } from '../lib/server/limits';

const id = (form: FormData, name: string) => {
  const value = Number(text(form, name));
  return Number.isInteger(value) && value > 0 ? value : NaN;
};
const ids = (form: FormData, name: string) => form.getAll(name).map((value) => Number(value)).filter((value) => Number.isInteger(value) && value > 0);

function photoFiles(form: FormData): File[] {
  return form.getAll('photos').filter((value): value is File => value instanceof File && value.size > 0);
}

async function readPhotos(files: File[]): Promise<PhotoUpload[]> {
  // Too many or too large: refused by the command without reading every byte of a huge upload.
  return Promise.all(files.slice(0, PHOTOS_MAX + 1).map(async (file) => ({ name: file.name, bytes: file.size > PHOTO_MAX_BYTES ? new Uint8Array(PHOTO_MAX_BYTES + 1) : new Uint8Array(await file.arrayBuffer()) })));
}

function roundInput(form: FormData): RoundInput {
  const schedule = Object.fromEntries(SCHEDULE_FIELDS.map((field) => [field, parseCityDateTime(text(form, field))])) as RoundInput['schedule'];
  // The office's form gives the notice's length in working days; its end is computed from the calendar.
  const noticeWorkingDays = form.has('noticeWorkingDays') ? Number(text(form, 'noticeWorkingDays') || Number.NaN) : undefined;
  return { kind: text(form, 'kind'), title: text(form, 'title'), picksPerAccount: Number(text(form, 'picksPerAccount')), flaggedVotesPolicy: text(form, 'flaggedVotesPolicy'), schedule, noticeWorkingDays };
}

/** Every text field of the round form as typed, for redisplay after a failure. */
const roundValues = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;

export const nominations = {
  submit: authorizedFormAction('nominations.create', async (form, user, context) => {
    const values = {
      nomineeName: text(form, 'nomineeName'),
      communityId: text(form, 'communityId'),
      category: text(form, 'category'),
      story: text(form, 'story'),
      nominatorContact: text(form, 'nominatorContact'),
      evidence: text(form, 'evidence'),
      removePhotos: ids(form, 'removePhotos').map(String),
    };
    const files = photoFiles(form);
    const input = { ...values, communityId: Number(values.communityId) };
    const editing = id(form, 'id');
    const db = await getDb();
    const photos = await readPhotos(files);
    const result = Number.isNaN(editing)
      ? await submitNomination(db, getStorage(), user, input, photos, submitterOf(context.locals))
      : await resubmitNomination(db, getStorage(), user, editing, input, photos, ids(form, 'removePhotos'));
    if (!result.ok) return { ...result, values, photoNames: files.map((file) => file.name) };
    return { ok: true as const, id: result.nomination.id };
  }),

  vote: authorizedFormAction('rounds.vote', inputs.voteForm, async (input, user, context) => {
    const nominees = input.nominees;
    const result = await castBallot(await getDb(), user, { roundId: input.roundId, nominationIds: nominees, ip: context.locals.clientIp });
    return result.ok ? { ok: true as const } : { ...result, values: { nominees } };
  }),

  object: formAction(inputs.objectionForm, async (input, context) => {
    const values = { nominationId: String(input.nominationId), name: input.name ?? '', contact: input.contact, reason: input.reason };
    const result = await fileObjection(await getDb(), context.locals.user, { ...values, roundId: input.roundId, nominationId: input.nominationId }, new Date(), submitterOf(context.locals));
    return result.ok ? { ok: true as const } : { ...result, values };
  }),

  requestInfo: authorizedFormAction('nominations.review', inputs.requestInfoForm, async (input, actor, context) =>
    requestInfo(await getDb(), actor, input.id, input.message, context.locals.requestId),
  ),

  accept: authorizedFormAction('nominations.review', inputs.acceptForm, async (input, actor, context) =>
    acceptNomination(await getDb(), actor, input.id, input.roundId, context.locals.requestId),
  ),

  reject: authorizedFormAction('nominations.review', inputs.rejectForm, async (input, actor, context) =>
    rejectNomination(await getDb(), actor, input.id, input.reason, context.locals.requestId),
  ),

  recordConsent: authorizedFormAction('nominations.review', inputs.nominationRef, async (input, actor, context, form) => {
    const values = { method: text(form, 'method'), obtainedBy: text(form, 'obtainedBy'), obtainedAt: text(form, 'obtainedAt') };
    const result = await recordConsent(await getDb(), getStorage(), actor, input.id, { ...values, obtainedAt: parseCityDateTime(values.obtainedAt) }, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),

  requestConsentLink: authorizedFormAction('nominations.review', inputs.consentLinkForm, async (input, actor, context) => {
    const result = await requestConsentByLink(await getDb(), actor, input.id, { phone: input.phone }, context.locals.requestId);
    return result.ok ? result : { ...result, values: { phone: input.phone } };
  }),

  editStory: authorizedFormAction('nominations.review', inputs.editStoryForm, async (input, actor, context) => {
    const values = { text: input.text, note: input.note ?? '' };
    const result = await editStory(await getDb(), actor, input.id, values, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),

  createRound: authorizedFormAction('rounds.manage', async (form, actor, context) => {
    const result = await createRound(await getDb(), actor, roundInput(form), context.locals.requestId);
    return result.ok ? result : { ...result, values: roundValues(form) };
  }),

  updateRound: authorizedFormAction('rounds.manage', inputs.roundRef, async (input, actor, context, form) => {
    const result = await updateRound(await getDb(), actor, input.roundId, roundInput(form), context.locals.requestId);
    return result.ok ? result : { ...result, values: roundValues(form) };
  }),

  closeStage: authorizedFormAction('rounds.manage', inputs.roundRef, async (input, actor, context) =>
    closeStageEarly(await getDb(), actor, input.roundId, context.locals.requestId),
  ),

  shortlist: authorizedFormAction('rounds.manage', inputs.shortlistForm, async (input, actor, context) =>
    shortlistCandidates(await getDb(), actor, input.roundId, input.nominees, context.locals.requestId),
  ),

  reviewBallot: authorizedFormAction('rounds.manage', inputs.reviewBallotForm, async (input, actor, context) => {
    return reviewBallot(await getDb(), actor, input.ballotId, { decision: input.decision, reason: input.reason ?? '' }, context.locals.requestId);
  }),

  resolveObjection: authorizedFormAction('rounds.manage', inputs.resolveObjectionForm, async (input, actor, context) =>
    resolveObjection(await getDb(), actor, input.objectionId, { outcome: input.outcome, note: input.note ?? '' }, context.locals.requestId),
  ),

  announce: authorizedFormAction('rounds.manage', inputs.announceForm, async (input, actor, context) =>
    announceRound(await getDb(), actor, input.roundId, input.body ?? '', context.locals.requestId),
  ),
};
