/**
 * The dashboard in a real browser against the real product (identity, pipeline, tickets and
 * dashboard; shell and remotes served by the gateway; a fresh seeded database): cards from
 * the pipeline and tickets show figures; the period switcher changes the URL and reloads the
 * figures; a card's link opens the filtered list behind it.
 */
import type { Page } from 'playwright-core';
import { demo } from '@audienceos/db';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
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

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base()}/login`);
  await page.getByLabel('Email').fill(demo.user('chase-digital', 'josh').email);
  await page.getByLabel('Password').fill(demo.password());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

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
    expect(await cell(page, 'pipeline/new-clients').locator('.aos-kpi__period').textContent()).toContain('7 days');

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
    await page.waitForURL((url) => url.pathname === '/tickets' && url.searchParams.get('status') === 'open');
    await page.goBack();
    await cell(page, 'pipeline/at-risk-clients').locator('a.aos-kpi').click();
    await page.waitForURL((url) => url.pathname === '/pipeline' && url.searchParams.get('health') === 'red');
    await screenshot(page, SUITE, 'filtered-list');
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
