/**
 * Concurrent edits in two real browsers (issue 9 §8–9): Josh and Garrett have the same ticket
 * open. Garrett raises the priority; Josh, still looking at the old version, lowers it — his
 * save is refused (412) and the drawer says what Garrett changed, with Reload and Overwrite.
 * Overwrite saves Josh's change against Garrett's version and the timeline shows it at once
 * (the write answers the saved row); Reload takes the other person's version. The same on a
 * client's overview form, where tags go as add/remove so both people's tags are kept.
 * And on the settings SLA policy form and the agency profile (Luke and Garrett, both allowed to
 * manage them). Last, the snapshot chips of a past period's drill-down (`?openAt=` on tickets,
 * `?asOf=` on the pipeline) show and can be cleared.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demo } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { shell } from './support/shell-page';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';

const SUITE = 'conflicts';
const REMOTE_DIR = path.join(ROOT, 'remotes/tickets');

let app: RunningApp;
let josh: BrowserSession;
let garrett: BrowserSession;
let cleanup: () => Promise<void> = async () => undefined;
let ticket: { id: string; number: number };

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

async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_conflicts_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-conflicts-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54360 + (process.pid % 25));
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
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildTicketsRemote();
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
  const created = await apiAs('josh', 'POST', '/tickets', {
    title: `Two editors ${process.pid}`,
    clientId: demo.clientIds('chase-digital')[0],
    priority: 'medium',
  });
  expect(created.status).toBe(201);
  ticket = created.body as unknown as { id: string; number: number };
  [josh, garrett] = await Promise.all([launchBrowser(), launchBrowser()]);
  // These tests are about a screen showing an older version. The live channel (issue 13) would
  // refresh it before the second save, so it is cut here (no stream: the screens stay as loaded).
  for (const b of [josh, garrett]) await b.page.route(/\/api\/v1\/live\?/, (route) => route.fulfill({ status: 204, body: '' }));
}, 240_000);

afterAll(async () => {
  await josh?.close();
  await garrett?.close();
  await app?.stop();
  await cleanup();
});

/**
 * Sign in unless this browser already has a session: the shell sends a signed-in visitor of
 * /login straight on (no form), so a second `signInAs` in the same browser would wait for a form
 * that never comes. Opens `/`; signs in only when it lands on the login page.
 */
async function ensureSignedIn(page: Page, handle: string): Promise<void> {
  await page.goto(`${base()}/`);
  await shell.emailInput(page).or(shell.navLinks(page).first()).first().waitFor();
  if (new URL(page.url()).pathname.startsWith('/login')) await shell.signInAs(page, base(), handle);
}

async function openTicket(page: Page, handle: string): Promise<void> {
  await shell.signInAs(page, base(), handle);
  await page.goto(`${base()}/tickets?ticket=${ticket.id}`);
  await page.locator('.aos-drawer').getByRole('combobox', { name: 'Priority' }).waitFor();
}

async function choosePriority(page: Page, label: string): Promise<number> {
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${ticket.id}`) && r.request().method() === 'PATCH');
  await page.locator('.aos-drawer').getByRole('combobox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: label }).click();
  return (await saved).status();
}

describe('two people editing one ticket', () => {
  it('the stale save shows what changed; Overwrite saves mine and the timeline has it at once', async () => {
    await Promise.all([openTicket(josh.page, 'josh'), openTicket(garrett.page, 'garrett')]);

    expect(await choosePriority(garrett.page, 'Critical')).toBe(200);
    // Garrett's own drawer: the timeline shows his change without a reload.
    await garrett.page
      .locator('.aos-drawer')
      .getByText(/changed priority from\s*Medium\s*to\s*Critical/)
      .waitFor();

    const refused = josh.page.waitForRequest((r) => r.url().endsWith(`/api/v1/tickets/${ticket.id}`) && r.method() === 'PATCH');
    expect(await choosePriority(josh.page, 'Low')).toBe(412);
    expect((await refused).headers()['if-match']).toBe('"1"');
    const notice = josh.page.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText('Someone else changed this while you were editing').waitFor();
    await notice.getByText(/Priority\s*is now\s*Critical/).waitFor();
    await screenshot(josh.page, SUITE, 'conflict-notice');

    const overwrite = josh.page.waitForRequest((r) => r.url().endsWith(`/api/v1/tickets/${ticket.id}`) && r.method() === 'PATCH');
    await notice.getByRole('button', { name: 'Overwrite' }).click();
    expect((await overwrite).headers()['if-match']).toBe('"2"');
    await notice.waitFor({ state: 'detached' });
    const drawer = josh.page.locator('.aos-drawer');
    await drawer.getByText(/changed priority from\s*Critical\s*to\s*Low/).waitFor();
    await drawer.getByRole('combobox', { name: 'Priority' }).getByText('Low').waitFor();
    await screenshot(josh.page, SUITE, 'overwritten');
  });

  it('Reload takes the other person’s version', async () => {
    // Garrett still has version 2 (Critical) on screen; Josh saved version 3 (Low).
    expect(await choosePriority(garrett.page, 'High')).toBe(412);
    const notice = garrett.page.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText(/Priority\s*is now\s*Low/).waitFor();
    await notice.getByRole('button', { name: 'Reload' }).click();
    await notice.waitFor({ state: 'detached' });
    await garrett.page.locator('.aos-drawer').getByRole('combobox', { name: 'Priority' }).getByText('Low').waitFor();
    const stored = await apiAs('garrett', 'GET', `/tickets/${ticket.id}`);
    expect(stored.body).toMatchObject({ priority: 'low', version: 3 });
    // 404s: screens asking for modules this run does not start (settings, dashboard).
    expect([...josh.errors, ...garrett.errors].filter((e) => !/status of (401|404|412)/.test(e))).toEqual([]);
  });
});

describe('two people editing one client', () => {
  let client: { id: string; name: string };
  beforeAll(async () => {
    const created = await apiAs('josh', 'POST', '/clients', { name: `Shared Account ${process.pid}`, tags: ['vip'] });
    expect(created.status).toBe(201);
    client = created.body as unknown as { id: string; name: string };
  });

  async function openClient(page: Page) {
    await page.goto(`${base()}/pipeline?client=${client.id}`);
    const drawer = page.getByRole('dialog', { name: client.name });
    await drawer.getByLabel('Company').waitFor();
    return drawer;
  }

  async function save(page: Page, drawer: ReturnType<Page['getByRole']>): Promise<number> {
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/clients/${client.id}`) && r.request().method() === 'PATCH');
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    return (await saved).status();
  }

  it('the stale save lists their changes; Overwrite keeps my company and both people’s tags', async () => {
    const [mine, theirs] = await Promise.all([openClient(josh.page), openClient(garrett.page)]);

    await theirs.getByLabel('Company').fill('Their Holdings');
    await theirs.getByLabel('Tags').fill('vip, seo');
    expect(await save(garrett.page, theirs)).toBe(200);

    await mine.getByLabel('Company').fill('My Holdings');
    await mine.getByLabel('Tags').fill('vip, ppc');
    expect(await save(josh.page, mine)).toBe(412);
    const notice = mine.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText(/Company\s*is now\s*Their Holdings/).waitFor();
    await notice.getByText(/Tags\s*is now\s*vip, seo/).waitFor();
    await screenshot(josh.page, SUITE, 'client-conflict');

    const overwrite = josh.page.waitForRequest((r) => r.url().endsWith(`/api/v1/clients/${client.id}`) && r.method() === 'PATCH');
    await notice.getByRole('button', { name: 'Overwrite' }).click();
    const sent = await overwrite;
    expect(sent.headers()['if-match']).toBe('"2"');
    // Tags go as operations against what I loaded: Garrett's "seo" is not dropped.
    expect(JSON.parse(sent.postData() ?? '{}')).toMatchObject({ company: 'My Holdings', tags: { add: ['ppc'] } });
    await notice.waitFor({ state: 'detached' });
    const stored = await apiAs('josh', 'GET', `/clients/${client.id}`);
    expect(stored.body).toMatchObject({ company: 'My Holdings', version: 3 });
    expect([...(stored.body.tags as string[])].sort()).toEqual(['ppc', 'seo', 'vip']);
  });

  it('a stale tick on a task is refused (412): the list reloads with their change and a toast says why', async () => {
    const created = await apiAs('josh', 'POST', `/clients/${client.id}/tasks`, { title: 'Send kickoff deck' });
    expect(created.status).toBe(201);
    const task = created.body as unknown as { id: string; version: number };
    const openTasks = async (page: Page) => {
      const drawer = await openClient(page);
      await drawer.getByRole('tab', { name: 'Tasks' }).click();
      await drawer.getByRole('checkbox', { name: 'Send kickoff deck: to do' }).waitFor();
      return drawer;
    };
    const [mine, theirs] = await Promise.all([openTasks(josh.page), openTasks(garrett.page)]);
    const tick = (page: Page, drawer: ReturnType<Page['getByRole']>) => {
      const sent = page.waitForResponse(
        (r) => r.url().endsWith(`/api/v1/clients/${client.id}/tasks/${task.id}`) && r.request().method() === 'PATCH',
      );
      return drawer
        .getByRole('checkbox', { name: 'Send kickoff deck: to do' })
        .click()
        .then(() => sent);
    };

    expect((await tick(garrett.page, theirs)).status()).toBe(200);
    const stale = await tick(josh.page, mine);
    expect(stale.status()).toBe(412);
    expect(stale.request().headers()['if-match']).toBe(`"${task.version}"`);
    await josh.page.locator('.aos-toast', { hasText: '“Send kickoff deck” was changed by someone else' }).waitFor();
    // The reloaded list shows Garrett's tick (done), not Josh's rolled-back view.
    await mine.getByRole('checkbox', { name: 'Send kickoff deck: done' }).waitFor();
  });
});

describe('Luke (owner) and Garrett (admin) editing the SLA policy (settings)', () => {
  // Josh is a manager and only reads the policy: a third browser signs in as Luke.
  let luke: BrowserSession;
  beforeAll(async () => {
    luke = await launchBrowser();
    await shell.signInAs(luke.page, base(), 'luke');
  }, 60_000);
  afterAll(async () => {
    await luke?.close();
  });

  async function openPolicy(page: Page) {
    await page.goto(`${base()}/settings/tickets`);
    const form = page.getByRole('form', { name: 'Ticket SLA policy' });
    await page.getByRole('radio', { name: 'Minutes' }).click();
    await form.getByLabel('Critical first response (minutes)').waitFor();
    return form;
  }

  async function savePolicy(page: Page, form: ReturnType<Page['getByRole']>): Promise<number> {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/tickets/sla-policy') && r.request().method() === 'PUT');
    await form.getByRole('button', { name: 'Save policy' }).click();
    return (await saved).status();
  }

  it('a stale save names their targets; Reload shows them, Overwrite saves mine against their version', async () => {
    const [mine, theirs] = await Promise.all([openPolicy(luke.page), openPolicy(garrett.page)]);
    const loaded = await apiAs('josh', 'GET', '/tickets/sla-policy');

    await theirs.getByLabel('Critical first response (minutes)').fill('20');
    expect(await savePolicy(garrett.page, theirs)).toBe(200);

    await mine.getByLabel('Critical first response (minutes)').fill('45');
    const stale = luke.page.waitForRequest((r) => r.url().endsWith('/api/v1/tickets/sla-policy') && r.method() === 'PUT');
    expect(await savePolicy(luke.page, mine)).toBe(412);
    expect((await stale).headers()['if-match']).toBe(`"${String(loaded.body.version)}"`);
    const notice = luke.page.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText(/Critical\s*is now\s*20 min/).waitFor();
    await screenshot(luke.page, SUITE, 'sla-policy-conflict');

    const current = await apiAs('josh', 'GET', '/tickets/sla-policy');
    const overwrite = luke.page.waitForRequest((r) => r.url().endsWith('/api/v1/tickets/sla-policy') && r.method() === 'PUT');
    await notice.getByRole('button', { name: 'Overwrite' }).click();
    expect((await overwrite).headers()['if-match']).toBe(`"${String(current.body.version)}"`);
    await notice.waitFor({ state: 'detached' });
    const stored = await apiAs('josh', 'GET', '/tickets/sla-policy');
    expect((stored.body.policy as Record<string, { firstResponseMinutes: number }>).critical.firstResponseMinutes).toBe(45);

    // Garrett is now the stale one: Reload takes Josh's targets into his form.
    await theirs.getByLabel('Critical first response (minutes)').fill('25');
    expect(await savePolicy(garrett.page, theirs)).toBe(412);
    const his = garrett.page.getByRole('alert', { name: 'Edit conflict' });
    await his.getByRole('button', { name: 'Reload' }).click();
    await his.waitFor({ state: 'detached' });
    await garrett.page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('input[aria-label="Critical first response (minutes)"]')?.value === '45',
    );
  });
});

describe('Luke (owner) and Garrett (admin) editing the agency profile (settings)', () => {
  let luke: BrowserSession;
  beforeAll(async () => {
    luke = await launchBrowser();
    await Promise.all([shell.signInAs(luke.page, base(), 'luke'), ensureSignedIn(garrett.page, 'garrett')]);
  }, 60_000);
  afterAll(async () => {
    await apiAs('luke', 'PATCH', '/settings/profile', { defaultCurrency: 'USD' });
    await luke?.close();
  });

  async function openProfile(page: Page) {
    await page.goto(`${base()}/settings/profile`);
    const form = page.getByRole('form', { name: 'Agency profile' });
    await form.getByLabel('Default currency').waitFor();
    return form;
  }
  async function saveProfile(page: Page, form: ReturnType<Page['getByRole']>): Promise<number> {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/profile') && r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save changes' }).click();
    return (await saved).status();
  }

  it('a stale save names their change; Overwrite saves mine against their version; Reload takes theirs', async () => {
    const [mine, theirs] = await Promise.all([openProfile(luke.page), openProfile(garrett.page)]);
    const loaded = await apiAs('luke', 'GET', '/settings/profile');

    await theirs.getByLabel('Default currency').fill('EUR');
    expect(await saveProfile(garrett.page, theirs)).toBe(200);

    await mine.getByLabel('Default currency').fill('GBP');
    const stale = luke.page.waitForRequest((r) => r.url().endsWith('/api/v1/settings/profile') && r.method() === 'PATCH');
    expect(await saveProfile(luke.page, mine)).toBe(412);
    expect((await stale).headers()['if-match']).toBe(`"${String(loaded.body.version)}"`);
    const notice = luke.page.getByRole('alert', { name: 'Edit conflict' });
    await notice.getByText(/Default currency\s*is now\s*EUR/).waitFor();
    await screenshot(luke.page, SUITE, 'profile-conflict');

    const current = await apiAs('luke', 'GET', '/settings/profile');
    const overwrite = luke.page.waitForRequest((r) => r.url().endsWith('/api/v1/settings/profile') && r.method() === 'PATCH');
    await notice.getByRole('button', { name: 'Overwrite' }).click();
    expect((await overwrite).headers()['if-match']).toBe(`"${String(current.body.version)}"`);
    await notice.waitFor({ state: 'detached' });
    expect((await apiAs('luke', 'GET', '/settings/profile')).body.defaultCurrency).toBe('GBP');

    // Garrett still has EUR's version on screen: his next save is refused; Reload shows GBP.
    await theirs.getByLabel('Display name').fill('Chase Digital HQ');
    expect(await saveProfile(garrett.page, theirs)).toBe(412);
    const his = garrett.page.getByRole('alert', { name: 'Edit conflict' });
    await his.getByText(/Default currency\s*is now\s*GBP/).waitFor();
    await his.getByRole('button', { name: 'Reload' }).click();
    await his.waitFor({ state: 'detached' });
    await garrett.page.waitForFunction(() => {
      const form = document.querySelector('form[aria-label="Agency profile"]');
      return [...(form?.querySelectorAll('input') ?? [])].some((i) => (i as HTMLInputElement).value === 'GBP');
    });
    expect((await apiAs('luke', 'GET', '/settings/profile')).body.displayName).not.toBe('Chase Digital HQ');
  });
});

describe('snapshot drill-down chips (a dashboard card of a past period)', () => {
  const openAt = '2025-06-09T04:00:00.000Z';
  beforeAll(async () => {
    await ensureSignedIn(josh.page, 'josh');
  }, 60_000);

  it('tickets ?openAt= shows an "Open at" chip that asks the list as of then; removing it asks for today', async () => {
    const page = josh.page;
    const ticketsList = (url: string) => /^\/api\/v1\/tickets(\/board)?$/.test(new URL(url).pathname);
    const first = page.waitForRequest((r) => ticketsList(r.url()) && r.url().includes('openAt='));
    await page.goto(`${base()}/tickets?openAt=${encodeURIComponent(openAt)}`);
    expect(new URL((await first).url()).searchParams.get('openAt')).toBe(openAt);
    const chip = page.locator('.tk-active-chip', { hasText: /^Open at / });
    await chip.waitFor();
    await screenshot(page, SUITE, 'open-at-chip');
    const today = page.waitForRequest((r) => ticketsList(r.url()) && !r.url().includes('openAt='));
    await chip.getByRole('button', { name: /^Remove filter Open at / }).click();
    await today;
    await chip.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('openAt')).toBe(false);
  });

  it('pipeline ?asOf= shows an "As of" chip that asks the board as of then; removing it asks for today', async () => {
    const page = josh.page;
    const board = (url: string) => new URL(url).pathname === '/api/v1/clients/board';
    const first = page.waitForRequest((r) => board(r.url()) && r.url().includes('asOf='));
    await page.goto(`${base()}/pipeline?asOf=${encodeURIComponent(openAt)}`);
    expect(new URL((await first).url()).searchParams.get('asOf')).toBe(openAt);
    const chip = page.locator('.pl-chip', { hasText: /As of / });
    await chip.waitFor();
    await screenshot(page, SUITE, 'as-of-chip');
    const today = page.waitForRequest((r) => board(r.url()) && !r.url().includes('asOf='));
    await chip.getByRole('button', { name: 'Remove filter' }).click();
    await today;
    await chip.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('asOf')).toBe(false);
  });
});
