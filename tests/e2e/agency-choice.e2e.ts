/**
 * One email in two agencies (issue 8 §3): the login page shows the agencies the API offers
 * (409 AGENCY_CHOICE_REQUIRED), signs in to the chosen one, and remembers the choice on this
 * browser: the next sign-in goes straight to it, and "Choose another agency" forgets it.
 */
import { demo } from '@audienceos/db';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { shell } from './support/shell-page';

let product: RunningProduct;
let browser: BrowserSession;
const email = demo.user('chase-digital', 'josh').email;

beforeAll(async () => {
  product = await startProduct({ env: { MODULES: 'identity' } });
  browser = await launchBrowser();
  // Nina (Northwind's owner) invites Josh's address; he accepts with the same password.
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${product.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: await r.json() }),
    );
  const nina = await post('/api/v1/auth/login', { email: demo.user('northwind-media', 'nina').email, password: demo.password() });
  const invitation = await post('/api/v1/invitations', { email, role: 'manager' }, nina.body.accessToken);
  const accepted = await post('/api/v1/invitations/accept', { token: invitation.body.token, name: 'Josh Rivera', password: demo.password() });
  if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
}, 60_000);

test('the login page offers both agencies, signs in to the chosen one and remembers it', async () => {
  const { page } = browser;
  await page.goto(`${product.url}/login`);
  await shell.signIn(page, email, demo.password());
  const choice = page.getByTestId('login-agency-choice');
  await choice.waitFor();
  await expect(choice.getByRole('button').allInnerTexts()).resolves.toEqual(['Chase Digital Agency', 'Northwind Media', 'Back']);
  await screenshot(page, 'agency-choice', 'choose');
  // Keyboard: the first agency has focus; Tab moves to the second, Enter picks it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20000 });
  await expect(shell.agencyName(page).innerText()).resolves.toContain('Northwind Media');

  // Signed out: the next sign-in on this browser goes straight to Northwind.
  await shell.signOut(page);
  await shell.emailInput(page).waitFor();
  await shell.emailInput(page).fill(email);
  await expect(page.getByTestId('login-remembered-agency').innerText()).resolves.toContain('Northwind Media');
  await shell.passwordInput(page).fill(demo.password());
  await shell.passwordInput(page).press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20000 });
  await expect(shell.agencyName(page).innerText()).resolves.toContain('Northwind Media');

  // "Choose another agency" forgets the choice: asked again, Chase this time.
  await shell.signOut(page);
  await shell.emailInput(page).fill(email);
  await page.getByRole('button', { name: 'Choose another agency' }).click();
  await shell.passwordInput(page).fill(demo.password());
  await shell.passwordInput(page).press('Enter');
  await page.getByTestId('login-agency-choice').getByRole('button', { name: 'Chase Digital Agency' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20000 });
  await expect(shell.agencyName(page).innerText()).resolves.toContain('Chase Digital Agency');
}, 180_000);
