/**
 * UI strings: one flat JSON object of dotted keys per domain and language (src/i18n/<locale>/<domain>.json),
 * merged here. zh-CN is the primary language and the fallback for any missing English key.
 */
import { DEFAULT_LOCALE, type Locale } from './negotiate';

export { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES, negotiateLocale, type Locale } from './negotiate';

type Messages = Record<string, string>;

const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });

export const messages: Record<Locale, Messages> = { 'zh-CN': {}, en: {} };
for (const [file, content] of Object.entries(files)) {
  const locale = file.split('/')[1] as Locale;
  if (locale in messages) Object.assign(messages[locale], content);
}

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export function translator(locale: Locale): Translate {
  const own = messages[locale];
  const fallback = messages[DEFAULT_LOCALE];
  return (key, params) => {
    const template = own[key] ?? fallback[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}
