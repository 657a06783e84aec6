/** The browser test harness: one server per run (global-server.ts), Chromium, screenshots, axe. */
export { baseUrl, collectPageProblems, launchBrowser, newPage, openPhonePage, PHONE_VIEWPORT, screenshot } from './browser';
export { expectNoSeriousA11yViolations, findA11yViolations } from './a11y';
export { apiSession, logIn } from './login';
export { expectTitlesInsideBorders, overlaps, visibleTexts, type TextBox } from './layout';
