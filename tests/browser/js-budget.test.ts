/**
 * JavaScript budgets (issue 18), read from what the served pages ask for: pages without a map or an island
 * send none; a map page sends at most 60 KB of compressed JavaScript in all (its islands, Svelte,
 * Leaflet, and everything they import, statically or not); Leaflet comes only with a map.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { baseUrl } from './support';
import { ROOT } from './support/server';

const CLIENT_DIR = path.join(ROOT, 'dist', 'client');
const BUDGET_BYTES = 60 * 1024;

async function html(target: string): Promise<string> {
  const response = await fetch(new URL(target, baseUrl()));
  expect(response.status, target).toBe(200);
  return response.text();
}

/** The scripts a page loads: its islands' components and renderers, and its script tags. */
function entryScripts(page: string): string[] {
  const urls = new Set<string>();
  for (const match of page.matchAll(/(?:component-url|renderer-url|before-hydration-url)="([^"]+)"|<script[^>]*\ssrc="([^"]+)"/g)) {
    const url = match[1] ?? match[2];
    if (url) urls.add(url.replace(/&#x2F;/g, '/'));
  }
  return [...urls];
}

/** Every build file those scripts import, directly or not, statically or on demand. */
function closure(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const file = path.join(CLIENT_DIR, url);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      visit(path.posix.join(path.posix.dirname(url), match[1]!));
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

/** Brotli size as served: the build's precompressed copy, or the file itself when too small to have one. */
function servedBytes(url: string): number {
  const file = path.join(CLIENT_DIR, url);
  if (existsSync(file + '.br')) return readFileSync(file + '.br').length;
  return Math.min(readFileSync(file).length, brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
}

describe('JavaScript budgets', () => {
  it('sends no JavaScript on pages without a map or an island', async () => {
    for (const target of ['/', '/good-people', '/quiz', '/quiz/rates', '/reports/league', '/login', '/register', '/privacy']) {
      const page = await html(target);
      expect(page, target).not.toContain('<script');
      expect(page, target).not.toContain('<astro-island');
    }
  });

  it('keeps each map page under 60 KB of compressed JavaScript, Leaflet included', async () => {
    const list = await html('/reports');
    const reportId = /href="\/reports\/(\d+)"/.exec(list)?.[1];
    expect(reportId).toBeTruthy();
    for (const target of ['/reports', '/volunteer', `/reports/${reportId}`]) {
      const files = closure(entryScripts(await html(target)));
      // The list pages always show their map; a report's page shows one when it has a point.
      if (!target.startsWith('/reports/')) expect(files.some((file) => /leaflet/i.test(file)), `${target} loads Leaflet (${files.join(", ")})`).toBe(true);
      const total = files.reduce((sum, file) => sum + servedBytes(file), 0);
      expect(total, `${target}: ${files.join(', ')}`).toBeLessThanOrEqual(BUDGET_BYTES);
    }
  });

  it('loads Leaflet only with a map: an island without one does not bring it', async () => {
    const rounds = await html('/good-people');
    const roundId = /href="\/good-people\/rounds\/(\d+)"/.exec(rounds)?.[1];
    expect(roundId).toBeTruthy();
    const files = closure(entryScripts(await html(`/good-people/rounds/${roundId}`)));
    expect(files.some((file) => /leaflet/i.test(file))).toBe(false);
  });
});
