/**
 * The server build carries our two transforms of Astro's output (astro.config.mjs): page modules
 * imported once per process, and CSP digests remembered. Should a new Astro rename what they
 * match, they would silently do nothing; this says so instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ROOT } from '../browser/support/server';

const CHUNKS = path.join(ROOT, 'dist', 'server', 'chunks');

describe('the server build', () => {
  let code: string;

  beforeAll(async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    code = readdirSync(CHUNKS)
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(path.join(CHUNKS, name), 'utf8'))
      .join('\n');
  }, 240_000);

  it('imports page modules through the memo, and no chunk of its own directly', () => {
    expect(code).toContain('__importOnce("./');
    expect(code).not.toMatch(/[^.\w]import\("\.{1,2}\//);
  });

  it('remembers CSP digests', () => {
    expect(code).toContain('async function __generateCspDigestUncached(');
    expect(code).toMatch(/\nfunction generateCspDigest\(data, algorithm\) \{\s*const key/);
  });
});
