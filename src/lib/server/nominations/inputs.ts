/**
 * Input schemas of the nominations domain (good-people nominations, review, rounds, ballots). The
 * commands check the domain's own rules (story length in characters, schedules, picks); these bound
 * what reaches them.
 */
import { id, int, localDateTime, object, oneOf, optional, optionalText, text, z } from '../http/schema';
import { CONTACT_MAX, EVIDENCE_MAX, MESSAGE_MAX, NOMINEE_NAME_MAX, PHOTOS_MAX, STORY_MAX } from './shared';

const ids = (max: number) => z.array(id()).max(max, { error: 'input.tooMany' });

export const nominationRef = object({ id: id() });
export const requestInfoForm = object({ id: id(), message: text(MESSAGE_MAX) });
export const acceptForm = object({ id: id(), roundId: id() });
export const rejectForm = object({ id: id(), reason: text(MESSAGE_MAX) });
export const consentLinkForm = object({ id: id(), phone: text(20) });
export const editStoryForm = object({ id: id(), text: text(STORY_MAX), note: optionalText(MESSAGE_MAX) });
export const roundRef = object({ roundId: id() });
export const shortlistForm = object({ roundId: id(), nominees: ids(500) });
export const reviewBallotForm = object({ ballotId: id(), decision: oneOf(['keep', 'discount']), reason: optionalText(MESSAGE_MAX) });
export const resolveObjectionForm = object({ objectionId: id(), outcome: oneOf(['upheld', 'dismissed']), note: optionalText(MESSAGE_MAX) });
export const announceForm = object({ roundId: id(), body: optionalText(STORY_MAX) });
export const voteForm = object({ roundId: id(), nominees: ids(100) });
export const objectionForm = object({ roundId: id(), nominationId: id(), name: optionalText(CONTACT_MAX), contact: text(CONTACT_MAX), reason: text(MESSAGE_MAX) });

/** The ballot of the API: the nominations picked. */
export const ballotInput = object({ nominees: ids(100).min(1, { error: 'nominations.vote.none' }) });

/**
 * A nomination (the form, and the API as JSON or multipart). Bounds only, twice the domain's: the
 * command gives its own messages for a name, story or contact left empty or too long, and for a
 * community that is not one.
 */
export const nominationInput = object({
  nomineeName: optionalText(NOMINEE_NAME_MAX * 2),
  communityId: optional(id()),
  category: optionalText(40),
  story: optionalText(STORY_MAX * 2),
  nominatorContact: optionalText(CONTACT_MAX * 2),
  evidence: optionalText(EVIDENCE_MAX * 2),
});

/** The API's multipart nomination: the same fields and up to six photos. */
export const nominationMultipart = object({
  ...nominationInput.shape,
  photos: z
    .array(z.instanceof(File))
    .max(PHOTOS_MAX, { error: 'input.tooMany' })
    .optional()
    .meta({ type: 'array', items: { type: 'string', format: 'binary' }, maxItems: PHOTOS_MAX, description: `Up to ${PHOTOS_MAX} photos` }),
});

/** The nominator's form: a new nomination, or (with `id`) one sent back for more information, some photos removed. */
export const nominationForm = object({ ...nominationInput.shape, id: optional(id()), removePhotos: ids(20).optional() });

/** A round's form: the schedule as datetime-local values in city time; the notice's length in working days. */
export const roundForm = object({
  kind: optionalText(40),
  title: optionalText(200),
  picksPerAccount: optional(int(0, 1000)),
  flaggedVotesPolicy: optionalText(20),
  nominationOpensAt: optional(localDateTime()),
  reviewOpensAt: optional(localDateTime()),
  votingOpensAt: optional(localDateTime()),
  votingClosesAt: optional(localDateTime()),
  noticeOpensAt: optional(localDateTime()),
  noticeClosesAt: optional(localDateTime()),
  noticeWorkingDays: optional(int(0, 1000)),
});
export const updateRoundForm = object({ roundId: id(), ...roundForm.shape });

/** The consent the office recorded (how, by whom, when: the command checks each). */
export const consentForm = object({ id: id(), method: optionalText(40), obtainedBy: optionalText(CONTACT_MAX * 2), obtainedAt: optional(localDateTime()) });
