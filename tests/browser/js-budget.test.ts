/**
 * JavaScript budgets (issue 18), read from what the served pages ask for: pages without a map or an island
 * send none; a map page sends at most 60 KB of compressed JavaScript in all (its islands, Svelte,
 * Leaflet, and everything they import, statically or not); Leaflet comes only with a map.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, logIn, newPage } from './support';
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
    // Vite writes dynamic imports with backticks: import(`./leaflet-src.js`).
    for (const match of code.matchAll(/(?:from\s*|import\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
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

  /**
   * Everything a map page may load counts, whatever the tile preset and however it is used: Leaflet,
   * the GCJ-02 conversion (高德 tiles only), the place search (once the box is used) and the photo's
   * GPS reader (the report form, once a photo is chosen).
   */
  it('keeps each map page under 60 KB of compressed JavaScript, Leaflet and everything loaded on demand included', async () => {
    const list = await html('/reports');
    const reportId = /href="\/reports\/(\d+)"/.exec(list)?.[1];
    expect(reportId).toBeTruthy();
    const pages: [string, string][] = [
      ['/reports', list],
      ['/volunteer', await html('/volunteer')],
      [`/reports/${reportId}`, await html(`/reports/${reportId}`)],
    ];
    // Pages behind a login: the report form (a resident's) and the staff maps (an admin's).
    const browser = await launchBrowser();
    try {
      for (const [login, targets] of [
        ['resident', ['/reports/new']],
        ['admin', ['/staff/overview', '/readiness', '/staff/metrics']],
      ] as const) {
        const page = await newPage(browser);
        await logIn(page, login);
        for (const target of targets) {
          const response = await page.request.get(target);
          expect(response.status(), target).toBe(200);
          pages.push([target, await response.text()]);
        }
        await page.context().close();
      }
    } finally {
      await browser.close();
    }
    for (const [target, page] of pages) {
      const files = closure(entryScripts(page));
      // Every one of these pages shows a map (a report's page: when it has a point, as the demo's have).
      expect(
        files.some((file) => /leaflet-src/i.test(file)),
        `${target} loads Leaflet (${files.join(', ')})`,
      ).toBe(true);
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
