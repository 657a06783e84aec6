/** Form actions of updates, flags and points (issue 21); each is its command, parsed with the domain's schema. */
import { addUpdate, appealHide, flagItem, handleMark, moderateUpdate, releaseAward, reviewItem, revokeAward, saveRule, setLeaderboardName } from '../lib/server/community';
import * as inputs from '../lib/server/community/inputs';
import { getDb } from '../lib/server/db';
import { formPhotos } from '../lib/server/reports/http';
import { getStorage } from '../lib/server/storage';
import { authorizedFormAction } from './form';

export const community = {
  addUpdate: authorizedFormAction('update.add', inputs.addUpdateForm, async (input, user, _context, form) => {
    const [photo] = await formPhotos(form, 'photo');
    const result = await addUpdate(await getDb(), getStorage(), user, input.reportId, { text: input.text, mark: input.mark, photo: photo ?? null });
    return result.ok ? { ok: true as const, status: result.update.status } : { ...result, values: { text: input.text, mark: input.mark ?? '' } };
  }),

  moderateUpdate: authorizedFormAction('community.moderate', inputs.moderateUpdateForm, async (input, user, context) =>
    moderateUpdate(await getDb(), user, input.updateId, input.decision, input.reason, context.locals.requestId),
  ),

  handleMark: authorizedFormAction('community.moderate', inputs.markHandledForm, async (input, user, context) =>
    handleMark(await getDb(), user, input.updateId, context.locals.requestId),
  ),

  flag: authorizedFormAction('flag.add', inputs.flagInput, async (input, user) => {
    const result = await flagItem(await getDb(), user, input);
    return result.ok ? { ok: true as const, hidden: result.hidden, targetType: input.targetType } : result;
  }),

  review: authorizedFormAction('community.moderate', inputs.reviewForm, async (input, user, context) => reviewItem(await getDb(), user, input, context.locals.requestId)),

  appeal: authorizedFormAction('flag.add', inputs.appealForm, async (input, user) => appealHide(await getDb(), user, input)),

  saveRule: authorizedFormAction('points.configure', inputs.pointRuleForm, async (input, user, context) => saveRule(await getDb(), user, input, context.locals.requestId)),

  revokeAward: authorizedFormAction('points.manage', inputs.revokeAwardForm, async (input, user, context) =>
    revokeAward(await getDb(), user, input.awardId, input.reason, context.locals.requestId),
  ),

  releaseAward: authorizedFormAction('points.manage', inputs.releaseAwardForm, async (input, user, context) =>
    releaseAward(await getDb(), user, input.awardId, context.locals.requestId),
  ),

  leaderboardName: authorizedFormAction('points.own', inputs.leaderboardNameForm, async (input, user) => {
    await setLeaderboardName(await getDb(), user.id, input.show && input.leaderboardName ? input.leaderboardName : null);
    return { ok: true as const };
  }),
};
