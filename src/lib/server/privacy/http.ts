/** The export as a downloaded file, shared by the API route and the account page's download. */
import type { Db } from '../../../../db/client';
import { cityDay } from '../time';
import { exportPersonalData } from './export';

export async function exportDownload(db: Db, userId: number, options: { revealIdNumber?: boolean; now?: Date } = {}): Promise<Response | null> {
  const now = options.now ?? new Date();
  const data = await exportPersonalData(db, userId, { ...options, now });
  if (!data) return null;
  const day = cityDay(now);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="wenming-my-data-${day}.json"`,
      'cache-control': 'no-store',
    },
  });
}
