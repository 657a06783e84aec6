/**
 * Input schemas of the nominations domain (good-people nominations, review, rounds, ballots). The
 * commands check the domain's own rules (story length in characters, schedules, picks); these bound
 * what reaches them.
 */
import { id, object, oneOf, optionalText, text, z } from '../http/schema';
import { CONTACT_MAX, MESSAGE_MAX, STORY_MAX } from './shared';

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
