/**
 * Widgets across remotes: the tickets remote contributes a "Tickets" tab to the pipeline's
 * client drawer (slot `client.tabs`) — no remote imports the other. With tickets off, the tab
 * is not there.
 */
import { demo } from '@audienceos/db';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { shell } from './support/shell-page';

let browser: BrowserSession;
afterAll(() => browser?.close());
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);

async function openClientDrawer(product: RunningProduct) {
  const { page } = browser;
  await browser.context.clearCookies();
  await shell.signInAs(page, product.url, 'josh');
  const clientId = demo.clientIds('chase-digital')[0]!;
  await page.goto(`${product.url}/pipeline?client=${clientId}`);
  const drawer = page.getByRole('dialog');
  await drawer.getByRole('tab', { name: 'Overview' }).waitFor({ timeout: 30000 });
  return drawer;
}

test("the client drawer shows the tickets remote's tab, with that client's tickets", async () => {
  const product = await startProduct({ env: { MODULES: 'identity,pipeline,tickets' } });
  try {
    const drawer = await openClientDrawer(product);
    await drawer.getByRole('tab', { name: 'Tickets' }).click();
    await drawer.getByText(/\d+ open · \d+ resolved|No tickets for this client/).waitFor({ timeout: 20000 });
    await screenshot(browser.page, 'client-tabs', 'tickets tab in the client drawer');
  } finally {
    await product.stop();
  }
}, 300_000);

test('without the tickets module the tab is not offered', async () => {
  const product = await startProduct({ env: { MODULES: 'identity,pipeline' } });
  try {
    const drawer = await openClientDrawer(product);
    await drawer.getByRole('tab', { name: 'History' }).waitFor();
    expect(await drawer.getByRole('tab', { name: 'Tickets' }).count()).toBe(0);
  } finally {
    await product.stop();
  }
}, 300_000);
