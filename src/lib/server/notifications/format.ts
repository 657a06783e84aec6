/** How notice params are shown; shared by the in-app list and the outside channels. */
import { cityFormat } from '../time';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The convention for times in notices, for every domain: a param whose name ends in `At` and holds an
 * ISO timestamp is stored as such and shown when read, in the reader's language and China time
 * ("11月30日 周一 08:00", "Mon, Nov 30, 08:00"). Other params pass through unchanged.
 */
export function formatNoticeParams(params: Record<string, string | number> | null | undefined, locale: string): Record<string, string | number> {
  const format = cityFormat(locale, { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return Object.fromEntries(
    Object.entries(params ?? {}).map(([name, value]) => [
      name,
      name.endsWith('At') && typeof value === 'string' && ISO_TIMESTAMP.test(value) ? format.format(new Date(value)) : value,
    ]),
  );
}
