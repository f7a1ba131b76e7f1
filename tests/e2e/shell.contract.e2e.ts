/**
 * The shell against the API contract, without the backend: a mock platform (tests/e2e/support/
 * mock-platform.ts) serves the built shell and two fixture remotes built with the SDK's own
 * webpack helper. Proves the frame's behaviour — session, navigation from the registry,
 * error boundaries, modules coming and going, widgets across remotes, the palette, the bundle
 * budget — independently of any module's screens.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { FIXTURE_MODULES, FIXTURE_REMOTES, FIXTURE_USERS, SHELL_DIST, buildShellAndFixtures } from './support/fixture-setup';
import { startMockPlatform, type MockPlatform } from './support/mock-platform';
import { eventually, shell, unexpectedErrors } from './support/shell-page';

const SUITE = 'contract';
const USER = FIXTURE_USERS[0];
const INITIAL_JS_BUDGET_GZ = 170 * 1024;

let platform: MockPlatform;
let browser: BrowserSession;

beforeAll(async () => {
  buildShellAndFixtures();
  platform = await startMockPlatform({
    shellDir: SHELL_DIST,
    remoteDirs: Object.fromEntries(Object.entries(FIXTURE_REMOTES).map(([id, dir]) => [id, path.join(dir, 'dist')])),
    modules: FIXTURE_MODULES,
    users: FIXTURE_USERS,
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

beforeEach(async () => {
  platform.setModules(FIXTURE_MODULES);
  await browser.context.clearCookies();
  await browser.page.unrouteAll({ behavior: 'ignoreErrors' });
  browser.errors.length = 0;
});

async function signedIn(): Promise<void> {
  const { page } = browser;
  await page.goto(`${platform.url}/`);
  await shell.signIn(page, USER.email, USER.password);
  await shell.navLinks(page).first().waitFor();
}

test('the shell stays within its initial JavaScript budget (≤ 170 KB gz)', async () => {
  const { page } = browser;
  // No module screens: what is measured is the shell alone (login page, then the signed-in frame).
  platform.setModules([]);
  const sizes = new Map<string, number>();
  const onResponse = async (response: import('playwright-core').Response) => {
    const url = response.url();
    if (!url.endsWith('.js')) return;
    const body = await response.body().catch(() => null);
    if (body) sizes.set(url, gzipSync(body).length);
  };
  const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
  page.on('response', onResponse);
  await page.goto(`${platform.url}/`);
  await page.waitForLoadState('networkidle');
  const loginPage = total();
  await shell.signIn(page, USER.email, USER.password);
  await page.getByText('No modules available').waitFor();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  console.log(`shell initial JS: login page ${(loginPage / 1024).toFixed(1)} KB gz; with the signed-in frame ${(total() / 1024).toFixed(1)} KB gz (${sizes.size} files)`);
  await screenshot(page, SUITE, 'no modules');
  expect(loginPage).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZ);
  expect(total()).toBeLessThanOrEqual(INITIAL_JS_BUDGET_GZ);
});

test('wrong password shows the API error; Enter signs in; name, role and agency come from /auth/me', async () => {
  const { page } = browser;
  await page.goto(`${platform.url}/`);
  await page.waitForURL(/\/login$/);
  await shell.signIn(page, USER.email, 'not the password');
  await expect(shell.loginError(page).textContent()).resolves.toContain('Invalid email or password.');
  await screenshot(page, SUITE, 'wrong password');

  await shell.signIn(page, USER.email, USER.password);
  await page.waitForURL(/\/alpha$/); // home redirects to the first module
  await expect(shell.agencyName(page).textContent()).resolves.toBe('Chase Digital Agency');
  const menu = await shell.openUserMenu(page);
  await expect(menu.getByTestId('user-name').textContent()).resolves.toBe(USER.name);
  await expect(menu.getByTestId('user-role').textContent()).resolves.toBe('Manager');
  await screenshot(page, SUITE, 'signed in with menu');
  await page.keyboard.press('Escape');
  expect(unexpectedErrors(browser.errors)).toEqual([]);
});

test('reload keeps the session (refresh cookie), a deep link survives sign-in, sign-out revokes', async () => {
  const { page } = browser;
  await page.goto(`${platform.url}/alpha/items/2`);
  await page.waitForURL(/\/login$/);
  await shell.signIn(page, USER.email, USER.password);
  await page.waitForURL(/\/alpha\/items\/2$/);
  await page.getByTestId('alpha-item').waitFor();

  await page.reload();
  await page.getByTestId('alpha-item').waitFor();
  expect(page.url()).toMatch(/\/alpha\/items\/2$/);
  // Breadcrumbs: module › crumb from the remote › title from the remote
  await expect(page.locator('nav[aria-label="Breadcrumb"]').innerText()).resolves.toMatch(/Alpha\s*Items\s*Item 2/);
  await screenshot(page, SUITE, 'after reload');

  await shell.signOut(page);
  await page.waitForURL(/\/login/);
  await page.reload();
  await shell.emailInput(page).waitFor(); // the cookie was revoked: still signed out
  expect(platform.requests.some((r) => r.path === '/api/v1/auth/logout' && r.status === 204)).toBe(true);
});

test('an expired access token is refreshed once through the cookie and the call retried', async () => {
  const { page } = browser;
  await signedIn();
  const refreshed = () => platform.requests.filter((r) => r.path === '/api/v1/auth/refresh' && r.status === 200).length;
  const refreshesBefore = refreshed();
  platform.expireAccessTokens();
  await page.evaluate(() => window.dispatchEvent(new Event('focus'))); // the registry polls on focus
  await eventually(refreshed, (n) => n > refreshesBefore);
  // The 401 was followed by one refresh and a successful retry of the same call.
  await eventually(() => platform.requests.filter((r) => r.path === '/api/v1/modules').at(-1)?.status, (status) => status === 200);
  await expect(shell.navLinks(page).count()).resolves.toBe(2);
});

test('a session revoked on the server ends in the login page with a word of explanation', async () => {
  const { page } = browser;
  await signedIn();
  platform.revokeAllSessions();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await shell.emailInput(page).waitFor({ timeout: 10000 });
  await page.getByText('Your session has ended').waitFor();
  await screenshot(page, SUITE, 'session ended');
});

test('while the server cannot be reached the top bar says so, and recovers by itself', async () => {
  const { page } = browser;
  await signedIn();
  await page.route('**/api/v1/modules', (route) => route.abort('connectionrefused'));
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.getByText('Reconnecting…').waitFor({ timeout: 10000 });
  await expect(shell.navLinks(page).count()).resolves.toBe(2); // the last known modules stay
  await screenshot(page, SUITE, 'reconnecting');
  await page.unroute('**/api/v1/modules');
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.getByText('Reconnecting…').waitFor({ state: 'detached', timeout: 10000 });
});

test('every module in the sidebar opens its screen', async () => {
  const { page } = browser;
  await signedIn();
  const labels = await shell.navLinks(page).allInnerTexts();
  expect(labels.map((l) => l.replace(/\d+$/, '').trim())).toEqual(['Alpha', 'Beta']);
  await shell.navLink(page, 'Beta').click();
  await page.waitForURL(/\/beta$/);
  await page.getByTestId('beta-page').waitFor();
  await screenshot(page, SUITE, 'beta');
  await shell.navLink(page, 'Alpha').click();
  await page.getByTestId('alpha-page').waitFor();
  await expect(page.getByTestId('alpha-user').textContent()).resolves.toContain(USER.name); // one session across host and remote
});

test('a widget contributed by one remote renders inside another (useWidgets, no import between them)', async () => {
  const { page } = browser;
  await signedIn();
  await page.getByRole('row', { name: /Globex/ }).click();
  await page.getByRole('tab', { name: 'Beta tab' }).click();
  await expect(page.getByTestId('beta-widget').textContent()).resolves.toContain(`client 2, seen by ${USER.name}`);
  await screenshot(page, SUITE, 'widget in drawer');
  await page.keyboard.press('Escape');
});

test('a remote whose remoteEntry.js answers 500 shows its error boundary; Retry loads it', async () => {
  const { page } = browser;
  await page.route('**/remotes/fixture-beta/remoteEntry.js', (route) => route.fulfill({ status: 500, body: 'boom' }));
  await signedIn();
  await shell.navLink(page, 'Beta').click();
  await shell.moduleError(page).waitFor();
  await expect(shell.moduleError(page).innerText()).resolves.toContain('Beta could not be loaded');
  await screenshot(page, SUITE, 'remote entry 500');
  // The rest keeps working.
  await shell.navLink(page, 'Alpha').click();
  await page.getByTestId('alpha-page').waitFor();

  await page.unroute('**/remotes/fixture-beta/remoteEntry.js');
  await shell.navLink(page, 'Beta').click();
  await shell.moduleError(page).getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('beta-page').waitFor();
});

test('a module that drops out of /modules shows "unavailable" in place within 15 s, and comes back', async () => {
  const { page } = browser;
  await signedIn();
  await shell.navLink(page, 'Beta').click();
  await page.getByTestId('beta-page').waitFor();

  platform.setModules(FIXTURE_MODULES.filter((m) => m.module !== 'fixture-beta'));
  await shell.moduleUnavailable(page).waitFor({ timeout: 15000 });
  await expect(shell.navLinks(page).count()).resolves.toBe(1);
  await screenshot(page, SUITE, 'module unavailable');

  platform.setModules(FIXTURE_MODULES);
  await page.getByTestId('beta-page').waitFor({ timeout: 15000 });
});

test('⌘K palette: navigation and remote commands; ? lists shortcuts; g-sequences navigate', async () => {
  const { page } = browser;
  await signedIn();
  await page.getByTestId('alpha-page').waitFor();
  await page.keyboard.press('Control+k');
  const input = page.getByPlaceholder('Search or jump to…');
  await input.waitFor();
  await input.fill('hello');
  await screenshot(page, SUITE, 'palette');
  await page.keyboard.press('Enter');
  await page.getByText('Hello from Alpha').waitFor(); // a command contributed by the remote's ./config

  await page.keyboard.press('Control+k');
  await input.fill('beta');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/beta$/);

  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.waitForURL(/\/alpha$/);

  await page.keyboard.press('Shift+?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  await expect(dialog.innerText()).resolves.toContain('Go to Beta');
  await screenshot(page, SUITE, 'shortcuts');
  await page.keyboard.press('Escape');
});

test('theme follows the menu choice (light / dark / system) and persists', async () => {
  const { page } = browser;
  await signedIn();
  const menu = await shell.openUserMenu(page);
  await menu.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
  await page.reload();
  await shell.navLinks(page).first().waitFor();
  await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
  await screenshot(page, SUITE, 'dark theme');
  const again = await shell.openUserMenu(page);
  await again.getByRole('menuitemradio', { name: 'System' }).click();
  await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('light'); // the browser is light
});

test('unknown paths show the 404 page inside the frame', async () => {
  const { page } = browser;
  await signedIn();
  await page.goto(`${platform.url}/no-such-place`);
  await page.getByTestId('not-found').waitFor();
  await screenshot(page, SUITE, 'not found');
});
