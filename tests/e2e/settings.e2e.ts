/**
 * Settings in a real browser against the real product (identity + pipeline + tickets +
 * settings, shell and remotes served by the gateway, a fresh seeded database — see
 * support/product.ts): as Luke (owner) switching Tickets off takes it out of the sidebar and
 * switching it on brings it back; the theme applies at once; a refused profile field shows its
 * error under the field. As Jeff (member) the manage controls are absent or disabled.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { startProduct, type RunningProduct } from './support/product';
import { eventually, shell } from './support/shell-page';

const SUITE = 'settings';

let product: RunningProduct;
let browser: BrowserSession;

beforeAll(async () => {
  product = await startProduct({ env: { MODULES: 'identity,pipeline,tickets,settings' } });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const base = () => product.url;
const moduleSwitch = (page: Page, module: string) => page.locator(`li[data-module="${module}"] [role="switch"]`);
const navCount = (page: Page, label: string) => shell.navLink(page, label).count();

const signInAs = (page: Page, handle: string) => shell.signInAs(page, base(), handle);

describe('settings as the owner', () => {
  it('switching Tickets off takes it out of the sidebar; switching it on brings it back', async () => {
    const { page } = browser;
    await signInAs(page, 'luke');
    await page.goto(`${base()}/settings/modules`);
    await moduleSwitch(page, 'tickets').waitFor();
    await eventually(() => navCount(page, 'Tickets'), (n) => n === 1);
    expect(await moduleSwitch(page, 'identity').isDisabled()).toBe(true);
    expect(await moduleSwitch(page, 'settings').isDisabled()).toBe(true);

    const off = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/modules') && r.request().method() === 'PUT');
    await moduleSwitch(page, 'tickets').click();
    expect((await off).status()).toBe(200);
    await eventually(() => moduleSwitch(page, 'tickets').getAttribute('aria-checked'), (v) => v === 'false');
    await eventually(() => navCount(page, 'Tickets'), (n) => n === 0);
    // The Ticket SLA section belongs to tickets: it goes too.
    await eventually(() => page.locator('nav[aria-label="Settings sections"] a', { hasText: 'Ticket SLA' }).count(), (n) => n === 0);
    await screenshot(page, SUITE, 'tickets-off');

    // Still off after a reload (it is the server's answer, not local state).
    await page.reload();
    await moduleSwitch(page, 'tickets').waitFor();
    expect(await moduleSwitch(page, 'tickets').getAttribute('aria-checked')).toBe('false');
    await eventually(() => navCount(page, 'Pipeline'), (n) => n === 1);
    expect(await navCount(page, 'Tickets')).toBe(0);

    const on = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/modules') && r.request().method() === 'PUT');
    await moduleSwitch(page, 'tickets').focus();
    await page.keyboard.press('Space');
    expect((await on).status()).toBe(200);
    await eventually(() => navCount(page, 'Tickets'), (n) => n === 1);
    await screenshot(page, SUITE, 'tickets-on');
  });

  it('the theme applies the moment it is picked', async () => {
    const { page } = browser;
    await page.goto(`${base()}/settings/preferences`);
    const dark = page.getByRole('radio', { name: 'Dark' });
    await dark.waitFor();
    await dark.click();
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme), (t) => t === 'dark', 2000);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/preferences') && r.request().method() === 'PATCH');
    await page.getByRole('radio', { name: 'Light' }).click();
    expect((await saved).status()).toBe(200);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('a refused profile field shows its error under the field; Esc puts the saved value back', async () => {
    const { page } = browser;
    await page.goto(`${base()}/settings/profile`);
    const timezone = page.getByLabel('Time zone');
    await timezone.waitFor();
    const savedValue = await timezone.inputValue();
    await timezone.fill('Mars/Olympus_Mons');
    await timezone.press('Enter'); // Enter submits
    await page.getByText("'Mars/Olympus_Mons' is not a known time zone").waitFor();
    expect(await timezone.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, SUITE, 'profile-error');
    await timezone.press('Escape');
    await eventually(() => timezone.inputValue(), (v) => v === savedValue);
  });
  it('stages reorder from the keyboard and stay reordered after a reload', async () => {
    const { page } = browser;
    await page.goto(`${base()}/settings/pipeline`);
    const handle = page.getByRole('button', { name: /^Reorder Onboarding/ });
    await handle.waitFor();
    await handle.focus();
    await page.keyboard.press('Alt+ArrowDown');
    expect(await page.getByLabel('Stage 2 name').inputValue()).toBe('Onboarding');
    expect(await page.getByLabel('Stage 1 name').inputValue()).toBe('Installation');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/clients/stages') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Save stages' }).click();
    expect((await saved).status()).toBe(200);
    await screenshot(page, SUITE, 'stages-reordered');
    await page.reload();
    await page.getByLabel('Stage 2 name').waitFor();
    await eventually(() => page.getByLabel('Stage 2 name').inputValue(), (v) => v === 'Onboarding');
  });

  it('an invitation shows its link once', async () => {
    const { page } = browser;
    await page.goto(`${base()}/settings/team`);
    await page.locator('tr[data-user-id]').first().waitFor();
    await page.getByRole('button', { name: 'Invite' }).click();
    const email = page.getByRole('dialog').getByLabel('Email');
    await email.fill('new.hire@chasedigital.agency');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/invitations') && r.request().method() === 'POST');
    await email.press('Enter');
    expect((await created).status()).toBe(201);
    const link = await page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/token=[A-Za-z0-9_-]{16,}/);
    await screenshot(page, SUITE, 'invitation-link');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('new.hire@chasedigital.agency').waitFor();
    expect(await page.getByTestId('invite-link').count()).toBe(0);
  });

  it('a pending invitation gets a new link (the old one stops working) or is revoked', async () => {
    const { page } = browser;
    const row = page.getByTestId('pending-invitations').locator('li', { hasText: 'new.hire@chasedigital.agency' });
    await row.waitFor();
    const resent = page.waitForResponse((r) => /\/api\/v1\/invitations\/[^/]+\/resend$/.test(r.url()));
    await row.getByRole('button', { name: /new link/i }).click();
    expect((await resent).status()).toBe(200);
    const link = await page.getByTestId('resent-link').inputValue();
    expect(link).toMatch(/token=[A-Za-z0-9_-]{16,}/);
    await screenshot(page, SUITE, 'invitation-new-link');
    await page.getByRole('button', { name: 'Done' }).click();
    const revoked = page.waitForResponse((r) => r.url().includes('/api/v1/invitations/') && r.request().method() === 'DELETE');
    await row.getByRole('button', { name: /revoke/i }).click();
    expect((await revoked).status()).toBe(200);
    await row.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('tr[data-user-id]').first().waitFor();
    expect(await page.getByText('new.hire@chasedigital.agency').count()).toBe(0);
  });
});

describe('settings as a member', () => {
  it('shows the settings without the controls that change them', async () => {
    const { page } = browser;
    await shell.signOut(page);
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await signInAs(page, 'jeff');

    await page.goto(`${base()}/settings/modules`);
    await moduleSwitch(page, 'tickets').waitFor();
    for (const module of ['identity', 'pipeline', 'tickets', 'settings']) expect(await moduleSwitch(page, module).isDisabled()).toBe(true);

    await page.goto(`${base()}/settings/profile`);
    await page.getByLabel('Time zone').waitFor();
    expect(await page.getByLabel('Time zone').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);

    await page.goto(`${base()}/settings/team`);
    await page.locator('tr[data-user-id]').first().waitFor();
    expect(await page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Deactivate' }).count()).toBe(0);

    await page.goto(`${base()}/settings/pipeline`);
    await page.getByLabel('Stage 1 name').waitFor();
    expect(await page.getByLabel('Stage 1 name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save stages' }).count()).toBe(0);
    await screenshot(page, SUITE, 'member-pipeline');
  });
});
