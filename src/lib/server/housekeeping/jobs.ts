/** The purge of expired rows as a recurring job: the queue's schedule runs it once across instances. */
import { defineJob, defineRecurring } from '../jobs';
import { logger } from '../log';
import { purgeExpiredRows } from './purge';

export const purgeExpiredRowsJob = defineJob('housekeeping.purge-expired', async (_payload: object, { db, now }) => {
  const deleted = await purgeExpiredRows(db, now);
  if (Object.values(deleted).some((n) => n > 0)) logger.info('housekeeping: expired rows purged', { deleted });
});
defineRecurring('housekeeping.purge-expired.hourly', purgeExpiredRowsJob, { every: '1h' });
