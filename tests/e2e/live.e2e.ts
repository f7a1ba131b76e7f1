/**
 * Live updates in two real browsers (issue 13): Josh and Garrett are signed in at the same
 * time, each tab holding one live stream (SSE). A card Garrett moves on the pipeline board
 * appears in Josh's board's new column within a second, without a reload; a ticket Garrett
 * drags to another status on his board shows the new status in Josh's ticket list the same way.
 */
import path from 'node:path';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { demo } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { shell } from './support/shell-page';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';

const SUITE = 'live';
/**
 * How soon the other browser must show a change (ms from the server's answer to the write).
 * The issue asks for one second; a machine far more loaded than CI can widen it with LIVE_E2E_BUDGET_MS.
 */
const BUDGET_MS = Number(process.env.LIVE_E2E_BUDGET_MS ?? 1000);

let app: RunningApp;
let josh: BrowserSession;
let garrett: BrowserSession;
let cleanup: () => Promise<void> = async () => undefined;

async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_live_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-live-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54385 + (process.pid % 25));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const base = () => app.url!.replace('localhost', '127.0.0.1');

async function apiAs(handle: string, method: string, route: string, body?: unknown) {
  const login = await fetch(`${base()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.user('chase-digital', handle).email, password: demo.password() }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${base()}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  buildShellAndFixtures();
  for (const remote of ['pipeline', 'tickets']) {
    if (!existsSync(path.join(ROOT, 'remotes', remote, 'dist', 'remoteEntry.js'))) throw new Error(`remotes/${remote} is not built: run node scripts/build-web.js`);
  }
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline', 'tickets', 'settings'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: ROOT },
    logLevel: 'error',
    log: () => undefined,
  });
  [josh, garrett] = await Promise.all([launchBrowser(), launchBrowser()]);
  await Promise.all([shell.signInAs(josh.page, base(), 'josh'), shell.signInAs(garrett.page, base(), 'garrett')]);
}, 240_000);

afterAll(async () => {
  await josh?.close();
  await garrett?.close();
  await app?.stop();
  await cleanup();
});

const column = (page: Page, stage: string) => page.locator(`section.pl-column[data-stage="${stage}"]`);
const card = (page: Page, name: string) => page.locator('.pl-card[data-client-id]', { hasText: name });

/** Wait until this tab's live stream is open (the shell mirrors it on `<html data-live>`). */
async function streamOpen(page: Page): Promise<void> {
  await page.locator('html[data-live="open"]').waitFor({ state: 'attached', timeout: 15_000 });
}

describe('live updates between two signed-in browsers', () => {
  it('a pipeline move in one browser appears in the other within a second', async () => {
    await Promise.all([josh.page.goto(`${base()}/pipeline`), garrett.page.goto(`${base()}/pipeline`)]);
    const name = 'Bloom & Co Skincare';
    await card(josh.page, name).waitFor();
    await card(garrett.page, name).waitFor();
    const from = await card(josh.page, name).evaluate((el) => el.closest('section.pl-column')?.getAttribute('data-stage'));
    const to = from === 'installation' ? 'audit' : 'installation';
    await streamOpen(josh.page);

    const saved = garrett.page.waitForResponse((r) => r.url().includes('/stage') && r.request().method() === 'PATCH');
    await shell.drag(garrett.page, card(garrett.page, name), column(garrett.page, to));
    expect((await saved).status()).toBe(200);
    const t0 = Date.now();
    await column(josh.page, to).locator('.pl-card', { hasText: name }).waitFor({ timeout: BUDGET_MS });
    expect(Date.now() - t0).toBeLessThan(BUDGET_MS);
    await screenshot(josh.page, SUITE, 'moved-elsewhere');
  });

  it("a ticket status change appears in the other browser's ticket list", async () => {
    const created = await apiAs('josh', 'POST', '/tickets', { title: `Live status ${process.pid}`, clientId: demo.clientIds('chase-digital')[0], priority: 'medium' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await josh.page.goto(`${base()}/tickets`);
    const row = josh.page.locator('tr', { hasText: `Live status ${process.pid}` });
    await row.waitFor();
    await row.getByText('New').waitFor();
    await streamOpen(josh.page);

    // Garrett drags it to "In progress" on his board; Josh's list follows.
    await garrett.page.goto(`${base()}/tickets?view=board`);
    const tkCard = garrett.page.locator('.tk-card[data-ticket-id]', { hasText: `Live status ${process.pid}` });
    await tkCard.waitFor();
    await streamOpen(garrett.page);
    const moved = garrett.page.waitForResponse((r) => r.url().endsWith(`/tickets/${id}/status`) && r.request().method() === 'PATCH');
    await shell.drag(garrett.page, tkCard, garrett.page.locator('section.tk-column[data-status="in_progress"]'));
    expect((await moved).status()).toBe(200);
    const t0 = Date.now();
    await row.getByText('In progress').waitFor({ timeout: BUDGET_MS });
    expect(Date.now() - t0).toBeLessThan(BUDGET_MS);
    // And a change made elsewhere (the API) reaches Garrett's board the same way.
    expect((await apiAs('josh', 'PATCH', `/tickets/${id}/status`, { status: 'waiting_client' })).status).toBe(200);
    await garrett.page.locator('section.tk-column[data-status="waiting_client"]').locator('.tk-card', { hasText: `Live status ${process.pid}` }).waitFor({ timeout: BUDGET_MS });
    await screenshot(josh.page, SUITE, 'ticket-status');
    expect([...josh.errors, ...garrett.errors].filter((e) => !/status of (401|404)/.test(e))).toEqual([]);
  });
});
