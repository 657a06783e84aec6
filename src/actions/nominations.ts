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
  type RoundInput,
} from '../lib/server/nominations';
import type { z } from '../lib/server/http/schema';
import { nominationFormPhotos, nominationOf } from '../lib/server/nominations/http';
import { getStorage } from '../lib/server/storage';
import * as inputs from '../lib/server/nominations/inputs';
import { authorizedFormAction, formAction } from './form';
import { submitterOf } from '../lib/server/limits';

type RoundForm = z.output<typeof inputs.roundForm>;

/** The round command's input from the parsed form: the schedule in city time, the notice in working days. */
function roundInput(input: RoundForm, form: FormData): RoundInput {
  const schedule = Object.fromEntries(SCHEDULE_FIELDS.map((field) => [field, input[field] ? parseCityDateTime(input[field]) : null])) as RoundInput['schedule'];
  // The office's form gives the notice's length in working days; its end is computed from the calendar.
  const noticeWorkingDays = form.has('noticeWorkingDays') ? (input.noticeWorkingDays ?? Number.NaN) : undefined;
  return {
    kind: input.kind ?? '',
    title: input.title ?? '',
    picksPerAccount: input.picksPerAccount ?? Number.NaN,
    flaggedVotesPolicy: input.flaggedVotesPolicy ?? '',
    schedule,
    noticeWorkingDays,
  };
}

/** Every text field of the round form as typed, for redisplay after a failure. */
const roundValues = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;

export const nominations = {
  submit: authorizedFormAction('nominations.create', inputs.nominationForm, async (input, user, context, form) => {
    const files = form.getAll('photos').filter((value): value is File => value instanceof File && value.size > 0);
    const db = await getDb();
    const photos = await nominationFormPhotos(form);
    const removePhotos = input.removePhotos ?? [];
    const result =
      input.id === undefined
        ? await submitNomination(db, getStorage(), user, nominationOf(input), photos, submitterOf(context.locals))
        : await resubmitNomination(db, getStorage(), user, input.id, nominationOf(input), photos, removePhotos);
    if (!result.ok) {
      const text = (name: string) => String(form.get(name) ?? '');
      const values = {
        nomineeName: text('nomineeName'),
        communityId: text('communityId'),
        category: text('category'),
        story: text('story'),
        nominatorContact: text('nominatorContact'),
        evidence: text('evidence'),
        removePhotos: removePhotos.map(String),
      };
      return { ...result, values, photoNames: files.map((file) => file.name) };
    }
    return { ok: true as const, id: result.nomination.id };
  }),

  vote: authorizedFormAction('rounds.vote', inputs.voteForm, async (input, user, context) => {
    const nominees = input.nominees;
    const result = await castBallot(await getDb(), user, { roundId: input.roundId, nominationIds: nominees, ip: context.locals.clientIp });
    return result.ok ? { ok: true as const } : { ...result, values: { nominees } };
  }),

  object: formAction(inputs.objectionForm, async (input, context) => {
    const values = { nominationId: String(input.nominationId), name: input.name ?? '', contact: input.contact, reason: input.reason };
    const result = await fileObjection(
      await getDb(),
      context.locals.user,
      { ...values, roundId: input.roundId, nominationId: input.nominationId },
      new Date(),
      submitterOf(context.locals),
    );
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

  recordConsent: authorizedFormAction('nominations.review', inputs.consentForm, async (input, actor, context) => {
    const values = { method: input.method ?? '', obtainedBy: input.obtainedBy ?? '', obtainedAt: input.obtainedAt ?? '' };
    const result = await recordConsent(
      await getDb(),
      getStorage(),
      actor,
      input.id,
      { ...values, obtainedAt: input.obtainedAt ? parseCityDateTime(input.obtainedAt) : null },
      context.locals.requestId,
    );
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

  createRound: authorizedFormAction('rounds.manage', inputs.roundForm, async (input, actor, context, form) => {
    const result = await createRound(await getDb(), actor, roundInput(input, form), context.locals.requestId);
    return result.ok ? result : { ...result, values: roundValues(form) };
  }),

  updateRound: authorizedFormAction('rounds.manage', inputs.updateRoundForm, async (input, actor, context, form) => {
    const result = await updateRound(await getDb(), actor, input.roundId, roundInput(input, form), context.locals.requestId);
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
