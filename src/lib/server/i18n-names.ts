import type { Locale } from '../../i18n';

/** The name of a record with Chinese and English names, in the request's language. */
export function localName(record: { nameZh: string; nameEn: string } | null | undefined, locale: Locale): string {
  if (!record) return '';
  return locale === 'en' ? record.nameEn : record.nameZh;
}
