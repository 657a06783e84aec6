/**
 * What a place search matches: names and aliases lower-cased, plus their pinyin in full and as
 * initials (解放西路 → jiefangxilu, jfxl), so that residents can type either.
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
/** Separates the terms of a key; never part of a normalized query. */
export const TERM_SEPARATOR = '|';

export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replaceAll(TERM_SEPARATOR, ' ').trim();
}

function pinyinTerms(name: string): string[] {
  if (!HAN.test(name)) return [];
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  if (syllables.length === 0) return [];
  return [syllables.join(''), syllables.map((s) => s[0] ?? '').join('')];
}

const memo = new Map<string, string>();

/** The search key of a place with these names (first the main names, then aliases). */
export function searchKey(names: readonly string[]): string {
  const cacheKey = names.join('\u0000');
  const hit = memo.get(cacheKey);
  if (hit !== undefined) return hit;
  const terms = new Set<string>();
  for (const name of names) {
    const normal = normalizeQuery(name);
    if (!normal) continue;
    terms.add(normal);
    if (normal.includes(' ')) terms.add(normal.replaceAll(' ', ''));
    for (const term of pinyinTerms(name)) terms.add(term);
  }
  const key = [...terms].join(TERM_SEPARATOR);
  if (memo.size > 5000) memo.clear();
  memo.set(cacheKey, key);
  return key;
}
