// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';

export default defineConfig({
  output: 'server',
  // Middleware mode: scripts/serve.mjs owns the HTTP server and serves dist/client itself.
  // Pages are written whole rather than streamed: they load their data before rendering anyway, and
  // one write per response costs less CPU than a write per streamed chunk.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  integrations: [svelte()],
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
    // PGlite ships its own WASM and data files; bundling them breaks their relative URLs.
    ssr: { external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'sharp'] },
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  },
});
