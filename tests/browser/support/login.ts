import type { Page } from 'playwright-core';
import { baseUrl } from './browser';

/**
 * Logs a demo account in (every demo account has the password wenming2026) through the login form,
 * as a person would, and waits for the home page the form sends them to.
 */
export async function logIn(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号或账号名').fill(login);
  await page.getByLabel('密码').fill('wenming2026');
  // .last(): the form's button, should the page ever show another "登录" button before it.
  await page.getByRole('button', { name: '登录' }).last().click();
  await page.waitForURL((url) => url.pathname === '/');
}

/**
 * Logs a demo account in over the API (POST /api/v1/session) and gives its session cookie
 * ("session=…") for fetch; throws when the log-in is refused.
 */
export async function apiSession(login: string, password = 'wenming2026'): Promise<string> {
  const response = await fetch(new URL('/api/v1/session', baseUrl()), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (response.status !== 200) throw new Error(`log-in as ${login} refused: ${response.status}`);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('session='))!
    .split(';')[0]!;
}
