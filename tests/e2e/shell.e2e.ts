/**
 * The shell against the real product: `server/` started on a free port with a fresh database
 * (tests/e2e/support/product.ts), the demo seed, the real gateway serving the built shell and
 * remotes. Expectations about the user come from the API itself (/auth/me), never from
 * constants in the shell.
 */
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { productAvailable, startProduct, type RunningProduct } from './support/product';
import { httpRequest } from './support/http';
import { shell, unexpectedErrors } from './support/shell-page';

const SUITE = 'product';
const JOSH = { email: 'josh@chasedigital.agency', password: process.env.DEMO_PASSWORD ?? 'audienceos-demo' };

interface Me {
  user: { name: string; role: string };
  agency: { name: string };
}

let product: RunningProduct;
let browser: BrowserSession;
let me: Me;
let nav: { label: string; path: string; remote: string; entry: string }[];

const ROLE_LABEL: Record<string, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', member: 'Member' };

/** What the API says about Josh and his modules: the yardstick for the UI. */
async function askTheApi(baseUrl: string): Promise<void> {
  const login = await httpRequest(`${baseUrl}/api/v1/auth/login`, { method: 'POST', body: JOSH });
  if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${login.body}`);
  const { accessToken } = login.json<{ accessToken: string }>();
  const auth = { Authorization: `Bearer ${accessToken}` };
  me = (await httpRequest(`${baseUrl}/api/v1/auth/me`, { headers: auth })).json<Me>();
  const { modules } = (await httpRequest(`${baseUrl}/api/v1/modules`, { headers: auth })).json<{
    modules: { ui: { remote: string; entry: string; nav: { label: string; path: string } } | null }[];
  }>();
  nav = modules.filter((m) => m.ui).map((m) => ({ label: m.ui!.nav.label, path: m.ui!.nav.path, remote: m.ui!.remote, entry: m.ui!.entry }));
}

const describeProduct = productAvailable() ? describe : describe.skip;

describeProduct('the Command Center shell on the real product', () => {
  beforeAll(async () => {
    product = await startProduct();
    await askTheApi(product.url);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  }, 60_000);

  beforeEach(async () => {
    await browser.page.unrouteAll({ behavior: 'ignoreErrors' });
    browser.errors.length = 0;
  });

  test('wrong password shows the error from the API', async () => {
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(`${product.url}/`);
    await page.waitForURL(/\/login$/);
    await screenshot(page, SUITE, 'login');
    await shell.signIn(page, JOSH.email, 'certainly-not-the-password');
    const error = shell.loginError(page);
    await error.waitFor();
    expect((await error.textContent())?.length).toBeGreaterThan(0);
    await screenshot(page, SUITE, 'wrong password');
  });

  test('Josh signs in and sees his name, role and agency', async () => {
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(`${product.url}/login`);
    await shell.signIn(page, JOSH.email, JOSH.password);
    await shell.navLinks(page).first().waitFor({ timeout: 15000 });
    await expect(shell.agencyName(page).textContent()).resolves.toBe(me.agency.name);
    const menu = await shell.openUserMenu(page);
    await expect(menu.getByTestId('user-name').textContent()).resolves.toBe(me.user.name);
    await expect(menu.getByTestId('user-role').textContent()).resolves.toBe(ROLE_LABEL[me.user.role] ?? me.user.role);
    await screenshot(page, SUITE, 'signed in');
    await page.keyboard.press('Escape');
    // Failures of individual modules are the next test's subject; here only the shell's own count.
    const remoteFailure = /RemoteLoadError|\[shell\]|remoteEntry|RUNTIME-|Failed to load resource/;
    expect(unexpectedErrors(browser.errors).filter((e) => !remoteFailure.test(e))).toEqual([]);
  });

  test('reload keeps the session', async () => {
    const { page } = browser;
    await page.reload();
    await shell.navLinks(page).first().waitFor({ timeout: 15000 });
    expect(page.url()).not.toMatch(/\/login/);
    const menu = await shell.openUserMenu(page);
    await expect(menu.getByTestId('user-name').textContent()).resolves.toBe(me.user.name);
    await page.keyboard.press('Escape');
  });

  test('every module in the sidebar opens its page', async () => {
    const { page } = browser;
    const labels = (await shell.navLinks(page).allInnerTexts()).map((l) => l.replace(/\s*\d+\+?$/, '').trim());
    expect(labels.sort()).toEqual(nav.map((n) => n.label).sort());
    const failures: string[] = [];
    for (const entry of nav) {
      await shell.navLink(page, entry.label).click();
      await page.waitForURL((url) => url.pathname === entry.path || url.pathname.startsWith(`${entry.path}/`));
      const state = await shell.settledContent(page, 20000);
      await screenshot(page, SUITE, `module ${entry.label}`);
      if (state !== 'screen') failures.push(`${entry.label}: ${state} — ${(await shell.content(page).innerText()).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  test('a remote whose remoteEntry.js answers 500 shows the error boundary with Retry', async () => {
    const { page } = browser;
    const target = nav[nav.length - 1];
    expect(target).toBeDefined();
    await page.route(`**${target.entry}`, (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'injected failure' }));
    // A fresh page load, so the container is fetched again (and fails) rather than reused.
    await page.goto(`${product.url}${target.path}`);
    await shell.moduleError(page).waitFor({ timeout: 20000 });
    await expect(shell.moduleError(page).innerText()).resolves.toContain(`${target.label} could not be loaded`);
    const retry = shell.moduleError(page).getByRole('button', { name: 'Retry' });
    expect(await retry.isVisible()).toBe(true);
    await screenshot(page, SUITE, 'remote entry 500');

    // The rest of the frame keeps working while one module is broken.
    expect(await shell.navLinks(page).count()).toBe(nav.length);

    await page.unroute(`**${target.entry}`);
    const entryServed = (await httpRequest(`${product.url}${target.entry}`)).status === 200;
    await retry.click();
    if (entryServed) {
      await expect(shell.settledContent(page, 20000)).resolves.toBe('screen');
      await screenshot(page, SUITE, 'after retry');
    }
  });

  test('sign out returns to the login page and revokes the session', async () => {
    const { page } = browser;
    await shell.signOut(page);
    await page.waitForURL(/\/login/);
    await shell.emailInput(page).waitFor();
    await page.reload();
    await shell.emailInput(page).waitFor(); // no session comes back from the cookie
    await screenshot(page, SUITE, 'signed out');
  });
});
