/**
 * The inbox in a real browser against the real product (gateway + identity + pipeline +
 * communications + the Slack connector, talking to a local fake of Slack's Web API): triage a
 * conversation with the keyboard only — J/K to it, Enter to open, R to reply, ⌘Enter to send,
 * E done, S snooze — and see a message sent to the Slack webhook appear without a reload.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demo, systemCaller } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';
import { slackSignature } from '../../modules/connector-slack/src/signature';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { buildShellAndFixtures, ROOT } from './support/fixture-setup';
import { shell } from './support/shell-page';

const REMOTE_DIR = path.join(ROOT, 'remotes/communications');
const SUITE = 'communications';
const SECRET = 'e2e-signing-secret';

let app: RunningApp;
let browser: BrowserSession;
let slack: FakeSlack;
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

function buildRemote(): void {
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
    const name = `aos_e2e_inbox_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(server, name);
    cleanup = async () => dropDatabase(server, name);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-inbox-pg-'));
  process.env.EMBEDDED_PG_DIR = path.join(dir, 'data');
  process.env.EMBEDDED_PG_PORT ??= String(54360 + (process.pid % 25));
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  buildShellAndFixtures();
  buildRemote();
  slack = await startFakeSlack();
  Object.assign(process.env, { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, SLACK_CLIENT_ID: 'cid', SLACK_CLIENT_SECRET: 'cs' });
  await privateDatabase();
  app = await startApp({
    gateway: true,
    seed: true,
    modules: ['identity', 'pipeline', 'communications', 'connector-slack'],
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
  await slack?.close();
  await cleanup();
});

const base = () => app.url!.replace('localhost', '127.0.0.1');

/** Luke (owner) may connect sources. */
async function ownerToken(): Promise<string> {
  const res = await fetch(`${base()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo.user('chase-digital', 'luke').email, password: demo.password() }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Connect Chase's Slack workspace through the OAuth callback (the consent page is Slack's own). */
async function connectSlack(token: string): Promise<void> {
  const res = await fetch(`${base()}/api/v1/connectors/slack/connect`, { headers: { authorization: `Bearer ${token}` } });
  const state = new URL(((await res.json()) as { url: string }).url).searchParams.get('state')!;
  const cb = await fetch(`${base()}/api/v1/connectors/slack/oauth/callback?code=x&state=${encodeURIComponent(state)}`, {
    redirect: 'manual',
  });
  expect(cb.status).toBe(302);
}

async function postSlackMessage(channel: string, text: string): Promise<string> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const raw = JSON.stringify({
    type: 'event_callback',
    team_id: 'TCHASE',
    event_id: `Ev${ts}`,
    event: { type: 'message', channel, user: 'UCLIENT', text, ts },
  });
  const at = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${base()}/api/v1/connectors/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': at, 'x-slack-signature': slackSignature(SECRET, at, raw) },
    body: raw,
  });
  expect(res.status).toBe(200);
  return ts;
}

describe('inbox', () => {
  it('triages a conversation with the keyboard only: open, reply, done, snooze', async () => {
    const { page } = browser;
    await shell.signInAs(page, base(), 'josh');
    await connectSlack(await ownerToken());
    const text = `Keyboard triage ${process.pid}: is the pixel live?`;
    await postSlackMessage('CTRIAGE', text);

    await page.goto(`${base()}/communications?needsReply=true`);
    const rows = page.getByTestId('conversation-row');
    await rows.first().waitFor();
    // The newest conversation (ours) is first: J/K move the focus, Enter opens.
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByTestId('message').filter({ hasText: text }).waitFor();
    await screenshot(page, SUITE, 'opened');

    await page.keyboard.press('r');
    await page.getByRole('textbox', { name: 'Reply' }).waitFor();
    await page.keyboard.type('Yes, live since this morning.');
    const replied = page.waitForResponse((r) => r.url().endsWith('/replies') && r.request().method() === 'POST');
    await page.keyboard.press('ControlOrMeta+Enter');
    expect((await replied).status()).toBe(201);
    await page
      .locator('[data-testid="message"][data-state="sent"]', { hasText: 'Yes, live since this morning.' })
      .waitFor({ timeout: 20_000 });
    expect(slack.calls.some((c) => c.method === 'chat.postMessage' && c.body.text === 'Yes, live since this morning.')).toBe(true);

    await page.keyboard.press('Escape'); // leave the composer
    const done = page.waitForResponse((r) => r.url().endsWith('/done'));
    await page.keyboard.press('e');
    expect((await done).status()).toBe(200);
    await page.locator('.ib-thread__head', { hasText: 'done' }).waitFor();

    await page.keyboard.press('s');
    await page.getByRole('dialog', { name: 'Snooze until' }).waitFor();
    const snoozed = page.waitForResponse((r) => r.url().endsWith('/snooze'));
    await page.keyboard.press('2'); // Tomorrow
    expect((await snoozed).status()).toBe(200);
    // The preset goes by name: the server computes 9:00 tomorrow in the agency's zone, not the browser's.
    expect(JSON.parse((await snoozed).request().postData() ?? '{}')).toEqual({ preset: 'tomorrow' });
    await page.locator('.ib-thread__head', { hasText: 'snoozed' }).waitFor();
    await screenshot(page, SUITE, 'snoozed');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows email HTML with nothing executable, and links an unlinked conversation to a client', async () => {
    const { page } = browser;
    const evil =
      '<p>Quarterly numbers <b>attached</b></p><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><a href="javascript:window.__pwned = 3">click</a><iframe src="/"></iframe>';
    const stored = (await app.broker.call(
      'communications.ingest',
      {
        source: 'gmail',
        conversation: { externalId: `evil-${process.pid}`, channel: 'inbox@chasedigital.agency', subject: 'Quarterly numbers' },
        message: {
          externalId: `evil-msg-${process.pid}`,
          direction: 'inbound',
          senderName: 'Mallory',
          senderAddress: 'mallory@unknown-sender.example',
          text: 'Quarterly numbers',
          html: evil,
          sentAt: new Date().toISOString(),
        },
        linkKeys: ['domain:unknown-sender.example'],
      },
      { meta: systemCaller(demo.chase.id) },
    )) as { conversationId: string };
    await page.goto(`${base()}/communications?c=${stored.conversationId}`);
    const html = page.getByTestId('message-html');
    await html.waitFor();
    await html.getByText('Quarterly numbers').waitFor();
    expect(await html.locator('script, img, iframe, [onerror]').count()).toBe(0);
    expect(await html.locator('a').getAttribute('href')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    const pane = page.getByRole('complementary', { name: 'Client' });
    await pane.getByRole('combobox', { name: 'Client' }).click();
    await page.getByRole('option', { name: 'Bloom & Co Skincare' }).click();
    const linked = page.waitForResponse((r) => r.url().endsWith('/link'));
    await pane.getByRole('button', { name: 'Link' }).click();
    expect((await linked).status()).toBe(200);
    await pane.getByRole('heading', { name: 'Bloom & Co Skincare' }).waitFor();
    await screenshot(page, SUITE, 'linked');
  });

  it('shows a message that arrives through the Slack webhook without a reload', async () => {
    const { page } = browser;
    await page.goto(`${base()}/communications`);
    await page.getByTestId('conversation-row').first().waitFor();
    const text = `Live arrival ${process.pid}`;
    await postSlackMessage('CLIVE', text);
    await page.getByTestId('conversation-row').filter({ hasText: text }).waitFor({ timeout: 20_000 });
    await screenshot(page, SUITE, 'live');
  });
});
