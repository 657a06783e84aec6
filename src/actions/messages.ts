import { CHANNELS, type Channel } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { retryFailedJob } from '../lib/server/jobs';
import { MESSAGE_KINDS } from '../lib/server/messages/kinds';
import { followArea, unfollowArea } from '../lib/server/messages/follows';
import * as inputs from '../lib/server/messages/inputs';
import { setPreference } from '../lib/server/messages/preferences';
import { recordAudit } from '../lib/server/audit';
import { authorizedFormAction } from './form';

export const messages = {
  retryJob: authorizedFormAction('jobs.manage', inputs.retryJobForm, async (input, actor, context) => {
    const id = input.jobId;
    const db = await getDb();
    const retried = await retryFailedJob(db, id);
    if (retried) {
      await recordAudit(db, { actorId: actor.id, actorRole: actor.role, action: 'job.retry', targetType: 'job', targetId: id, summary: {}, requestId: context.locals.requestId });
    }
    return { retried };
  }),
  /** The whole preferences form: one checkbox per kind and outside channel ("<kind>/<channel>"). */
  savePreferences: authorizedFormAction('messages.preferences', inputs.preferencesForm, async (input, user) => {
    const db = await getDb();
    const checked = new Set(input.on ?? []);
    for (const kind of Object.keys(MESSAGE_KINDS)) {
      for (const channel of CHANNELS.filter((c): c is Exclude<Channel, 'wechat'> => c !== 'wechat')) {
        await setPreference(db, user.id, kind, channel, checked.has(`${kind}/${channel}`));
      }
    }
    return { saved: true };
  }),

  followArea: authorizedFormAction('messages.preferences', inputs.followAreaForm, async (input, user) => {
    const point = input.where === 'point';
    const parsed = inputs.followAreaInput.safeParse({
      areaId: point ? undefined : input.areaId,
      lat: point ? input.lat : undefined,
      lng: point ? input.lng : undefined,
      radius: point ? input.radius : undefined,
      categories: input.categories ?? [],
      digest: input.digest,
    });
    if (!parsed.success) return { ok: false as const, messageKey: 'messages.follow.error.target' };
    const result = await followArea(await getDb(), user.id, parsed.data);
    return result.ok ? { ok: true as const } : { ok: false as const, messageKey: 'messages.follow.error.tooMany' };
  }),
  unfollowArea: authorizedFormAction('messages.preferences', inputs.unfollowAreaForm, async (input, user) => ({ ok: await unfollowArea(await getDb(), user.id, input.followId) })),
};
