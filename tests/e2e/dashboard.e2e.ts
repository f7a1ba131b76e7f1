/**
 * The dashboard in a real browser against the real product (identity, pipeline, tickets and
 * dashboard; shell and remotes served by the gateway; a fresh seeded database): cards from
 * the pipeline and tickets show figures; the period switcher changes the URL and reloads the
 * figures; a card's link opens the filtered list behind it.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { shell } from './support/shell-page';
import { startProduct, type RunningProduct } from './support/product';

const SUITE = 'dashboard';

let product: RunningProduct;
let browser: BrowserSession;

beforeAll(async () => {
  product = await startProduct({ env: { MODULES: 'identity,pipeline,tickets,dashboard' } });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const base = () => product.url;
const cell = (page: Page, key: string) => page.locator(`[data-testid="kpi-card"][data-card="${key}"]`);

const signIn = (page: Page) => shell.signInAs(page, base(), 'josh');

describe('dashboard', () => {
  it('shows KPI cards from the pipeline and tickets with their figures', async () => {
    const { page } = browser;
    await signIn(page);
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/kpis'));
    await page.goto(`${base()}/dashboard`);
    expect((await answered).status()).toBe(200);
    await cell(page, 'pipeline/new-clients').waitFor();
    await cell(page, 'tickets/open-tickets').waitFor();
    expect(await page.locator('[data-testid="kpi-card-error"]').count()).toBe(0);
    for (const key of ['pipeline/active-onboardings', 'pipeline/new-clients', 'tickets/open-tickets', 'tickets/support-hours']) {
      const figure = (await cell(page, key).locator('.aos-kpi__value').textContent())?.trim() ?? '';
      expect(figure).toMatch(/\d/);
    }
    expect(await cell(page, 'pipeline/active-onboardings').locator('.aos-kpi__label').textContent()).toContain('Active onboardings');
    await screenshot(page, SUITE, 'cards');
  });

  it('switching the period changes the URL and reloads the figures', async () => {
    const { page } = browser;
    const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/kpis') && r.url().includes('period=7d'));
    await page.getByRole('radio', { name: '7 days' }).click();
    expect((await reloaded).status()).toBe(200);
    await page.waitForURL((url) => url.searchParams.get('period') === '7d');
    await page.locator('.db-grid[data-period="7d"]:not([aria-busy])').waitFor();
    expect(await page.getByRole('radio', { name: '7 days' }).getAttribute('aria-checked')).toBe('true');
    // Settings is not running here, so the agency zone is UTC (agency-time.e2e.ts covers a far zone).
    const today = new Date();
    const weekAgo = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 7 * 86_400_000);
    const label = weekAgo.toLocaleDateString('en-GB', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    // The previous period of the last 7 days ends the day before the first of them.
    await page.getByTestId('period-status').filter({ hasText: 'Compared with' }).waitFor();
    expect(await page.getByTestId('period-status').textContent()).toContain(label);

    // Keyboard: → moves to 30 days and loads it.
    const again = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/kpis') && r.url().includes('period=30d'));
    await page.getByRole('radio', { name: '7 days' }).press('ArrowRight');
    expect((await again).status()).toBe(200);
    await page.waitForURL((url) => url.searchParams.get('period') === '30d');
    await screenshot(page, SUITE, 'period-30d');
  });

  it("a card's link opens the filtered list behind the figure", async () => {
    const { page } = browser;
    await cell(page, 'tickets/open-tickets').locator('a.aos-kpi').click();
    // Open tickets is a state at the end of the period: the list replays history at that instant.
    await page.waitForURL((url) => url.pathname === '/tickets' && url.searchParams.has('openAt'));
    await page.goBack();
    await cell(page, 'pipeline/at-risk-clients').locator('a.aos-kpi').click();
    await page.waitForURL((url) => url.pathname === '/pipeline' && url.searchParams.get('health') === 'red');
    await screenshot(page, SUITE, 'filtered-list');
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('Customise hides and reorders cards (keyboard too), saved per user; a refused save rolls back with a toast', async () => {
    const { page } = browser;
    await page.goto(`${base()}/dashboard`);
    await cell(page, 'pipeline/new-clients').waitFor();
    const order = () => page.locator('[data-testid="kpi-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card')));
    const saves = () => page.waitForResponse((r) => r.url().endsWith('/api/v1/dashboard/layout') && r.request().method() === 'PUT');

    await page.getByRole('button', { name: 'Customise' }).click();
    await page.getByRole('heading', { name: 'Customise the dashboard' }).waitFor();
    let saved = saves();
    await page.locator('[data-row="pipeline/new-clients"] input[type="checkbox"]').uncheck();
    expect((await saved).status()).toBe(200);
    await cell(page, 'pipeline/new-clients').waitFor({ state: 'detached' });

    // Alt+↑ moves the focused row one place in the list (hidden cards keep their place there).
    const rows = () => page.locator('[data-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
    const before = await rows();
    const openAt = before.indexOf('tickets/open-tickets');
    expect(before[openAt - 1]).toBe('pipeline/new-clients');
    saved = saves();
    await page.locator('[data-row="tickets/open-tickets"] input[type="checkbox"]').focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect((await saved).status()).toBe(200);
    await expect(rows()).resolves.toEqual([...before.slice(0, openAt - 1), 'tickets/open-tickets', before[openAt - 1], ...before.slice(openAt + 1)]);
    saved = saves();
    await page.keyboard.press('Alt+ArrowUp');
    expect((await saved).status()).toBe(200);
    const grid = await order();
    expect(grid.indexOf('tickets/open-tickets')).toBeLessThan(grid.indexOf('pipeline/average-install-time'));
    expect(grid).not.toContain('pipeline/new-clients');
    const arranged = await order();
    await screenshot(page, SUITE, 'customise');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL((url) => !url.searchParams.has('customise'));
    await page.reload();
    await cell(page, 'tickets/open-tickets').waitFor();
    await expect(order()).resolves.toEqual(arranged);

    // The server refuses: the card comes back hidden and a toast says what was undone.
    // click(), not check(): check() verifies the box stayed checked, which races the rollback.
    const newClientsBox = page.locator('[data-row="pipeline/new-clients"] input[type="checkbox"]');
    await page.route('**/api/v1/dashboard/layout', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ name: 'MoleculerError', message: 'Try again later', code: 503, type: 'UNAVAILABLE' }) })
        : route.continue(),
    );
    try {
      await page.getByRole('button', { name: 'Customise' }).click();
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/dashboard/layout') && r.request().method() === 'PUT');
      await newClientsBox.click();
      expect((await refused).status()).toBe(503);
      await page.locator('.aos-toast', { hasText: 'Could not save the layout' }).waitFor();
      await page.locator('[data-row="pipeline/new-clients"] input[type="checkbox"]:not(:checked)').waitFor();
      await cell(page, 'pipeline/new-clients').waitFor({ state: 'detached' });
    } finally {
      await page.unroute('**/api/v1/dashboard/layout');
      // Back to the default for the next tests, whatever happened above.
      saved = saves();
      await page.getByRole('button', { name: 'Show all in the default order' }).click();
      expect((await saved).status()).toBe(200);
      await cell(page, 'pipeline/new-clients').waitFor();
      await page.getByRole('button', { name: 'Done' }).click();
    }
  });

  it('a failed provider shows an error card whose Retry reloads only that card; no providers → empty state', async () => {
    const { page } = browser;
    await page.route('**/api/v1/dashboard/kpis?*', async (route) => {
      if (new URL(route.request().url()).searchParams.has('kpi')) return route.continue();
      const response = await route.fetch();
      const cards = (await response.json()) as { module: string; id: string }[];
      const broken = cards.map((c) =>
        c.module === 'tickets' && c.id === 'open-tickets'
          ? { ...c, value: null, previous: null, changePct: null, better: null, series: [], error: { message: 'Open tickets did not answer in time', type: 'PROVIDER_TIMEOUT', period: 'current' } }
          : c,
      );
      return route.fulfill({ response, json: broken });
    });
    await page.goto(`${base()}/dashboard?period=90d`);
    const errorCard = page.locator('[data-testid="kpi-card-error"][data-card="tickets/open-tickets"]');
    await errorCard.waitFor();
    expect(await errorCard.textContent()).toContain('did not answer in time');
    await cell(page, 'pipeline/new-clients').waitFor();
    await screenshot(page, SUITE, 'error-card');

    const retried = page.waitForResponse((r) => r.url().includes('kpi=open-tickets') && r.url().includes('module=tickets'));
    await errorCard.getByRole('button', { name: 'Retry Open tickets' }).click();
    expect((await retried).status()).toBe(200);
    await cell(page, 'tickets/open-tickets').waitFor();
    expect(await errorCard.count()).toBe(0);
    await page.unroute('**/api/v1/dashboard/kpis?*');

    await page.route('**/api/v1/dashboard/kpis?*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '[]' }));
    await page.reload();
    await page.getByText('No figures to show yet').waitFor();
    await page.unroute('**/api/v1/dashboard/kpis?*');
  });
});
