/**
 * The bell (issue 13) in a real browser against the real product: Jeff has the app open; Josh,
 * in another context (the API, as another person), assigns him a ticket. Jeff's unread count
 * rises by itself (live stream, no reload), the panel lists the notification, and a click opens
 * the ticket's drawer and marks it read. Keyboard: the bell opens with Enter, Esc closes it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demo } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';
import { shell } from './support/shell-page';

const SUITE = 'notifications';
const JEFF_CLIENT = demo.clientIds('chase-digital')[1]!;

let app: RunningApp;
let jeff: BrowserSession;
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

/** The harness builds the shell; the remotes this suite opens are built here when stale. */
function buildRemote(name: string): void {
  const dir = path.join(ROOT, 'remotes', name);
  const entry = path.join(dir, 'dist', 'remoteEntry.js');
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(newestSource(dir), newestSource(path.join(ROOT, 'remotes/sdk')))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: dir, stdio: 'inherit' });
}

async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_notifications_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-notifications-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54385 + (process.pid % 10));
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

const bell = (page: Page) => page.getByTestId('notification-bell');
async function unreadOnBell(page: Page): Promise<number> {
  const label = (await bell(page).getAttribute('aria-label')) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildRemote('tickets');
  buildRemote('notifications');
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'settings', 'pipeline', 'tickets', 'notifications'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: ROOT },
    logLevel: 'error',
    log: () => undefined,
  });
  // Start from a clean bell.
  await apiAs('jeff', 'POST', '/notifications/read-all');
  jeff = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await jeff?.close();
  await app?.stop();
  await cleanup();
});

describe('the bell', () => {
  it('rises when someone assigns me a ticket, and a click opens it', async () => {
    const page = jeff.page;
    await shell.signInAs(page, base(), 'jeff');
    await page.goto(`${base()}/tickets`);
    await bell(page).waitFor();
    const before = await unreadOnBell(page);

    const created = await apiAs('josh', 'POST', '/tickets', { title: `Pixel down ${process.pid}`, clientId: JEFF_CLIENT, assigneeId: demo.user('chase-digital', 'jeff').id });
    expect(created.status).toBe(201);
    const ticket = created.body as { id: string; number: number; title: string };

    // Live: no reload, no polling.
    await page.waitForFunction(
      (n) => Number(/(\d+) unread/.exec(document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') ?? '')?.[1] ?? 0) > n,
      before,
      { timeout: 10_000 },
    );
    expect(await page.getByTestId('notification-count').textContent()).toBe(String(before + 1));
    await screenshot(page, SUITE, 'bell-count');

    // Keyboard: focus the bell, Enter opens the panel, Esc closes it and gives focus back.
    await bell(page).focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('notification-panel');
    await panel.waitFor();
    const item = panel.getByTestId('notification-item').filter({ hasText: `#${ticket.number}` });
    await item.waitFor();
    await screenshot(page, SUITE, 'bell-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await bell(page).evaluate((el) => el === document.activeElement)).toBe(true);

    // Click opens the record and marks it read.
    await bell(page).click();
    await panel.getByTestId('notification-item').filter({ hasText: `#${ticket.number}` }).getByRole('button').first().click();
    await page.waitForURL((url) => url.pathname === '/tickets' && url.searchParams.get('ticket') === ticket.id);
    await page.locator('.aos-drawer').getByText(ticket.title).first().waitFor();
    await page.waitForFunction((n) => !/(\d+) unread/.test(document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') ?? '') || Number(/(\d+) unread/.exec(document.querySelector('[data-testid="notification-bell"]')!.getAttribute('aria-label')!)![1]) <= n, before);
    const listed = await apiAs('jeff', 'GET', '/notifications?limit=5');
    expect(listed.body.items.find((n: any) => n.recordId === ticket.id)?.read).toBe(true);
    expect(jeff.errors.filter((e) => !/status of (401|404)/.test(e))).toEqual([]);
  });
});
