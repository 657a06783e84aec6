// ESLint (flat config): typescript-eslint for TypeScript, eslint-plugin-astro for .astro pages and
// components, eslint-plugin-svelte for the islands. Formatting is Prettier's business (.prettierrc.json).
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'data/', 'node_modules/', 'tests/.artifacts/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // Unused names are errors, except a leading underscore (a parameter kept for its position) and rest siblings.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // TypeScript (astro check) already reports undefined names, and knows type-only globals such as GeoJSON.
      'no-undef': 'off',
      // Input checks match control characters on purpose: they refuse them.
      'no-control-regex': 'off',
      // `Result<{}, …>`: a command that succeeds with nothing more to say.
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // The tree uses comma and `void a, b` idioms on purpose (a parser's two steps, naming what is left out).
      '@typescript-eslint/no-unused-expressions': 'off',
      // Chinese text and its full-width spaces are content.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true, skipComments: true }],
    },
  },
  {
    // Drizzle's documented self-reference `(): any => table.id`; the OpenAPI generator walks zod's untyped internals.
    files: ['db/schema/**/*.ts', 'src/lib/server/openapi/generate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read untyped JSON (OpenAPI documents, feeds, fuzz answers).
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Pages, components, layouts and actions stay thin: they call the domain, which owns its queries.
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**', 'src/actions/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'drizzle-orm', message: 'Query through the domain (src/lib/server/<domain>/), not from a page or action.' }] }],
    },
  },
  {
    // Domain code never asks the central can(): the boundary authorizes before calling a command,
    // and a rule that needs a record the command loads is asked of the domain's own permissions.ts.
    files: ['src/lib/server/*/**/*.ts'],
    ignores: ['src/lib/server/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./permissions$', message: "Authorize at the boundary; use this domain's permissions.ts for record rules." }] },
      ],
    },
  },
);
