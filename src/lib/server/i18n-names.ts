import type { AnyColumn } from 'drizzle-orm';
import type { Locale } from '../../i18n';

/** The name of a record with Chinese and English names, in the request's language. */
export function localName(record: { nameZh: string; nameEn: string } | null | undefined, locale: Locale): string {
  if (!record) return '';
  return locale === 'en' ? record.nameEn : record.nameZh;
}

/** A named record's id and both its names, as nested select columns: `department: idAndNames(departments)`. */
export function idAndNames<T extends { id: AnyColumn; nameZh: AnyColumn; nameEn: AnyColumn }>(table: T): Pick<T, 'id' | 'nameZh' | 'nameEn'> {
  return { id: table.id, nameZh: table.nameZh, nameEn: table.nameEn };
}
