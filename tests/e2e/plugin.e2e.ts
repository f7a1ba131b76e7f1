/**
 * The runtime plugin contract in a real browser: the product runs (over NATS) with the shell
 * open; the partner plugin `example-nps` is started as its own OS process → it appears in
 * the navigation and its page works; it is stopped → the shell shows it as unavailable and
 * every other module keeps working. No gateway or shell code knows the plugin.
 */
import { natsAvailable, natsUrl } from '@audienceos/module-sdk/testing';
import { startModuleProcess, type ModuleProcess } from '../support/processes';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { eventually, shell } from './support/shell-page';

const SUITE = 'plugin';
const LUKE = { email: 'luke@chasedigital.agency', password: process.env.DEMO_PASSWORD ?? 'audienceos-demo' };

let product: RunningProduct | null = null;
let plugin: ModuleProcess | null = null;
let browser: BrowserSession;
let nats = false;

beforeAll(async () => {
  nats = await natsAvailable();
  if (!nats) return;
  product = await startProduct({ transporter: natsUrl(), env: { MODULES: 'identity,pipeline,tickets' } });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await plugin?.stop();
  await browser?.close();
  await product?.stop();
}, 60_000);

// Without a NATS server nothing can join the product from outside (CI always has one).
const natsTest = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
  test(name, async () => {
    if (!nats) return console.warn(`NATS is not reachable at ${natsUrl()}: the plugin browser test did not run`);
    await fn();
  }, timeout);

natsTest('a plugin started as its own process appears in the shell; stopped, it shows as unavailable', async () => {
  const { page } = browser;
  await page.goto(product!.url);
  await shell.signIn(page, LUKE.email, LUKE.password);
  await shell.navLink(page, 'Pipeline').waitFor({ timeout: 20000 });
  expect(await shell.navLink(page, 'Client NPS').count()).toBe(0);
  await screenshot(page, SUITE, 'before the plugin');

  plugin = await startModuleProcess(['example-nps'], {
    databaseUrl: product!.databaseUrl,
    namespace: product!.namespace,
    env: { SEED: 'true' },
  });
  // The shell polls the registry (and on focus): the entry appears without a reload.
  await shell.navLink(page, 'Client NPS').waitFor({ timeout: 30000 });
  await shell.navLink(page, 'Client NPS').click();
  await page.waitForURL((url) => url.pathname.startsWith('/nps'));
  await expect(shell.settledContent(page, 30000)).resolves.toBe('screen');
  await screenshot(page, SUITE, 'plugin page');

  await plugin.stop();
  plugin = null;
  await shell.moduleUnavailable(page).waitFor({ timeout: 30000 });
  await screenshot(page, SUITE, 'plugin unavailable');

  // Everything else still works.
  await shell.navLink(page, 'Tickets').click();
  await page.waitForURL((url) => url.pathname.startsWith('/tickets'));
  await expect(shell.settledContent(page, 30000)).resolves.toBe('screen');
  await eventually(() => shell.navLink(page, 'Client NPS').count(), (n) => n === 0, 30000);
  await screenshot(page, SUITE, 'other modules keep working');
});
