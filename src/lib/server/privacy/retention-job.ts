/**
 * The retention sweep as a job of the durable queue, nightly at 04:10 city time, once across all
 * instances (the scheduler's row decides who enqueues). runRetention is idempotent, so a rerun after
 * a crash removes nothing twice.
 */
import { defineJob, defineRecurring } from '../jobs';
import { logger } from '../log';
import { getStorage } from '../storage';
import { runRetention } from './retention';

export const retentionJob = defineJob('privacy.retention', async (_payload: object, { db, now }) => {
  const removed = await runRetention(db, now, { storage: getStorage() });
  logger.info('retention', { ...removed });
});

defineRecurring('privacy.retention.nightly', retentionJob, { dailyAt: '04:10' });
