/** Input schemas of the quizzes domain. */
import { AGE_BANDS, GENDERS } from '../../../../db/schema';
import { checkbox, id, object, oneOf, optional } from '../http/schema';

/** Starting an attempt: practice or counted, and who answers (for the weighted rates). */
export const startAttemptInput = object({
  practice: checkbox().optional(),
  communityId: optional(id()),
  ageBand: optional(oneOf(AGE_BANDS)),
  gender: optional(oneOf(GENDERS)),
});
