/** Saved preferences follow the user: theme and the module `/` opens, applied at sign-in. */
import { launchBrowser, type BrowserSession } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { shell } from './support/shell-page';

let product: RunningProduct;
let browser: BrowserSession;

beforeAll(async () => {
  product = await startProduct({ env: { MODULES: 'identity,pipeline,dashboard,settings' } });
  browser = await launchBrowser({ colorScheme: 'light' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
}, 60_000);

test('a user whose preferences say dark theme and Pipeline lands on the pipeline, in dark', async () => {
  const login = await fetch(`${product.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'josh@chasedigital.agency', password: process.env.DEMO_PASSWORD ?? 'audienceos-demo' }),
  }).then((r) => r.json());
  const saved = await fetch(`${product.url}/api/v1/settings/preferences`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify({ theme: 'dark', landingModule: 'pipeline' }),
  });
  expect(saved.status).toBe(200);

  const { page } = browser;
  await shell.signInAs(page, product.url, 'josh');
  await page.waitForURL((url) => url.pathname.startsWith('/pipeline'), { timeout: 20000 });
  await expect(page.evaluate(() => document.documentElement.getAttribute('data-theme'))).resolves.toBe('dark');
});
