/**
 * Automations in a real browser against the real product (gateway + identity + pipeline +
 * automations in one process, shell and remote served by the gateway, a private seeded
 * database): Luke (owner) builds a workflow from the welcome template in the sentence builder
 * (a 422 lands under the field it is about; a concurrent save is a 412 he overwrites), tests it
 * on a recent real event, switches it on, a client moves to Onboarding, and the run
 * shows up in the run history with every step succeeded (and the tasks exist); a step waiting
 * for approval is rejected with a comment from the approvals inbox. Jeff (member)
 * has no Automations entry and the API refuses him.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { demo } from '@audienceos/module-sdk';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { eventually, shell } from './support/shell-page';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';

const SUITE = 'automations';
const NAME = 'Welcome sequence (browser test)';
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

/** The harness builds the shell; the remote this suite shows is built here when stale. */
function buildRemote(name: string): void {
  const dir = path.join(ROOT, 'remotes', name);
  const entry = path.join(dir, 'dist', 'remoteEntry.js');
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(newestSource(dir), newestSource(path.join(ROOT, 'remotes/sdk')))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], {
    cwd: dir,
    stdio: 'inherit',
  });
}

async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_auto_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-auto-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54385 + (process.pid % 10));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildRemote('automations');
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline', 'automations'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: ROOT },
    logLevel: 'error',
    log: () => undefined,
  });
  browser = await launchBrowser();
}, 480_000); // builds the shell and the remote when stale (slow while other work changes the SDK)

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cleanup();
});

const base = () => app.url!.replace('localhost', '127.0.0.1');
const tokens = new Map<string, string>();

async function apiAs(handle: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  if (!tokens.has(handle)) {
    const login = await fetch(`${base()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.user('chase-digital', handle).email, password: demo.password() }),
    });
    tokens.set(handle, ((await login.json()) as { accessToken: string }).accessToken);
  }
  const res = await fetch(base() + p, {
    method,
    headers: { authorization: `Bearer ${tokens.get(handle)}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

interface Client {
  id: string;
  name: string;
  stage: string;
}

describe('automations', () => {
  let clients: Client[] = [];

  it('as the owner: a workflow from the welcome template, tested on a real event, switched on, runs when a client enters Onboarding', async () => {
    const { page } = browser;
    clients = ((await apiAs('luke', 'GET', '/api/v1/clients?limit=100')).json.items as Client[]).filter((c) => c.stage !== 'onboarding');
    expect(clients.length).toBeGreaterThanOrEqual(2);
    const [sampled, moved] = clients as [Client, Client];
    // A real event for the test panel: a first client enters Onboarding.
    expect((await apiAs('luke', 'PATCH', `/api/v1/clients/${sampled.id}/stage`, { stage: 'onboarding' })).status).toBe(200);

    await shell.signInAs(page, base(), 'luke');
    await shell.navLink(page, 'Automations').click();
    await page.getByTestId('automation-row').first().waitFor(); // the seeded workflows
    await screenshot(page, SUITE, 'list');

    // Templates gallery → "Use template" → the builder, prefilled, reading like a sentence
    await page.getByRole('tab', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'Use template Welcome sequence' }).waitFor();
    await screenshot(page, SUITE, 'templates');
    await page.getByRole('button', { name: 'Use template Welcome sequence' }).click();
    const steps = page.getByTestId('step');
    await steps.nth(2).waitFor();
    expect(await steps.count()).toBe(3);
    await page.getByText(/When client moved to another stage where to is onboarding/i).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    // The third step waits a day in the template: run it right away here.
    await page.getByRole('listitem', { name: 'Step 3' }).getByLabel('Delay', { exact: true }).fill('');
    // An unknown template variable is refused at save time, and the message sits under that very field
    const title = page.getByRole('listitem', { name: 'Step 1' }).locator('[data-param="title"]');
    await title.getByLabel('Title', { exact: true }).fill('Kickoff call with {{client.nickname}}');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/automations/workflows') && r.request().method() === 'POST');
    await page.getByRole('button', { name: /^Save/ }).click();
    expect((await refused).status()).toBe(422);
    await title
      .getByRole('alert')
      .getByText(/client\.nickname/)
      .waitFor();
    await title.getByLabel('Title', { exact: true }).fill('Kickoff call with {{client.name}}');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/automations/workflows') && r.request().method() === 'POST');
    await page.getByRole('button', { name: /^Save/ }).click();
    expect((await created).status()).toBe(201);
    expect(await title.getByRole('alert').count()).toBe(0);
    await page.waitForURL(/edit=[0-9a-f-]{36}/);
    const workflowId = /edit=([0-9a-f-]{36})/.exec(page.url())![1]!;
    await screenshot(page, SUITE, 'builder');

    // Test run on the recent real event (the engine keeps recent events of every topic)
    await eventually(
      () => apiAs('luke', 'GET', `/api/v1/automations/workflows/${workflowId}/samples`),
      (r) => r.status === 200 && r.json.items.length > 0,
      20_000,
    );
    await page.reload();
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('sample').first().click();
    await panel.getByRole('button', { name: 'Test', exact: true }).click();
    const result = panel.getByTestId('test-result');
    await result.waitFor();
    await result.getByText('Conditions pass').waitFor();
    expect(await result.getByTestId('test-step').count()).toBe(3);
    await result.getByText(`Kickoff call with ${sampled.name}`).waitFor();
    await screenshot(page, SUITE, 'test-run');

    // Someone else saves while Luke edits: his save meets a newer version (412), he overwrites it
    await page.getByLabel('Description (optional)').fill('Kickoff tasks for every new client');
    expect((await apiAs('garrett', 'PATCH', `/api/v1/automations/workflows/${workflowId}`, { name: `${NAME} (Garrett)` })).status).toBe(
      200,
    );
    const stale = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/automations/workflows/${workflowId}`) && r.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: /^Save new version/ }).click();
    expect((await stale).status()).toBe(412);
    const notice = page.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText(`${NAME} (Garrett)`).waitFor();
    await screenshot(page, SUITE, 'conflict');
    const overwritten = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/automations/workflows/${workflowId}`) && r.request().method() === 'PATCH',
    );
    await notice.getByRole('button', { name: 'Overwrite' }).click();
    expect((await overwritten).status()).toBe(200);
    await notice.waitFor({ state: 'detached' });
    const saved = (await apiAs('luke', 'GET', `/api/v1/automations/workflows/${workflowId}`)).json;
    expect([saved.name, saved.description, saved.version]).toEqual([NAME, 'Kickoff tasks for every new client', 3]);

    // Switch it on
    const enabled = page.waitForResponse((r) => r.url().endsWith(`/api/v1/automations/workflows/${workflowId}/enable`));
    await page.getByRole('switch', { name: 'Off' }).click();
    expect((await enabled).status()).toBe(200);
    await page.getByRole('switch', { name: 'On' }).waitFor();

    // A client enters Onboarding while this workflow's history is open: the run appears there by
    // itself (the engine announces the run and each step's status on the live channel), steps succeeded
    await page.getByRole('button', { name: 'Runs' }).click();
    await page.getByRole('tab', { name: 'Run history', selected: true }).waitFor();
    await page.locator('html[data-live="open"]').waitFor({ state: 'attached', timeout: 15_000 });
    expect((await apiAs('josh', 'PATCH', `/api/v1/clients/${moved.id}/stage`, { stage: 'onboarding' })).status).toBe(200);
    const row = page.locator('[data-testid="run-row"][data-status="succeeded"]', { hasText: NAME });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.count()).toBe(1);
    await page.getByTestId('run-stats').waitFor();
    await row.click();
    const detail = page.getByTestId('run-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('succeeded');
    const runSteps = detail.getByTestId('run-step');
    expect(await runSteps.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await runSteps.nth(i).getAttribute('data-status')).toBe('succeeded');
    await screenshot(page, SUITE, 'run');
    await page.keyboard.press('Escape'); // the drawer closes, the list stays
    await detail.waitFor({ state: 'detached' });
    await row.waitFor();

    const tasks = (await apiAs('luke', 'GET', `/api/v1/clients/${moved.id}/tasks`)).json.items as { title: string }[];
    expect(tasks.filter((t) => t.title === `Kickoff call with ${moved.name}`).length).toBeGreaterThanOrEqual(1);

    // The approvals inbox: the seeded off-boarding run waits for a yes; Luke rejects it with a comment
    const waiting = (await apiAs('luke', 'GET', '/api/v1/automations/approvals')).json.items as unknown[];
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    await page.getByRole('tab', { name: /Approvals/ }).click();
    const approval = page.getByTestId('approval').first();
    await approval.getByRole('textbox').fill('We keep access until the final invoice is paid');
    await screenshot(page, SUITE, 'approvals');
    const rejected = page.waitForResponse((r) => /\/api\/v1\/automations\/runs\/[\w-]+\/steps\/\d+\/reject$/.test(r.url()));
    await approval.getByRole('button', { name: 'Reject' }).click();
    expect((await rejected).status()).toBeLessThan(300);
    const left = (await apiAs('luke', 'GET', '/api/v1/automations/approvals')).json.items as unknown[];
    expect(left.length).toBe(waiting.length - 1);
    expect(await page.getByTestId('approval').count()).toBe(waiting.length - 1);
  }, 90_000); // ~40 s on an idle machine; many screens and two real runs

  it('a member has no Automations entry and the API refuses him', async () => {
    const { page } = browser;
    await shell.signOut(page);
    await page.waitForURL((url) => url.pathname.startsWith('/login'));
    await shell.signIn(page, demo.user('chase-digital', 'jeff').email, demo.password());
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await shell.navLink(page, 'Pipeline').waitFor();
    expect(await shell.navLink(page, 'Automations').count()).toBe(0);
    expect((await apiAs('jeff', 'GET', '/api/v1/automations/workflows')).status).toBe(403);
  });
});
