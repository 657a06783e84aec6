/**
 * A resident takes a quiz on a phone: picks a community, answers while the progress bar counts,
 * submits and reads the explanations; the same works with JavaScript off. The office reads the
 * dashboard (SVG charts, map, CSV) and anyone reads the public figures. axe checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, baseUrl, collectPageProblems, expectNoSeriousA11yViolations, expectTitlesInsideBorders, launchBrowser, logIn, newPage, screenshot } from './support';

async function startPractice(page: Page) {
  await page.goto('/quiz');
  await page.getByRole('link', { name: '2026年创建全国文明城市知识问答' }).click();
  await page.getByLabel('所在社区').selectOption({ label: '幸福社区' });
  await page.getByLabel('年龄段（选填）').selectOption('30_44');
  await page.getByRole('button', { name: '练习（不计入统计）' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/quiz/attempts/'));
}

describe('quizzes in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('takes a quiz, watches the progress bar advance, and sees the score and explanations', async () => {
    const page = await newPage(browser);
    const problems = collectPageProblems(page);
    try {
      await page.goto('/');
      await page.getByRole('link', { name: '知识问答' }).first().click();
      await page.waitForURL((url) => url.pathname === '/quiz');
      await expectNoSeriousA11yViolations(page);
      await logIn(page, 'resident');
      await startPractice(page);
      const questions = page.locator('fieldset[data-question]');
      const total = await questions.count();
      expect(total).toBe(10);
      // Each question's text inside its card, never on the border (nor the survey's scales').
      await expectTitlesInsideBorders(page.locator('#quiz-form fieldset'));
      const progress = page.locator('.quiz-progress .count');
      await expect.poll(() => progress.textContent()).toBe(`已答 0/${total}`);
      await expectNoSeriousA11yViolations(page);
      for (let i = 0; i < total; i++) {
        await questions.nth(i).locator('label').first().click();
        await expect.poll(() => progress.textContent()).toBe(`已答 ${i + 1}/${total}`);
        if (i === 4) await screenshot(page, 'quiz-half-answered');
      }
      expect(await page.locator('#quiz-progress-bar').getAttribute('value')).toBe(String(total));
      // Answers never reach the page before submission.
      expect(await page.content()).not.toMatch(/解析|explanation/i);
      await page.getByLabel('5 非常支持').check();
      await page.getByRole('button', { name: '交卷' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/quiz/attempts/') && !url.search);
      expect(await page.getByRole('status').textContent()).toMatch(new RegExp(`您答对了 \\d+ 题，共 ${total} 题`));
      expect(await page.locator('.explanation').count()).toBe(total);
      expect(await page.locator('main').textContent()).toContain('正确答案：');
      await screenshot(page, 'quiz-result');
      await expectNoSeriousA11yViolations(page);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('works without JavaScript: one form, radio buttons and checkboxes, a result page', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await logIn(page, 'volunteer');
      await startPractice(page);
      expect(await page.locator('.quiz-progress').count()).toBe(0);
      const questions = page.locator('fieldset[data-question]');
      for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
      await page.getByRole('button', { name: '交卷' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/quiz/attempts/') && !url.search);
      expect(await page.locator('.explanation').count()).toBe(10);
    } finally {
      await page.context().close();
    }
  });

  it('refuses an answer the form never offered with a 400, keeping every option ticked', async () => {
    const page = await newPage(browser);
    try {
      await logIn(page, 'volunteer');
      await startPractice(page);
      const questions = page.locator('fieldset[data-question]');
      await questions.nth(0).locator('input').first().check();
      await questions.nth(1).locator('input').first().check();
      // A forged option key (longer than any key the schema allows) on the second question.
      await questions
        .nth(1)
        .locator('input')
        .first()
        .evaluate((input) => ((input as HTMLInputElement).value = 'forged'));
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '交卷' }).click()]);
      expect(response.status()).toBe(400);
      await page.waitForLoadState();
      expect(await page.getByRole('alert').first().textContent()).toContain('请检查');
      expect(await page.locator('fieldset[data-question]').nth(0).locator('input').first().isChecked()).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('shows the office its dashboard with SVG charts, the map, definitions and a CSV export', async () => {
    const page = await newPage(browser);
    const problems = collectPageProblems(page);
    try {
      await logIn(page, 'moderator');
      await page.getByRole('navigation').getByRole('link', { name: '工作台' }).click();
      await page.getByRole('main').getByRole('link', { name: '创建测评' }).click();
      await page.waitForURL((url) => url.pathname === '/staff/metrics');
      expect(await page.locator('h1').textContent()).toBe('知晓率、支持率、参与率、满意率');
      // The trend and a bar chart per level, drawn on the server; each bar's row has its figures as a tooltip.
      expect(await page.locator('figure.trend-chart, figure.rate-bars').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('figure.trend-chart circle > title').first().textContent()).toMatch(/%/);
      expect(await page.locator('figure.rate-bars li').first().getAttribute('title')).toMatch(/%.*95%/);
      expect(await page.locator('main').textContent()).toContain('威尔逊');
      expect(await page.locator('main').textContent()).toContain('样本不足');
      await page.locator('.leaflet-interactive').first().waitFor();
      expect(await page.locator('.leaflet-interactive').count()).toBe(30);
      await screenshot(page, 'metrics-dashboard');
      await expectNoSeriousA11yViolations(page);
      const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
      const cookies = await page.context().cookies();
      const csv = await fetch(new URL(href!, baseUrl()), { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(await page.locator('#trend-heading').textContent()).toContain('全市');
      await page.getByLabel('趋势范围').selectOption({ label: '文华区' });
      await page.getByRole('button', { name: '显示' }).click();
      await expect.poll(() => page.locator('#trend-heading').textContent()).toContain('文华区');
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('refuses the dashboard to a resident', async () => {
    const page = await newPage(browser);
    try {
      await logIn(page, 'resident');
      expect((await page.goto('/staff/metrics'))?.status()).toBe(403);
    } finally {
      await page.context().close();
    }
  });

  it('shows anyone the city and district figures, without communities', async () => {
    const page = await newPage(browser);
    try {
      await page.goto('/quiz/rates');
      expect(await page.locator('h1').textContent()).toBe('创建文明城市民意指数');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('文华区');
      expect(text).not.toContain('和谐社区');
      await screenshot(page, 'public-rates');
      await expectNoSeriousA11yViolations(page);
    } finally {
      await page.context().close();
    }
  });
});

describe('the quiz API', () => {
  const url = (p: string) => new URL(p, baseUrl()).toString();
  const session = (login: string) => apiSession(login);
  const post = (p: string, cookie: string, body: unknown) => fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

  it('starts an attempt without answers, ignores a claimed score, and refuses a second counted attempt', async () => {
    const cookie = await session('leader');
    const { campaigns } = await (await fetch(url('/api/v1/quiz-campaigns'))).json();
    const campaign = campaigns.find((c: { state: string }) => c.state === 'open');
    const city = await (await fetch(url('/api/v1/metrics'))).json();
    expect(city.districts).toHaveLength(3);
    expect(city.city.measures.awareness).toMatchObject({ n: expect.any(Number), small: false });
    const areas = await (await fetch(url('/api/v1/city'))).json();
    expect(areas.districts.length).toBe(3);

    const community = await communityId();
    const started = await post(`/api/v1/quiz-campaigns/${campaign.id}/attempts`, cookie, { communityId: community });
    expect(started.status).toBe(201);
    const { attempt } = await started.json();
    expect(attempt.questions).toHaveLength(10);
    expect(JSON.stringify(attempt)).not.toMatch(/"correct"|explanation/);
    // A score or review sent with the answers is refused, naming the field: only the chosen keys are read.
    const forged = await post(`/api/v1/quiz-attempts/${attempt.id}/submit`, cookie, { answers: {}, score: 10, review: [] });
    expect(forged.status).toBe(400);
    expect(Object.keys((await forged.json()).error.fields)).toEqual(['score', 'review']);
    const submitted = await post(`/api/v1/quiz-attempts/${attempt.id}/submit`, cookie, { answers: {} });
    expect(submitted.status).toBe(200);
    expect((await submitted.json()).attempt.score).toBe(0);
    const again = await post(`/api/v1/quiz-campaigns/${campaign.id}/attempts`, cookie, { communityId: community });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_counted');
    const resubmit = await post(`/api/v1/quiz-attempts/${attempt.id}/submit`, cookie, { answers: {} });
    expect(resubmit.status).toBe(409);
  });

  async function communityId(): Promise<number> {
    // The public API has no area list yet; the campaign page's picker names every community by id.
    const html = await (await fetch(url('/quiz/1'), { headers: { cookie: await session('grid') } })).text();
    return Number(/<option value="(\d+)"[^>]*>和谐社区/.exec(html)![1]);
  }
});

describe('the question bank in the browser', () => {
  it('rejects a CSV with a bad row by row number and imports nothing, then accepts the exported bank', async () => {
    const browser = await launchBrowser();
    const page = await newPage(browser);
    try {
      await logIn(page, 'admin');
      await page.goto('/admin/quizzes');
      await expectNoSeriousA11yViolations(page);
      const header = 'code,topic,kind,difficulty,prompt_zh,prompt_en,options_zh,options_en,correct,explanation_zh,explanation_en,active';
      const bad = `${header}\nbrowser-01,traffic,single,1,题目,,对|错,,A,解释,,yes\nbrowser-02,traffic,single,9,题目,,对|错,,A,解释,,yes\n`;
      await page.getByLabel('CSV 文件').setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByRole('button', { name: '导入' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('第 3 行：难度必须是 1、2 或 3');
      expect(await page.locator('main').textContent()).not.toContain('browser-01');
      await screenshot(page, 'quiz-bank-import-error');
      const cookies = await page.context().cookies();
      const exported = await (await fetch(new URL('/admin/quizzes/export.csv', baseUrl()), { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
      await page.getByLabel('CSV 文件').setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
      await page.getByRole('button', { name: '导入' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/导入完成：新增 0 题，更新 \d+ 题/);
    } finally {
      await page.context().close();
      await browser.close();
    }
  });
});
