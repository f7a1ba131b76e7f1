/**
 * The pipeline in a real browser against the real product (identity + pipeline, shell and
 * remote served by the gateway, a fresh seeded database — see support/product.ts):
 * a dragged card stays moved after a reload; a move the server refuses rolls back with a toast.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { shell } from './support/shell-page';
import { startProduct, type RunningProduct } from './support/product';

const SUITE = 'pipeline';

let product: RunningProduct;
let browser: BrowserSession;

beforeAll(async () => {
  // The harness builds the shell and remotes when stale and starts `npm start`'s process on a fresh database.
  product = await startProduct({ env: { MODULES: 'identity,pipeline' } });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const base = () => product.url;
const column = (page: Page, stage: string) => page.locator(`section.pl-column[data-stage="${stage}"]`);
const card = (page: Page, name: string) => page.locator('.pl-card[data-client-id]', { hasText: name });

const signIn = (page: Page) => shell.signInAs(page, base(), 'josh');

const drag = (page: Page, name: string, toStage: string) => shell.drag(page, card(page, name), column(page, toStage));

describe('pipeline board', () => {
  it('a card dragged to another stage is saved and stays there after a reload', async () => {
    const { page } = browser;
    await signIn(page);
    await page.goto(`${base()}/pipeline`);
    await card(page, 'Bloom & Co Skincare').waitFor();
    await expect(column(page, 'installation').locator('[data-testid="count-installation"]').textContent()).resolves.toBe('1');

    const saved = page.waitForResponse((r) => r.url().includes('/stage') && r.request().method() === 'PATCH');
    await drag(page, 'Bloom & Co Skincare', 'installation');
    // Optimistic: the card is in its new column before the server answers.
    await column(page, 'installation').locator('.pl-card', { hasText: 'Bloom & Co Skincare' }).waitFor();
    expect((await saved).status()).toBe(200);
    await screenshot(page, SUITE, 'after-drag');

    await page.reload();
    await column(page, 'installation').locator('.pl-card', { hasText: 'Bloom & Co Skincare' }).waitFor();
    expect(await column(page, 'onboarding').locator('.pl-card', { hasText: 'Bloom & Co Skincare' }).count()).toBe(0);
    expect(await column(page, 'installation').locator('[data-testid="count-installation"]').textContent()).toBe('2');
  });

  it('a move the server refuses rolls back with a toast that says so', async () => {
    const { page } = browser;
    await page.route('**/api/v1/clients/*/stage', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ name: 'ValidationError', message: 'Stage changes are frozen for the audit', code: 422, type: 'VALIDATION_ERROR', data: [] }),
      }),
    );
    await card(page, 'Northstar Home Goods').waitFor();
    await drag(page, 'Northstar Home Goods', 'audit');
    const toast = page.getByText('Could not move Northstar Home Goods: it is back in Onboarding');
    await toast.waitFor();
    await column(page, 'onboarding').locator('.pl-card', { hasText: 'Northstar Home Goods' }).waitFor();
    expect(await column(page, 'audit').locator('.pl-card', { hasText: 'Northstar Home Goods' }).count()).toBe(0);
    await screenshot(page, SUITE, 'rolled-back');
    await page.unroute('**/api/v1/clients/*/stage');
  });

  it('moves a focused card with the keyboard (] next stage)', async () => {
    const { page } = browser;
    await card(page, 'Ledgerly').focus();
    const saved = page.waitForResponse((r) => r.url().includes('/stage') && r.request().method() === 'PATCH');
    await page.keyboard.press(']');
    expect((await saved).status()).toBe(200);
    await column(page, 'live').locator('.pl-card', { hasText: 'Ledgerly' }).waitFor();
    // Expected noise: the session probe before sign-in (401) and the refused move above (422).
    expect(browser.errors.filter((e) => !/status of (401|422)/.test(e))).toEqual([]);
  });

  it('opens a client in the drawer and shows the API field errors under the fields', async () => {
    const { page } = browser;
    await card(page, 'Harbor Dental Group').click();
    const drawer = page.getByRole('dialog', { name: 'Harbor Dental Group' });
    await drawer.getByRole('tab', { name: 'History' }).waitFor();
    await drawer.getByLabel('Contact email').fill('not-an-email');
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    // The API's 422 detail, under the field (the form leaves validation to the API).
    await drawer.getByText(/contactEmail.*e-?mail/).waitFor();
    await screenshot(page, SUITE, 'drawer-field-error');
    await drawer.getByRole('tab', { name: 'History' }).click();
    await drawer.getByText('New widget tracked through its postMessage events').waitFor();
    await page.keyboard.press('Escape');
    // Closing the drawer drops it from the URL (the router updates after the key press).
    await page.waitForURL((url) => url.searchParams.get('client') === null, { timeout: 5000 });
  });

  it('keeps the table view, sort and filter chips in the URL', async () => {
    const { page } = browser;
    await page.goto(`${base()}/pipeline?view=table&health=red&sort=totalSpend&order=desc`);
    await page.getByRole('table', { name: 'Clients' }).getByText('Northstar Home Goods', { exact: true }).waitFor();
    await page.getByText('Health: At risk').waitFor();
    await screenshot(page, SUITE, 'table-at-risk');
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await page.getByRole('table', { name: 'Clients' }).getByText('Copperline Coffee Roasters', { exact: true }).waitFor();
    await page.waitForURL((url) => url.searchParams.get('health') === null, { timeout: 5000 });
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New client' }).waitFor();
    await screenshot(page, SUITE, 'create-dialog');
  });
});
