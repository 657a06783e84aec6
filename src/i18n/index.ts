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

/**
 * A message template split at its `{name}` placeholders: literal, name, literal, ..., literal
 * (`'{n} 天'` -> `['', 'n', ' 天']`), split once per template rather than by a regular expression
 * with a callback at every call (a staff queue asks for hundreds of messages a page).
 */
const compiledTemplates = new Map<string, string[]>();

function fill(template: string, params: Params): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (Object.hasOwn(params, name) ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/** One translate function per language, made once (not a closure per request). */
const translators = new Map<Locale, Translate>();

/** The messages of `locale` (zh-CN's where it has none); `{name}` in a message is replaced by `params.name`, kept as it is when not given. */
export function translator(locale: Locale): Translate {
  let translate = translators.get(locale);
  if (!translate) {
    const own = messages[locale];
    const fallback = messages[DEFAULT_LOCALE];
    translate = (key, params) => {
      const template = own[key] ?? fallback[key] ?? key;
      return params ? fill(template, params) : template;
    };
    translators.set(locale, translate);
  }
  return translate;
}
