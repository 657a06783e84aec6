/** The hourly purge of photos kept across refused report forms (pending-photos.ts). */
import { defineJob, defineRecurring } from '../jobs';
import { logger } from '../log';
import { getStorage } from '../storage';
import { purgePendingPhotos } from './pending-photos';

export const purgePendingPhotosJob = defineJob('reports.pending-photos.purge', async (_payload: object, { db, now }) => {
  const purged = await purgePendingPhotos(db, getStorage(), now);
  if (purged > 0) logger.info('reports: kept form photos purged', { purged });
});
defineRecurring('reports.pending-photos.purge.hourly', purgePendingPhotosJob, { every: '1h' });
