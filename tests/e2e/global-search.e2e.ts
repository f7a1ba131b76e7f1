/**
 * Global search (issue 13) in a real browser against the real product (`npm start`'s process
 * with identity, pipeline, tickets, settings and search; built shell and remotes; a fresh seeded
 * database): Ctrl+K and ⌘K open the palette, "#<number>" finds the ticket, a word of a client's
 * name finds the client, Enter opens the record's drawer, and the empty palette lists both as
 * recent records.
 */
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { httpRequest } from './support/http';
import { productAvailable, startProduct, type RunningProduct } from './support/product';
import { shell } from './support/shell-page';

const SUITE = 'global-search';
const JOSH = { email: 'josh@chasedigital.agency', password: process.env.DEMO_PASSWORD ?? 'audienceos-demo' };

let product: RunningProduct;
let browser: BrowserSession;
let ticket: { id: string; number: number; title: string };
let client: { id: string; name: string };

const describeProduct = productAvailable() ? describe : describe.skip;

describeProduct('⌘K global search', () => {
  beforeAll(async () => {
    product = await startProduct({ env: { MODULES: 'identity,pipeline,tickets,settings,search' } });
    const login = await httpRequest(`${product.url}/api/v1/auth/login`, { method: 'POST', body: JOSH });
    const auth = { Authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
    // A seeded ticket and client, as the API shows them (no constants about the seed here).
    ticket = (await httpRequest(`${product.url}/api/v1/tickets?limit=1&sort=number&order=asc`, { headers: auth })).json<{ items: (typeof ticket)[] }>().items[0]!;
    const clients = (await httpRequest(`${product.url}/api/v1/clients?limit=50`, { headers: auth })).json<{ items: (typeof client)[] }>().items;
    client = clients.find((c) => c.name.split(/\s+/).filter((w) => w.length >= 4).length > 1) ?? clients[0]!;
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  }, 60_000);

  test('Ctrl+K finds a ticket by "#number"; Enter opens its drawer', async () => {
    const { page } = browser;
    await page.goto(`${product.url}/login`);
    await shell.signIn(page, JOSH.email, JOSH.password);
    await shell.navLinks(page).first().waitFor({ timeout: 20000 });

    await page.keyboard.press('Control+k');
    const input = page.getByPlaceholder('Search or jump to…');
    await input.waitFor();
    await input.pressSequentially(`#${ticket.number}`, { delay: 40 });
    const option = page.getByRole('option', { name: new RegExp(`^#${ticket.number} ${escapeRegExp(ticket.title)}`) });
    await option.waitFor({ timeout: 10000 });
    await page.locator('[cmdk-item][aria-selected="true"]', { hasText: `#${ticket.number} ${ticket.title}` }).waitFor();
    await screenshot(page, SUITE, 'ticket by number');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/tickets' && url.searchParams.get('ticket') === ticket.id);
    await page.getByRole('dialog', { name: `#${ticket.number} ${ticket.title}` }).waitFor({ timeout: 15000 });
    await screenshot(page, SUITE, 'ticket drawer');
    await page.keyboard.press('Escape');
  });

  test('⌘K finds a client by a word of its name; Enter opens the client drawer', async () => {
    const { page } = browser;
    // A whole word of the name that is not its first (so the match is inside the name, not a prefix).
    const words = client.name
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
      .filter((w) => w.length >= 4);
    const word = words.length > 1 ? words[words.length - 1]! : (words[0] ?? client.name);
    await page.keyboard.press('Meta+k');
    const input = page.getByPlaceholder('Search or jump to…');
    await input.waitFor();
    await input.fill(word.toLowerCase());
    const row = page.locator('[cmdk-group][data-module="pipeline"] [cmdk-item]', { hasText: client.name });
    await row.waitFor({ timeout: 10000 });
    await screenshot(page, SUITE, 'client by a word');
    // Keyboard navigation: move to the client row and open it.
    for (let i = 0; i < 20 && (await row.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/pipeline' && url.searchParams.get('client') === client.id);
    await page.getByRole('dialog').filter({ hasText: client.name }).first().waitFor({ timeout: 15000 });
    await screenshot(page, SUITE, 'client drawer');
    await page.keyboard.press('Escape');
  });

  test('the empty palette lists recent records, newest first', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+k');
    const recent = page.locator('[cmdk-group]', { has: page.locator('[cmdk-group-heading]', { hasText: 'Recent' }) });
    await recent.waitFor();
    const rows = await recent.locator('[cmdk-item]').allInnerTexts();
    expect(rows[0]).toContain(client.name);
    expect(rows[1]).toContain(`#${ticket.number}`);
    await screenshot(page, SUITE, 'recent');
    await page.keyboard.press('Escape');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
