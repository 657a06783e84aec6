// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import { fileURLToPath } from 'node:url';

/**
 * Astro loads a page's module with `import("./chunk.mjs")` on every request, and Node resolves the
 * specifier again on each call (about a tenth of a report page's CPU). In the server build, dynamic
 * imports of the build's own chunks go through a memo, so each runs once per process (a failed one
 * is tried again). The memo lives in the importing chunk, so specifiers resolve as before.
 */
function importOnce() {
  const helper =
    'const __imported = new Map();\n' +
    'const __importOnce = (specifier) => { let loading = __imported.get(specifier); if (!loading) { loading = import(specifier).catch((error) => { __imported.delete(specifier); throw error; }); __imported.set(specifier, loading); } return loading; };\n';
  return {
    name: 'wenming:import-once',
    apply: /** @type {const} */ ('build'),
    /** @param {string} code */
    renderChunk(code) {
      // @ts-expect-error: Vite sets this.environment during the build.
      if (this.environment?.name !== 'ssr' || (!code.includes('import("./') && !code.includes('import("../'))) return null;
      return { code: helper + code.replace(/\bimport\(("\.{1,2}\/[^"]+")\)/g, '__importOnce($1)'), map: null };
    },
  };
}

/**
 * Astro's CSP hashes every stylesheet of a page on every request with WebCrypto (a thread-pool job
 * each, ~12% of a report page's CPU), although the inputs are the build's own styles (and, for
 * linked ones, the empty string). In the server build its digest function remembers its answers;
 * the inputs come from the build, so the memo stays small (and is emptied should it ever grow).
 */
function cspDigestOnce() {
  const name = 'async function generateCspDigest(';
  const memo =
    '\nconst __cspDigests = new Map();\n' +
    'function generateCspDigest(data, algorithm) { const key = `${algorithm}:${data}`; let digest = __cspDigests.get(key); if (!digest) { if (__cspDigests.size >= 1000) __cspDigests.clear(); digest = __generateCspDigestUncached(data, algorithm); __cspDigests.set(key, digest); } return digest; }\n';
  return {
    name: 'wenming:csp-digest-once',
    apply: /** @type {const} */ ('build'),
    /** @param {string} code */
    renderChunk(code) {
      // @ts-expect-error: Vite sets this.environment during the build.
      if (this.environment?.name !== 'ssr' || !code.includes(name)) return null;
      return { code: code.replace(name, 'async function __generateCspDigestUncached(') + memo, map: null };
    },
  };
}

/**
 * Astro's build manifest lists a CSP hash once per page that uses a stylesheet (347 entries for 32
 * distinct styles here), and every request copies the list and builds its header from it (about a
 * tenth of a small page's CPU). After the build, the server's manifest keeps each hash once: the
 * header says the same, from a tenth of the work. (Astro writes the manifest into its chunk after
 * the chunk hooks, so this edits the built file.)
 */
function cspHashesOnce() {
  /** @type {URL | undefined} */
  let serverDir;
  return {
    name: 'wenming:csp-hashes-once',
    hooks: {
      /** @param {{ config: import('astro').AstroConfig }} options */
      'astro:config:done': ({ config }) => {
        serverDir = config.build.server;
      },
      /** @param {{ logger: import('astro').AstroIntegrationLogger }} options */
      'astro:build:done': async ({ logger }) => {
        if (!serverDir) return;
        const { readdir, readFile, writeFile } = await import('node:fs/promises');
        const path = await import('node:path');
        const root = fileURLToPath(serverDir);
        const call = /deserializeManifest\((\{.*\})\);/;
        for (const name of await readdir(root, { recursive: true })) {
          if (!name.endsWith('.mjs')) continue;
          const file = path.join(root, name);
          const code = await readFile(file, 'utf8');
          const match = code.includes('deserializeManifest({') ? call.exec(code) : null;
          if (!match?.[1]) continue;
          const manifest = JSON.parse(match[1]);
          const csp = manifest.csp;
          if (!csp) continue;
          const before = csp.styleDirective?.hashes?.length ?? 0;
          const once = (/** @type {unknown} */ list) => (Array.isArray(list) ? [...new Set(list)] : list);
          for (const key of ['scriptHashes', 'styleHashes']) csp[key] = once(csp[key]);
          for (const key of ['scriptDirective', 'styleDirective']) if (csp[key]) csp[key].hashes = once(csp[key].hashes);
          await writeFile(file, code.slice(0, match.index) + 'deserializeManifest(' + JSON.stringify(manifest) + ');' + code.slice(match.index + match[0].length));
          logger.info(`CSP style hashes in ${name}: ${before} -> ${csp.styleDirective?.hashes?.length ?? 0}`);
        }
      },
    },
  };
}

/**
 * After a build, every text file of dist/client over a kilobyte gets brotli (quality 11) and gzip
 * copies beside it (`.br`, `.gz`), which the launcher sends to clients that take them: the
 * compression costs nothing per request.
 */
function precompress() {
  return {
    name: 'wenming:precompress',
    hooks: {
      /** @param {{ dir: URL, logger: import('astro').AstroIntegrationLogger }} options */
      'astro:build:done': async ({ dir, logger }) => {
        const { precompressDirectory } = await import('./src/lib/server/http/compress.ts');
        const totals = await precompressDirectory(fileURLToPath(dir));
        logger.info(`${totals.files} compressed copies of the static files (brotli: ${totals.bytes} -> ${totals.brotliBytes} bytes)`);
      },
    },
  };
}

/**
 * @astrojs/node in middleware mode, with our server entry (src/server/entry.ts) in place of its own:
 * it re-exports the adapter's handler and adds the launcher and the app's shutdown hook, so the
 * launcher is built with the app and shares its modules (settings, logger, database).
 * @param {Parameters<typeof node>[0]} options
 */
function nodeWithOurEntry(options) {
  const integration = node(options);
  const configDone = integration.hooks['astro:config:done'];
  integration.hooks['astro:config:done'] = (params) =>
    configDone?.({
      ...params,
      setAdapter: (adapter) => params.setAdapter({ ...adapter, serverEntrypoint: new URL('./src/server/entry.ts', import.meta.url) }),
    });
  return integration;
}

export default defineConfig({
  output: 'server',
  // Middleware mode: our launcher (src/server/) owns the HTTP server and serves dist/client itself.
  // Pages are written whole rather than streamed: they load their data before rendering anyway, and
  // one write per response costs less CPU than a write per streamed chunk.
  adapter: nodeWithOurEntry({ mode: 'middleware', experimentalDisableStreaming: true }),
  integrations: [svelte(), precompress(), cspHashesOnce()],
  // Sessions are our own (Lucia guide); Astro's session store is not used.
  session: false,
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? 'localhost' },
  security: {
    // Our middleware checks Origin for forms and the JSON API alike, with a localized answer
    // (src/lib/server/http/request.ts); Astro's own check would refuse native API clients that send none.
    checkOrigin: false,
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        // The map tile server's origin (MAP_TILE_URL, read at run time) is added by src/layouts/Base.astro.
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  devToolbar: { enabled: false },
  vite: {
    plugins: [importOnce(), cspDigestOnce()],
    // PGlite ships its own WASM and data files; bundling them breaks their relative URLs.
    ssr: { external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'sharp'] },
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  },
});
