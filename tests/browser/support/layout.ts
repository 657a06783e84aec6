/**
 * Layout checks computed from the rendered page (bounding boxes and computed styles), for what axe
 * does not see: text sitting on a card's border, labels too small to read or drawn over each other.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Every element matched by `cards` keeps its `title` (a fieldset's legend, say) inside its border box:
 * below the top border, within the left and right ones, and clear of the border line itself.
 */
export async function expectTitlesInsideBorders(cards: Locator, title = ':scope > legend'): Promise<void> {
  const boxes = await cards.evaluateAll(
    (elements, selector) =>
      elements.map((card) => {
        const outer = card.getBoundingClientRect();
        const style = getComputedStyle(card);
        const inner = {
          top: outer.top + parseFloat(style.borderTopWidth),
          left: outer.left + parseFloat(style.borderLeftWidth),
          right: outer.right - parseFloat(style.borderRightWidth),
          bottom: outer.bottom - parseFloat(style.borderBottomWidth),
        };
        const legend = card.querySelector(selector);
        const text = legend?.getBoundingClientRect();
        return { text: legend?.textContent?.trim().slice(0, 30) ?? '', inner, legend: text ? { top: text.top, left: text.left, right: text.right, bottom: text.bottom } : null };
      }),
    title,
  );
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) {
    expect(box.legend, `${box.text}: no title`).not.toBeNull();
    expect(box.legend!.top, `${box.text}: on the top border`).toBeGreaterThanOrEqual(box.inner.top);
    expect(box.legend!.left, `${box.text}: over the left border`).toBeGreaterThanOrEqual(box.inner.left);
    expect(box.legend!.right, `${box.text}: over the right border`).toBeLessThanOrEqual(box.inner.right + 0.5);
    expect(box.legend!.bottom, `${box.text}: below the card`).toBeLessThanOrEqual(box.inner.bottom);
  }
}

export interface TextBox {
  text: string;
  /** Computed font size, CSS px. */
  font: number;
  /** Height of the glyphs as drawn, CSS px (a viewBox or a transform shrinks it below the font size). */
  drawn: number;
  top: number;
  left: number;
  right: number;
  bottom: number;
}

/** The visible text pieces (SVG <text> and HTML elements with their own text) inside `root`, as drawn. */
export async function visibleTexts(page: Page, root: string): Promise<TextBox[][]> {
  return page.locator(root).evaluateAll((roots) =>
    roots.map((rootEl) => {
      const pieces: Element[] = [...rootEl.querySelectorAll('text')];
      for (const el of rootEl.querySelectorAll('*')) {
        if (el.closest('svg')) continue;
        if ([...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim())) pieces.push(el);
      }
      return pieces
        .filter((el) => {
          const style = getComputedStyle(el);
          const rect = el.getBoundingClientRect();
          return style.display !== 'none' && style.visibility !== 'hidden' && rect.width > 1 && rect.height > 1 && !el.closest('.visually-hidden');
        })
        .map((el) => {
          const rect = el.getBoundingClientRect();
          // SVG text: its box is the glyphs' box; HTML: a range around the text, one line's height.
          const range = document.createRange();
          range.selectNodeContents(el);
          const lines = el instanceof SVGElement ? [rect] : [...range.getClientRects()];
          return {
            text: el.textContent!.trim(),
            font: parseFloat(getComputedStyle(el).fontSize),
            drawn: Math.max(...lines.map((line) => line.height)),
            top: rect.top,
            left: rect.left,
            right: rect.right,
            bottom: rect.bottom,
          };
        });
    }),
  );
}

/** True when two boxes overlap by more than a pixel each way (one holding the other, a text in its element, is no overlap). */
export function overlaps(a: TextBox, b: TextBox): boolean {
  const holds = (x: TextBox, y: TextBox) => x.left <= y.left && x.top <= y.top && x.right >= y.right && x.bottom >= y.bottom;
  if (holds(a, b) || holds(b, a)) return false;
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
}
