import { CHANNELS, type Channel } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { positiveId } from '../lib/server/http/input';
import { retryFailedJob } from '../lib/server/jobs';
import { MESSAGE_KINDS } from '../lib/server/messages/kinds';
import { followArea, unfollowArea } from '../lib/server/messages/follows';
import { followAreaInput } from '../lib/server/messages/inputs';
import { setPreference } from '../lib/server/messages/preferences';
import { recordAudit } from '../lib/server/audit';
import { authorizedFormAction } from './form';

export const messages = {
  retryJob: authorizedFormAction('jobs.manage', async (form, actor, context) => {
    const id = positiveId(form.get('jobId'));
    const db = await getDb();
    const retried = id !== null && (await retryFailedJob(db, id));
    if (retried) {
      await recordAudit(db, { actorId: actor.id, actorRole: actor.role, action: 'job.retry', targetType: 'job', targetId: id, summary: {}, requestId: context.locals.requestId });
    }
    return { retried };
  }),
  /** The whole preferences form: one checkbox per kind and outside channel ("<kind>/<channel>"). */
  savePreferences: authorizedFormAction('messages.preferences', async (form, user) => {
    const db = await getDb();
    const checked = new Set(form.getAll('on').map(String));
    for (const kind of Object.keys(MESSAGE_KINDS)) {
      for (const channel of CHANNELS.filter((c): c is Exclude<Channel, 'wechat'> => c !== 'wechat')) {
        await setPreference(db, user.id, kind, channel, checked.has(`${kind}/${channel}`));
      }
    }
    return { saved: true };
  }),

  followArea: authorizedFormAction('messages.preferences', async (form, user) => {
    const where = String(form.get('where') ?? 'area');
    const parsed = followAreaInput.safeParse({
      areaId: where === 'area' ? form.get('areaId') : undefined,
      lat: where === 'point' ? form.get('lat') : undefined,
      lng: where === 'point' ? form.get('lng') : undefined,
      radius: where === 'point' ? form.get('radius') : undefined,
      categories: form.getAll('categories').map(String).filter(Boolean),
      digest: form.get('digest') === 'on',
    });
    if (!parsed.success) return { ok: false as const, messageKey: 'messages.follow.error.target' };
    const result = await followArea(await getDb(), user.id, parsed.data);
    return result.ok ? { ok: true as const } : { ok: false as const, messageKey: 'messages.follow.error.tooMany' };
  }),
  unfollowArea: authorizedFormAction('messages.preferences', async (form, user) => {
    const id = positiveId(form.get('followId'));
    return { ok: id !== null && (await unfollowArea(await getDb(), user.id, id)) };
  }),
};
