/**
 * Tickets in a real browser against the real product (gateway + identity + pipeline + tickets,
 * shell and remote built and served by the gateway, a private seeded database): create a
 * ticket, move it across the board, resolve it with notes, reload — all kept; a change the
 * server refuses, or a resolve without notes, rolls back with a toast.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { shell } from './support/shell-page';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';

const REMOTE_DIR = path.join(ROOT, 'remotes/tickets');
const SUITE = 'tickets';

let app: RunningApp;
let browser: BrowserSession;
let cleanup: () => Promise<void> = async () => undefined;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The harness builds the shell; the tickets remote is built here when its sources are newer. */
function buildTicketsRemote(): void {
  const entry = path.join(REMOTE_DIR, 'dist', 'remoteEntry.js');
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(newestSource(REMOTE_DIR), newestSource(path.join(ROOT, 'remotes/sdk'))))
    return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], {
    cwd: REMOTE_DIR,
    stdio: 'inherit',
  });
}

/** A private database: a new one on DATABASE_URL's server (CI), else an embedded PostgreSQL in a temporary folder. */
async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_tickets_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-tickets-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54330 + (process.pid % 25));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildTicketsRemote();
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline', 'tickets'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: ROOT },
    logLevel: 'error',
    log: () => undefined,
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cleanup();
});

const base = () => app.url!.replace('localhost', '127.0.0.1');
const column = (page: Page, status: string) => page.locator(`section.tk-column[data-status="${status}"]`);
const card = (page: Page, text: string) => page.locator('.tk-card[data-ticket-id]', { hasText: text });
const TITLE = `Checkout pixel silent after theme update ${process.pid}`;

const signIn = (page: Page) => shell.signInAs(page, base(), 'josh');

const drag = (page: Page, text: string, toStatus: string) => shell.drag(page, card(page, text), column(page, toStatus));

describe('tickets', () => {
  it('creates a ticket from the list with the keyboard (C) and opens it in the drawer', async () => {
    const { page } = browser;
    await signIn(page);
    await page.goto(`${base()}/tickets`);
    await page.getByRole('table', { name: 'Tickets' }).locator('tbody tr[tabindex]').first().waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'New ticket' });
    await dialog.waitFor();
    await dialog.getByLabel('Title').fill(TITLE);
    await dialog.getByRole('combobox', { name: 'Client' }).click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    const res = await created;
    expect(res.status()).toBe(201);
    expect(res.request().headers()['idempotency-key']).toBeTruthy();
    const drawer = page.locator('.aos-drawer');
    await drawer.getByText(TITLE).first().waitFor();
    await drawer.getByText('opened #').waitFor();
    await screenshot(page, SUITE, 'created');
    await page.keyboard.press('Escape');
  });

  it('moves the ticket across the board, resolves it with notes, and keeps it all after a reload', async () => {
    const { page } = browser;
    await page.goto(`${base()}/tickets?view=board`);
    await card(page, TITLE).waitFor();
    expect(await column(page, 'new').locator('.tk-card', { hasText: TITLE }).count()).toBe(1);

    const moved = page.waitForResponse((r) => r.url().endsWith('/status') && r.request().method() === 'PATCH');
    await drag(page, TITLE, 'in_progress');
    // Optimistic: the card is in its new column before the server answers.
    await column(page, 'in_progress').locator('.tk-card', { hasText: TITLE }).waitFor();
    expect((await moved).status()).toBe(200);

    await drag(page, TITLE, 'resolved');
    const ask = page.getByRole('dialog', { name: /Resolve #/ });
    await ask.waitFor();
    await ask.getByLabel('Resolution notes').fill('Pixel re-added through GTM; Purchase events verified in Test Events.');
    const resolved = page.waitForResponse((r) => r.url().endsWith('/resolve') && r.request().method() === 'POST');
    await ask.getByRole('button', { name: 'Resolve ticket' }).click();
    expect((await resolved).status()).toBe(200);
    await column(page, 'resolved').locator('.tk-card', { hasText: TITLE }).waitFor();
    await screenshot(page, SUITE, 'resolved');

    await page.reload();
    await column(page, 'resolved').locator('.tk-card', { hasText: TITLE }).waitFor();
    expect(await column(page, 'in_progress').locator('.tk-card', { hasText: TITLE }).count()).toBe(0);
    await card(page, TITLE).click();
    const drawer = page.locator('.aos-drawer');
    await drawer.getByText('Pixel re-added through GTM', { exact: false }).first().waitFor();
    await drawer.getByText('resolved it').waitFor();
    await drawer.getByText('In progress').first().waitFor();
    await screenshot(page, SUITE, 'after-reload');
    await page.keyboard.press('Escape');
  });

  it('a change the server refuses rolls back with a toast that says so', async () => {
    const { page } = browser;
    const victim = 'Call tracking numbers not swapping on mobile';
    await card(page, victim).waitFor();
    expect(await column(page, 'new').locator('.tk-card', { hasText: victim }).count()).toBe(1);
    await page.route('**/api/v1/tickets/*/status', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          name: 'ConflictError',
          message: 'Changes are frozen during the audit',
          code: 409,
          type: 'FROZEN',
          data: null,
        }),
      }),
    );
    await drag(page, victim, 'waiting_client');
    await page.getByText(/Could not move #\d+ to Waiting on client: #\d+ is back in New/).waitFor();
    await column(page, 'new').locator('.tk-card', { hasText: victim }).waitFor();
    expect(await column(page, 'waiting_client').locator('.tk-card', { hasText: victim }).count()).toBe(0);
    await screenshot(page, SUITE, 'rolled-back');
    await page.unroute('**/api/v1/tickets/*/status');
  });

  it('moving to Resolved without notes puts the card back', async () => {
    const { page } = browser;
    const victim = 'Call tracking numbers not swapping on mobile';
    await drag(page, victim, 'resolved');
    const ask = page.getByRole('dialog', { name: /Resolve #/ });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/Resolving needs resolution notes: #\d+ is back in New/).waitFor();
    await column(page, 'new').locator('.tk-card', { hasText: victim }).waitFor();
    expect(await column(page, 'resolved').locator('.tk-card', { hasText: victim }).count()).toBe(0);
    expect(browser.errors.filter((e) => !/status of (401|409)/.test(e))).toEqual([]);
  });
});
