/** Input schemas of updates, flags and points: the forms and /api/v1 parse with these. */
import { FLAG_REASONS, FLAG_TARGETS, POINT_EVENTS, UPDATE_MARKS } from '../../../../db/schema';
import { bigId, checkbox, id, int, object, oneOf, optional, optionalText, text, z } from '../http/schema';

export const UPDATE_TEXT_MAX = 500;
export const REASON_MAX = 300;

const mark = () => optional(oneOf(UPDATE_MARKS));

/** The API's JSON update. */
export const addUpdateInput = object({ text: text(UPDATE_TEXT_MAX), mark: mark() });

/** The API's multipart update (a photo beside the text). */
export const addUpdateMultipart = object({
  text: text(UPDATE_TEXT_MAX),
  mark: mark(),
  photo: z.instanceof(File).optional().meta({ type: 'string', format: 'binary' }),
});

/** The report page's form. */
export const addUpdateForm = object({ reportId: id(), text: text(UPDATE_TEXT_MAX), mark: mark() });

export const moderateUpdateForm = object({ updateId: id(), decision: oneOf(['approve', 'hide']), reason: optionalText(REASON_MAX) });
export const markHandledForm = object({ updateId: id() });

export const flagInput = object({ targetType: oneOf(FLAG_TARGETS), targetId: id(), reason: oneOf(FLAG_REASONS) });
export const reviewForm = object({ targetType: oneOf(FLAG_TARGETS), targetId: id(), decision: oneOf(['restore', 'remove']), reason: text(REASON_MAX) });
export const appealForm = object({ targetType: oneOf(FLAG_TARGETS), targetId: id(), note: optionalText(REASON_MAX) });

export const pointRuleForm = object({ event: oneOf(POINT_EVENTS), points: int(0, 1000), active: checkbox() });
export const revokeAwardForm = object({ awardId: bigId(), reason: text(REASON_MAX) });
export const releaseAwardForm = object({ awardId: bigId() });
export const leaderboardNameForm = object({ leaderboardName: optionalText(20), show: checkbox() });
export const leaderboardQuery = object({ month: optional(z.string().regex(/^\d{4}-\d{2}$/, { error: 'input.invalid' })), community: optional(id()) });
