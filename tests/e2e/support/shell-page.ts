import type { Locator, Page } from 'playwright-core';
import { demo } from '@audienceos/db';

/** What the browser tests do with the shell, in one place (selectors change here only). */
export const shell = {
  emailInput: (page: Page) => page.getByLabel('Email'),
  passwordInput: (page: Page) => page.getByLabel('Password'),
  loginError: (page: Page) => page.getByTestId('login-error'),
  navLinks: (page: Page): Locator => page.locator('nav[aria-label="Modules"] a'),
  navLink: (page: Page, label: string): Locator => page.locator('nav[aria-label="Modules"] a', { hasText: label }),
  agencyName: (page: Page) => page.getByTestId('agency-name'),
  userMenuTrigger: (page: Page) => page.getByTestId('user-menu-trigger'),
  moduleError: (page: Page) => page.getByTestId('module-error'),
  moduleUnavailable: (page: Page) => page.getByTestId('module-unavailable'),
  content: (page: Page) => page.locator('#main-content'),

  async signIn(page: Page, email: string, password: string): Promise<void> {
    await shell.emailInput(page).fill(email);
    await shell.passwordInput(page).fill(password);
    await shell.passwordInput(page).press('Enter'); // Enter submits
  },

  /** Open the login page and sign in as a Chase demo user by handle (`josh`, `luke`…). */
  async signInAs(page: Page, baseUrl: string, handle: string): Promise<void> {
    await page.goto(`${baseUrl}/login`);
    await shell.signIn(page, demo.user('chase-digital', handle).email, demo.password());
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  },

  /** Pointer drag in small steps: dnd-kit starts a drag only after a few pixels of movement. */
  async drag(page: Page, from: Locator, to: Locator): Promise<void> {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('cannot drag: source or target is not on screen');
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 6, { steps: 4 });
    await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 12 });
    await page.mouse.up();
  },

  /** Open the avatar menu; resolves with the open menu. */
  async openUserMenu(page: Page): Promise<Locator> {
    await shell.userMenuTrigger(page).click();
    const menu = page.getByTestId('user-menu');
    await menu.waitFor({ state: 'visible' });
    return menu;
  },

  async signOut(page: Page): Promise<void> {
    const menu = await shell.openUserMenu(page);
    await menu.getByTestId('sign-out').click();
  },

  /** Wait until the content area shows a screen (not a skeleton): returns what it shows. */
  async settledContent(page: Page, timeoutMs = 15000): Promise<'screen' | 'error' | 'unavailable'> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await shell.moduleError(page).isVisible()) return 'error';
      if (await shell.moduleUnavailable(page).isVisible()) return 'unavailable';
      const loading = await shell.content(page).locator('[role="status"][aria-label^="Loading"]').count();
      const text = (await shell.content(page).innerText().catch(() => '')).trim();
      if (!loading && text.length > 0) return 'screen';
      await page.waitForTimeout(150);
    }
    throw new Error(`The content area did not settle within ${timeoutMs} ms`);
  },
};

/** Console noise every run has: the refresh probe without a cookie answers 401 by design. */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter((e) => !/status of 401/.test(e));
}

/** Poll `read` until `accept` holds (jest has no expect.poll); returns the last value. */
export async function eventually<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}
