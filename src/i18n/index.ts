/**
 * UI strings: one flat JSON object of dotted keys per domain and language (src/i18n/<locale>/<domain>.json),
 * merged here. zh-CN is the primary language and the fallback for any missing English key.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'lang';

type Messages = Record<string, string>;

const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });

export const messages: Record<Locale, Messages> = { 'zh-CN': {}, en: {} };
for (const [file, content] of Object.entries(files)) {
  const locale = file.split('/')[1] as Locale;
  if (locale in messages) Object.assign(messages[locale], content);
}

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function translator(locale: Locale): Translate {
  const own = messages[locale];
  const fallback = messages[DEFAULT_LOCALE];
  return (key, params) => {
    const template = own[key] ?? fallback[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

/** The language a request asked for: the remembered cookie, else the browser's first supported language. */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
