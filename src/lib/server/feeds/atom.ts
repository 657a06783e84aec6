/**
 * Atom 1.0 (RFC 4287) documents: a feed with stable ids (tag: URIs that never change with the host),
 * `updated` from the newest entry, and the conditional-request answer (ETag / If-None-Match).
 */
import { createHash } from 'node:crypto';
import { xmlText } from '../output';

export interface AtomEntry {
  /** Stable, e.g. "tag:wenming,2026:report/12". */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  link: string;
  summary?: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The feed's own address (rel=self) and the page it mirrors (rel=alternate). */
  self: string;
  alternate: string;
  author: string;
  entries: AtomEntry[];
  /** When the feed has no entries. */
  fallbackUpdated: Date;
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
export function xml(text: string): string {
  return xmlText(text);
}

export const TAG_AUTHORITY = 'tag:wenming.city,2026:';

export function renderAtom(feed: AtomFeed): string {
  const updated = feed.entries.reduce((newest, entry) => (entry.updated > newest ? entry.updated : newest), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title>${xml(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xml(feed.subtitle)}</subtitle>`] : []),
    `  <updated>${(feed.entries.length ? updated : feed.fallbackUpdated).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.alternate)}"/>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
    `  <generator>Wenming</generator>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${xml(entry.id)}</id>`,
      `    <title>${xml(entry.title)}</title>`,
      `    <updated>${entry.updated.toISOString()}</updated>`,
      ...(entry.published ? [`    <published>${entry.published.toISOString()}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${xml(entry.link)}"/>`,
      ...(entry.categories ?? []).map((term) => `    <category term="${xml(term)}"/>`),
      ...(entry.summary ? [`    <summary type="text">${xml(entry.summary)}</summary>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** The response for a feed body: 304 when the client already has it. */
export function atomResponse(request: Request, body: string): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'Content-Type': 'application/atom+xml; charset=utf-8', ETag: etag, 'Cache-Control': 'public, max-age=60' };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}
