/**
 * Accessibility checks with axe-core, run inside the page. Our pages' CSP refuses injected scripts,
 * so axe runs in a context with bypassCSP: the page's own when newPage() made it with
 * `{ bypassCSP: true }` (the current state, after interactions, is audited), else a second context
 * that loads the same URL with the same viewport, locale and cookies.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { cspBypassingContexts } from './browser';

type Violation = { id: string; impact?: string | null; help: string; helpUrl: string; nodes: { target: unknown[] }[] };

async function runAxe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((node) => ({ target: node.target as unknown[] })),
    }));
  });
}

/** Runs axe on the page (see above) and returns its violations of the given impacts. */
export async function findA11yViolations(page: Page, impacts = ['serious', 'critical']): Promise<Violation[]> {
  const keep = (violations: Violation[]) => violations.filter((violation) => impacts.includes(violation.impact ?? ''));
  const context = page.context();
  if (cspBypassingContexts.has(context)) return keep(await runAxe(page));
  const browser = context.browser();
  if (!browser) throw new Error('findA11yViolations needs a page from browser.newContext()');
  const viewport = page.viewportSize();
  const audit = await browser.newContext({
    bypassCSP: true,
    locale: 'zh-CN',
    ...(viewport ? { viewport } : {}),
    // The page's cookies (a signed-in session, say) so axe sees what the test saw.
    storageState: await context.storageState(),
  });
  try {
    const auditPage = await audit.newPage();
    await auditPage.goto(page.url(), { waitUntil: 'load' });
    return keep(await runAxe(auditPage));
  } finally {
    await audit.close();
  }
}

function describe(violations: Violation[]): string {
  return violations.map((v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n    ${v.nodes.map((n) => JSON.stringify(n.target)).join('\n    ')}`).join('\n');
}

/** Fails listing every serious or critical axe violation on the page. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const violations = await findA11yViolations(page);
  expect(violations, `axe found serious or critical violations on ${page.url()}:\n${describe(violations)}`).toEqual([]);
}
