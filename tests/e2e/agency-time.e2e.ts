/**
 * Dates on screen in the agency's own zone (issue 9): with Chase set to Pacific/Auckland
 * (UTC+12/+13), a ticket due at 13:30 UTC on 15 June shows as due on 16 June, the SLA
 * deadlines show Auckland times, and the dashboard's period labels are Auckland days.
 * Also: a paused SLA clock is shown on the ticket.
 */
import { demo } from '@audienceos/db';
import { launchBrowser, screenshot, type BrowserSession } from './support/browser';
import { httpRequest } from './support/http';
import { shell } from './support/shell-page';
import { startProduct, type RunningProduct } from './support/product';

const SUITE = 'agency-time';
const ZONE = 'Pacific/Auckland';

let product: RunningProduct;
let browser: BrowserSession;
let token: string;

const base = () => product.url;
async function call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await httpRequest(`${base()}${path}`, { method, body, headers: { authorization: `Bearer ${token}` } });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
  return res.json<T>();
}

beforeAll(async () => {
  product = await startProduct({ env: { MODULES: 'identity,pipeline,tickets,settings,dashboard' } });
  browser = await launchBrowser();
  const login = await httpRequest(`${base()}/api/v1/auth/login`, { method: 'POST', body: { email: demo.user('chase-digital', 'luke').email, password: demo.password() } });
  token = login.json<{ accessToken: string }>().accessToken;
  await call('PATCH', '/api/v1/settings/profile', { timezone: ZONE });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/** What the screen should say for an instant, in the agency zone and the platform's one format. */
const inZone = (iso: string, withTime: boolean) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    timeZone: ZONE,
  }).format(new Date(iso));

describe('dates in the agency zone', () => {
  it("the ticket drawer shows the due date, opening time and SLA deadlines in Auckland, and a paused clock", async () => {
    const ticket = await call<{ id: string; createdAt: string; sla: { resolution: { dueAt: string } } }>('POST', '/api/v1/tickets', {
      title: 'Auckland due date',
      clientId: demo.clientIds('chase-digital')[0],
      dueAt: '2026-06-15T13:30:00Z', // 15 June in UTC, 16 June 01:30 in Auckland
    });
    await call('PATCH', `/api/v1/tickets/${ticket.id}/status`, { status: 'waiting_client' });

    const { page } = browser;
    await shell.signInAs(page, base(), 'luke');
    await page.goto(`${base()}/tickets?ticket=${ticket.id}`);
    const drawer = page.locator('.aos-drawer');
    await drawer.getByText('Auckland due date').first().waitFor();
    await drawer.getByText(inZone('2026-06-15T13:30:00Z', false), { exact: true }).waitFor();
    expect(inZone('2026-06-15T13:30:00Z', false)).toBe('16 Jun 2026');
    await drawer.getByText(inZone(ticket.createdAt, true), { exact: false }).first().waitFor();
    const resolution = drawer.getByTestId('resolution-due');
    await resolution.filter({ hasText: 'paused while waiting on the client' }).waitFor();
    expect(await resolution.textContent()).toContain(`due ${inZone(ticket.sla.resolution.dueAt, true)}`);
    await screenshot(page, SUITE, 'ticket-drawer');
  });

  it("the dashboard's comparison label names Auckland days", async () => {
    const { page } = browser;
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/kpis') && r.url().includes('period=7d'));
    await page.goto(`${base()}/dashboard?period=7d`);
    const cards = (await (await answered).json()) as { zone: string; previousPeriod: { from: string; to: string } }[];
    expect(cards[0]!.zone).toBe(ZONE);
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: ZONE });
    const { from, to } = cards[0]!.previousPeriod;
    const expected = `Compared with ${day.format(new Date(from))} – ${day.format(new Date(new Date(to).getTime() - 1))}`;
    await page.getByTestId('period-status').filter({ hasText: expected }).waitFor();
    // The previous period starts at an Auckland midnight.
    const local = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE }).format(new Date(from));
    expect(local).toBe('00:00');
    await screenshot(page, SUITE, 'dashboard');
  });
});
