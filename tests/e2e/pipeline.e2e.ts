/**
 * The pipeline board in a real browser against the real product (gateway + identity +
 * pipeline, shell and remote built and served by the gateway, a private seeded database):
 * a dragged card stays moved after a reload; a move the server refuses rolls back with a toast.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demo } from '@audienceos/db';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';

const REMOTE_DIR = path.join(ROOT, 'remotes/pipeline');
const SUITE = 'pipeline';

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

/** The harness builds the shell; the pipeline remote is built here when its sources are newer. */
function buildPipelineRemote(): void {
  const entry = path.join(REMOTE_DIR, 'dist', 'remoteEntry.js');
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(newestSource(REMOTE_DIR), newestSource(path.join(ROOT, 'remotes/sdk')))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: REMOTE_DIR, stdio: 'inherit' });
}

/**
 * A private database: a new one on the server of DATABASE_URL (CI), else an embedded
 * PostgreSQL in a temporary folder. Never the developer's own `.data/pg`.
 */
async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_pipeline_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-pipeline-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54360 + (process.pid % 30));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildPipelineRemote();
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline'],
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
const column = (page: Page, stage: string) => page.locator(`section.pl-column[data-stage="${stage}"]`);
const card = (page: Page, name: string) => page.locator('.pl-card[data-client-id]', { hasText: name });

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base()}/login`);
  await page.getByLabel('Email').fill(demo.user('chase-digital', 'josh').email);
  await page.getByLabel('Password').fill(demo.password());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Pointer drag in small steps: dnd-kit starts a drag only after 5 px of movement. */
async function drag(page: Page, name: string, toStage: string): Promise<void> {
  const from = await card(page, name).boundingBox();
  const to = await column(page, toStage).boundingBox();
  if (!from || !to) throw new Error(`cannot drag ${name} to ${toStage}: not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 6, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
  await page.mouse.up();
}

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
    expect(new URL(page.url()).searchParams.get('client')).toBeNull();
  });

  it('keeps the table view, sort and filter chips in the URL', async () => {
    const { page } = browser;
    await page.goto(`${base()}/pipeline?view=table&health=red&sort=totalSpend&order=desc`);
    await page.getByRole('table', { name: 'Clients' }).getByText('Northstar Home Goods', { exact: true }).waitFor();
    await page.getByText('Health: At risk').waitFor();
    await screenshot(page, SUITE, 'table-at-risk');
    await page.getByRole('button', { name: 'Remove filter' }).click();
    await page.getByRole('table', { name: 'Clients' }).getByText('Copperline Coffee Roasters', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('health')).toBeNull();
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New client' }).waitFor();
    await screenshot(page, SUITE, 'create-dialog');
  });
});
