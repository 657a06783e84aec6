import type { Page } from 'playwright-core';

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
