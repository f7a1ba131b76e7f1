/**
 * The knowledge base in a real browser against the real product (gateway + identity +
 * pipeline + tickets + knowledge-base, shell and remotes served by the gateway, a private
 * seeded database): search-first page, two files uploaded at once with a progress bar each
 * and their extraction, search with highlighted terms, the document page with its preview
 * (hostile HTML shown sanitised, nothing runs), and a document attached from a ticket drawer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { demo } from '@audienceos/module-sdk';
import { startApp, type RunningApp } from '@audienceos/server';
import { buildPdf } from '../../modules/knowledge-base/src/file-builders';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { eventually, shell } from './support/shell-page';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';

const SUITE = 'knowledge-base';
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

/** The harness builds the shell; the remotes this suite shows are built here when stale. */
function buildRemote(name: string): void {
  const dir = path.join(ROOT, 'remotes', name);
  const entry = path.join(dir, 'dist', 'remoteEntry.js');
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(newestSource(dir), newestSource(path.join(ROOT, 'remotes/sdk')))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: dir, stdio: 'inherit' });
}

async function privateDatabase(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `aos_e2e_kb_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-kb-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54360 + (process.pid % 25));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildRemote('tickets');
  buildRemote('knowledge-base');
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline', 'tickets', 'knowledge-base'],
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

async function apiAs(handle: string, method: string, p: string, body?: unknown) {
  const login = await fetch(`${base()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.user('chase-digital', handle).email, password: demo.password() }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(base() + p, { method, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return (await res.json()) as Record<string, any>;
}

describe('knowledge base', () => {
  it('opens search-first: the box is focused and the seeded documents are listed with categories', async () => {
    const { page } = browser;
    await shell.signInAs(page, base(), 'josh');
    await page.goto(`${base()}/knowledge-base`);
    await page.getByTestId('kb-result').first().waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Search documents');
    await page.getByRole('complementary', { name: 'Categories' }).getByRole('button', { name: /installation/ }).waitFor();
    await screenshot(page, SUITE, 'search-first');
    // J/K move the selection outside the search box, Enter opens it, the back button returns
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    await page.locator('[data-testid="kb-result"]:nth-child(2).kb-hit--active').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('kb-document').waitFor();
    await page.getByRole('button', { name: /Back to search/ }).click();
    await page.getByTestId('kb-result').first().waitFor();
  });

  it('uploads two files at once, each with its own progress bar, and both get extracted', async () => {
    const { page } = browser;
    const uploads = page.waitForResponse((r) => r.url().endsWith('/api/v1/documents/upload') && r.status() === 201);
    await page.getByTestId('kb-file-input').setInputFiles([
      { name: 'griffin-runbook.md', mimeType: 'text/markdown', buffer: Buffer.from('# Griffin runbook\n\nRestart the **griffinwhale** relay before noon.\n') },
      { name: 'griffin-audit.pdf', mimeType: 'application/pdf', buffer: buildPdf([['Audit of the griffinwhale pixels'], ['Second page']]) },
    ]);
    await uploads;
    const rows = page.getByTestId('kb-upload-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    for (const i of [0, 1]) {
      await rows.nth(i).getByText('Uploaded').waitFor();
      expect(await rows.nth(i).locator('progress').getAttribute('value')).toBe('1');
    }
    // extraction runs as a job: both become searchable by a word only their text contains
    await eventually(
      () => apiAs('josh', 'GET', '/api/v1/documents?q=griffinwhale&facets=false'),
      (found) => found.items.length === 2 && found.items.every((d: { status: string }) => d.status === 'indexed'),
      60_000,
    );
    await screenshot(page, SUITE, 'uploaded');
  });

  it('finds them with the term highlighted, and opens the PDF preview', async () => {
    const { page } = browser;
    await page.getByLabel('Search documents').fill('griffinwhale');
    const pdfHit = page.getByTestId('kb-result').filter({ hasText: 'griffin audit' });
    await pdfHit.waitFor();
    await page.getByTestId('kb-result').filter({ hasText: 'griffin runbook' }).waitFor();
    await page.locator('.kb-snippet mark', { hasText: /griffinwhale/i }).first().waitFor();
    await pdfHit.getByRole('link').click();
    const docPage = page.getByTestId('kb-document');
    await docPage.getByRole('heading', { name: /griffin audit/i }).waitFor();
    await docPage.getByTestId('kb-status').getByText('indexed').waitFor();
    const frame = page.getByTestId('kb-pdf');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^\/api\/v1\/documents\/files\/[\w-]+\.[\w-]+$/);
    const served = await fetch(base() + (await frame.getAttribute('src'))!);
    expect(served.headers.get('content-type')).toContain('application/pdf');
    await screenshot(page, SUITE, 'pdf-preview');
  });

  it('shows HTML sanitised: nothing from the document runs in the page', async () => {
    const { page } = browser;
    await page.goto(`${base()}/knowledge-base`);
    await page.getByTestId('kb-result').first().waitFor();
    await page.getByTestId('kb-file-input').setInputFiles([
      {
        name: 'hostile.html',
        mimeType: 'text/html',
        buffer: Buffer.from('<!doctype html><html><body><h1>Hydra notes</h1><p>hydrafern text</p><img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script></body></html>'),
      },
    ]);
    await page.getByTestId('kb-upload-row').getByText('Uploaded').waitFor();
    // What this test checks is the sanitised preview, so it opens the document once it is indexed.
    // (Known bug, see the session note: a document page already open can keep showing
    // "extracting" after indexing in CI; that is left to a live-update test of its own.)
    type Listed = { items: { id: string; title: string; status: string }[] };
    const hostile = await eventually(
      async () => ((await apiAs('josh', 'GET', '/api/v1/documents?limit=50')) as Listed).items.find((d) => d.title === 'hostile'),
      (d) => d?.status === 'indexed',
      30_000,
    );
    await page.goto(`${base()}/knowledge-base?doc=${hostile!.id}`);
    const preview = page.getByTestId('kb-preview');
    await preview.getByRole('heading', { name: 'Hydra notes' }).waitFor();
    expect(await preview.locator('script, [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('attaches a suggested document from the ticket drawer', async () => {
    const { page } = browser;
    const ticket = await apiAs('josh', 'POST', '/api/v1/tickets', { title: 'Meta Conversions API sends duplicate purchases', clientId: demo.clientIds('chase-digital')[0] });
    await page.goto(`${base()}/tickets?ticket=${ticket.id}`);
    const panel = page.getByTestId('kb-ticket-docs');
    const suggestion = panel.getByRole('list', { name: 'Suggested documents' }).getByRole('listitem').filter({ hasText: 'Meta Conversions API installation guide' });
    await suggestion.waitFor();
    const attached = page.waitForResponse((r) => /\/api\/v1\/documents\/[\w-]+\/tickets$/.test(r.url()) && r.request().method() === 'POST');
    await suggestion.getByRole('button', { name: 'Attach' }).click();
    await panel.getByRole('list', { name: 'Attached documents' }).getByText('Meta Conversions API installation guide').waitFor();
    expect((await attached).status()).toBe(201);
    await screenshot(page, SUITE, 'ticket-attached');
    const guide = (await apiAs('josh', 'GET', `/api/v1/documents/for-ticket/${ticket.id}`)) as { attached: { title: string }[] };
    expect(guide.attached.map((d) => d.title)).toEqual(['Meta Conversions API installation guide']);
  });
});
