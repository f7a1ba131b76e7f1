/**
 * Notifications over HTTP (issue 13): made from real durable events of tickets, communications,
 * pipeline and automations; never to the actor; repeats collapse; preferences, muted clients,
 * quiet hours and the daily digest (fixed SDK clock); email received by a local SMTP server;
 * the needs-attention feed with dismiss/snooze; tenant isolation and bad input.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { channelName, demo, systemCaller } from '@audienceos/module-sdk';
import { setClock } from '@audienceos/module-sdk/testing';
import { startTestApp, type TestApp } from '../support/app';

const chase = demo.chase;
const chaseClients = demo.clientIds('chase-digital');
const user = (handle: string) => demo.user('chase-digital', handle);
// Jeff (member) is granted Chase clients 1, 3, 5 (write) and 6 (read) by the identity seed.
const JEFF_CLIENT = chaseClients[1]!;
const NOT_JEFFS = chaseClients[0]!;

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let t: TestApp;
let db: pg.Client;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String((smtp.server.address() as AddressInfo).port);
  process.env.SMTP_FROM = 'AudienceOS <notify@test.local>';
  t = await startTestApp({ modules: ['identity', 'settings', 'pipeline', 'tickets', 'communications', 'notifications'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  setClock(null);
  await db?.end();
  await t?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_HOST;
  delete process.env.SMTP_PORT;
});
afterEach(() => setClock(null));

async function as(handle: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return t.request(method, `/api/v1${path}`, { token: await t.login(handle), body, headers });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** My notifications about one record (all pages' first 100). */
async function about(handle: string, recordId: string, kind?: string) {
  const res = await as(handle, 'GET', '/notifications?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as any[]).filter((n) => n.recordId === recordId && (!kind || n.kind === kind));
}
const arrives = (handle: string, recordId: string, kind: string) => until(`${kind} for ${handle}`, async () => (await about(handle, recordId, kind))[0]);
/** Let the outbox relay and consumers run, then read. */
const settle = () => new Promise((r) => setTimeout(r, 1500));
const mailTo = (email: string, needle: string) => until(`mail to ${email}`, async () => mails.find((m) => m.to.includes(email) && m.raw.includes(needle)));

async function ticket(handle: string, body: Record<string, unknown>) {
  const res = await as(handle, 'POST', '/tickets', { title: `Tag check ${randomUUID().slice(0, 6)}`, clientId: JEFF_CLIENT, ...body });
  expect(res.status).toBe(201);
  return res.body;
}
const assign = (handle: string, id: string, assigneeId: string | null) => as(handle, 'PATCH', `/tickets/${id}`, { assigneeId });
const prefs = (handle: string, body: unknown, headers?: Record<string, string>) => as(handle, 'PUT', '/notifications/preferences', body, headers);
const system = (action: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
  t.app.broker.call(action, params, { meta: { ...systemCaller(chase.id), ...meta } }) as Promise<any>;

describe('made from events', () => {
  it('a ticket assigned to me: in-app with the record link, unread count, an email; the actor is never notified', async () => {
    const before = (await as('jeff', 'GET', '/notifications/unread-count')).body.count;
    const tk = await ticket('josh', { assigneeId: user('jeff').id });
    const n = await arrives('jeff', tk.id, 'assigned');
    expect(n).toMatchObject({ recordType: 'ticket', url: `/tickets?ticket=${tk.id}`, read: false, count: 1, actorId: user('josh').id });
    expect(n.title).toContain(`#${tk.number}`);
    expect((await as('jeff', 'GET', '/notifications/unread-count')).body.count).toBe(before + 1);
    const mail = await mailTo(user('jeff').email, `#${tk.number}`);
    expect(mail.raw).toContain(`/tickets?ticket=${tk.id}`);

    // Josh assigns a ticket to himself: nothing for Josh.
    const own = await ticket('josh', { assigneeId: user('josh').id });
    await settle();
    expect(await about('josh', own.id)).toHaveLength(0);
  });

  it('repeats of the same kind about the same record collapse into one row with a count', async () => {
    const tk = await ticket('josh', { assigneeId: user('jeff').id });
    await arrives('jeff', tk.id, 'assigned');
    expect((await assign('josh', tk.id, null)).status).toBe(200);
    expect((await assign('josh', tk.id, user('jeff').id)).status).toBe(200);
    const n = await until('count 2', async () => (await about('jeff', tk.id, 'assigned')).find((x) => x.count === 2));
    expect(await about('jeff', tk.id, 'assigned')).toHaveLength(1);
    expect(n.read).toBe(false);
  });

  it('@mention in a ticket note and in an internal inbox note (not when I mention myself)', async () => {
    const tk = await ticket('garrett', {});
    const note = await as('garrett', 'POST', `/tickets/${tk.id}/notes`, { body: `@[Jeff Park](user:${user('jeff').id}) can you check? cc @[Garrett Hale](user:${user('garrett').id})` });
    expect(note.status).toBe(201);
    const n = await arrives('jeff', tk.id, 'mention');
    expect(n.body).toContain('can you check');
    await settle();
    expect(await about('garrett', tk.id, 'mention')).toHaveLength(0);

    const list = await as('luke', 'GET', '/communications/conversations?limit=5');
    expect(list.status).toBe(200);
    const conv = list.body.items[0];
    const inboxNote = await as('luke', 'POST', `/communications/conversations/${conv.id}/notes`, { text: `@[Josh Rivera](user:${user('josh').id}) please answer` });
    expect(inboxNote.status).toBe(201);
    const m = await arrives('josh', conv.id, 'mention');
    expect(m.url).toBe(`/communications?c=${conv.id}`);

    // Assigned a conversation.
    expect((await as('luke', 'POST', `/communications/conversations/${conv.id}/assign`, { assigneeId: user('josh').id })).status).toBe(200);
    await arrives('josh', conv.id, 'assigned');
  });

  it('client owner changed and collaborator added', async () => {
    const client = (await as('luke', 'GET', `/clients/${NOT_JEFFS}`)).body;
    const owner = client.ownerId === user('josh').id ? 'garrett' : 'josh';
    const collaborator = ['garrett', 'josh', 'jeff'].find((h) => h !== owner && !client.collaboratorIds.includes(user(h).id))!;
    const res = await as('luke', 'PATCH', `/clients/${NOT_JEFFS}`, { ownerId: user(owner).id, collaboratorIds: { add: [user(collaborator).id] } });
    expect(res.status).toBe(200);
    const n = await arrives(owner, NOT_JEFFS, 'assigned');
    expect(n.url).toBe(`/pipeline?client=${NOT_JEFFS}`);
    await arrives(collaborator, NOT_JEFFS, 'assigned');
  });

  it('SLA at risk then breached on my ticket (SLA scan with a fixed clock), a needs-attention item until resolved', async () => {
    setClock(new Date('2026-03-03T15:00:00Z')); // Tuesday 10:00 in New York (Chase's zone)
    const tk = await ticket('josh', { priority: 'critical', assigneeId: user('jeff').id });
    const due = new Date(tk.sla.firstResponse.dueAt);
    setClock(new Date(due.getTime() - 10 * 60_000));
    expect((await system('tickets.scanSla')).emitted).toBeGreaterThanOrEqual(1);
    await arrives('jeff', tk.id, 'sla_at_risk');
    setClock(new Date(due.getTime() + 60_000));
    await system('tickets.scanSla');
    const breached = await arrives('jeff', tk.id, 'sla_breached');
    expect(breached.url).toBe(`/tickets?ticket=${tk.id}`);
    // A second scan tells nothing new.
    expect((await system('tickets.scanSla')).emitted).toBe(0);
    const item = await until('attention', async () => (await as('luke', 'GET', '/notifications/attention')).body.items.find((i: any) => i.recordId === tk.id && i.kind === 'sla_breached'));
    expect(item.severity).toBe('critical');
    // Jeff (member) sees it: the ticket's client is granted to him.
    expect((await as('jeff', 'GET', '/notifications/attention')).body.items.some((i: any) => i.id === item.id)).toBe(true);
    expect((await as('josh', 'POST', `/tickets/${tk.id}/resolve`, { resolutionNotes: 'Fixed the tag' })).status).toBe(200);
    await until('resolved', async () => !(await as('luke', 'GET', '/notifications/attention')).body.items.some((i: any) => i.id === item.id));
  });

  it('a message waiting on my clients; waiting past the threshold is a needs-attention item', async () => {
    setClock(new Date(Date.now() + 7 * 86_400_000));
    const scan = await system('communications.scanWaiting');
    expect(scan.emitted).toBeGreaterThan(0);
    const item = await until('waiting item', async () => (await as('luke', 'GET', '/notifications/attention?limit=100')).body.items.find((i: any) => i.kind === 'waiting'));
    expect(item.url).toMatch(/^\/communications\?c=/);
    const rows = await until('waiting rows', async () => {
      const r = await db.query(`select recipient_id from notifications.notification where kind = 'waiting' and record_id = $1`, [item.recordId]);
      return r.rows.length ? r.rows : null;
    });
    const client = await as('luke', 'GET', `/clients/${item.clientId}`);
    const people = [client.body.ownerId, ...client.body.collaboratorIds].filter(Boolean);
    for (const r of rows) expect(people).toContain(r.recipient_id);
  });

  it('a failed automation run: owners and admins are told, managers see the attention item, members do not', async () => {
    const runId = randomUUID();
    const event = { id: randomUUID(), topic: 'automations.run.failed', agencyId: chase.id, actorId: null, occurredAt: new Date().toISOString(), data: { runId, workflowId: randomUUID(), workflowName: 'Welcome pack', error: 'Slack is down' } };
    await (t.app.broker as any).sendToChannel(channelName(t.app.broker, 'automations.run.failed'), event);
    const workflowRecord = event.data.workflowId;
    const n = await arrives('luke', workflowRecord, 'automation_failed');
    expect(n.url).toBe(`/automations?run=${runId}`);
    await arrives('garrett', workflowRecord, 'automation_failed');
    expect(await about('josh', workflowRecord)).toHaveLength(0);
    const items = async (h: string) => (await as(h, 'GET', '/notifications/attention?limit=100')).body.items.filter((i: any) => i.recordId === runId);
    await until('run attention', async () => (await items('josh')).length === 1);
    expect(await items('jeff')).toHaveLength(0);
  });

  it('the automation action "Send a notification": idempotent per key, by role, refused to members, safe links only', async () => {
    const meta = { idempotencyKey: `${randomUUID()}:0`, automation: { runId: randomUUID(), depth: 1 } };
    const params = { role: 'manager', title: 'Weekly report is ready', url: '/dashboard' };
    const first = await system('notifications.notify', params, meta);
    const again = await system('notifications.notify', params, meta);
    expect(first.created).toHaveLength(1);
    expect(again).toEqual(first);
    await arrives('josh', '/dashboard', 'automation');
    expect((await about('josh', '/dashboard', 'automation'))[0].count).toBe(1);

    expect((await as('luke', 'POST', '/notifications/notify', { userIds: [user('jeff').id], title: 'Hi Jeff', url: '/tickets' })).status).toBe(201);
    expect((await as('jeff', 'POST', '/notifications/notify', { userIds: [user('luke').id], title: 'Hi' })).status).toBe(403);
    for (const body of [
      { userIds: [user('jeff').id], title: 'x', url: 'https://evil.example/' },
      { userIds: [user('jeff').id], title: 'x', url: '//evil.example' },
      { title: 'nobody' },
      { userIds: [demo.northwind.users[0]!.id], title: 'other agency' },
      { userIds: [user('jeff').id], title: '' },
    ]) {
      const res = await as('luke', 'POST', '/notifications/notify', body);
      expect(res.status).toBe(422);
    }
  });
});

describe('the bell API', () => {
  it('lists unread first with a cursor, marks read, marks all read, opens a record', async () => {
    // Only what this test makes: background kinds (SLA scan, waiting scan) off for Garrett meanwhile.
    const quiet = { inApp: false, email: false };
    await prefs('garrett', { kinds: { sla_at_risk: quiet, sla_breached: quiet, waiting: quiet, automation_failed: quiet, mention: quiet } });
    for (let i = 0; i < 3; i++) await arrives('garrett', (await ticket('josh', { assigneeId: user('garrett').id })).id, 'assigned');
    const page1 = await as('garrett', 'GET', '/notifications?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const first = page1.body.items[0];
    const read = await as('garrett', 'POST', `/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.read).toBe(true);
    // Unread first: the one just read moves behind every unread one.
    const all = (await as('garrett', 'GET', '/notifications?limit=100')).body.items as any[];
    const firstRead = all.findIndex((n) => n.read);
    expect(all.slice(firstRead).every((n) => n.read)).toBe(true);
    // The cursor walks every row exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await as('garrett', 'GET', `/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((n: any) => n.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(all.length);
    expect(seen).toEqual(all.map((n) => n.id));

    const unreadOne = all.find((n) => !n.read);
    const open = await as('garrett', 'POST', `/notifications/${unreadOne.id}/open`);
    expect(open.body.url).toBe(unreadOne.url);
    const after = await as('garrett', 'POST', '/notifications/read-all');
    expect(after.status).toBe(200);
    expect((await as('garrett', 'GET', '/notifications/unread-count')).body.count).toBe(0);
    const on = { inApp: true, email: true };
    await prefs('garrett', { kinds: { sla_at_risk: { inApp: true, email: false }, sla_breached: on, waiting: { inApp: true, email: false }, automation_failed: on, mention: on } });
  });

  it('another person or agency gets 404; bad input is a clear 4xx, never a 5xx', async () => {
    const tk = await ticket('josh', { assigneeId: user('jeff').id });
    const n = await arrives('jeff', tk.id, 'assigned');
    expect((await as('luke', 'POST', `/notifications/${n.id}/read`)).status).toBe(404);
    expect((await as('nina', 'POST', `/notifications/${n.id}/open`)).status).toBe(404);
    const nina = await as('nina', 'GET', '/notifications?limit=100');
    expect(nina.body.items.some((x: any) => x.recordId === tk.id)).toBe(false);
    expect((await as('nina', 'GET', '/notifications/attention?limit=100')).body.items.every((i: any) => !chaseClients.includes(i.clientId))).toBe(true);

    const bad: [string, string, unknown?][] = [
      ['GET', '/notifications?cursor=not-a-cursor'],
      ['GET', `/notifications?cursor=${Buffer.from(JSON.stringify([1, '275760-01-01', 'x'])).toString('base64url')}`],
      ['GET', '/notifications?limit=abc'],
      ['GET', '/notifications?limit=1000'],
      ['POST', '/notifications/not-a-uuid/read'],
      ['POST', `/notifications/${n.id}/read`, { read: 'maybe' }],
      ['PUT', '/notifications/preferences', { quietHours: { start: '25:00', end: '07:00' } }],
      ['PUT', '/notifications/preferences', { quietHours: { start: '07:00', end: '07:00' } }],
      ['PUT', '/notifications/preferences', { timeZone: 'Mars/Olympus' }],
      ['PUT', '/notifications/preferences', { kinds: { nonsense: { email: true } } }],
      ['PUT', '/notifications/preferences', { kinds: { assigned: { email: 'yes' } } }],
      ['PUT', '/notifications/preferences', { mutedClientIds: ['nope'] }],
      ['PUT', '/notifications/preferences', { digestHour: 24 }],
      ['PUT', '/notifications/preferences', { userId: user('luke').id }],
      ['POST', `/notifications/attention/${randomUUID()}/snooze`, { minutes: 10 }],
      ['POST', `/notifications/attention/${randomUUID()}/snooze`, { until: '2020-01-01T00:00:00Z' }],
      ['POST', `/notifications/attention/${randomUUID()}/snooze`, {}],
      ['PUT', '/notifications/agency-settings', { attentionWaitHours: 0 }],
    ];
    for (const [method, path, body] of bad) {
      const res = await as('jeff', method, path, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toHaveProperty('type');
    }
    // Only owners/admins change the agency's threshold.
    expect((await as('josh', 'PUT', '/notifications/agency-settings', { attentionWaitHours: 8 })).status).toBe(403);
    expect((await as('luke', 'PUT', '/notifications/agency-settings', { attentionWaitHours: 8 })).body.attentionWaitHours).toBe(8);
  });
});

describe('preferences', () => {
  it('kinds off, muted clients, versioned edits', async () => {
    const got = await as('jeff', 'GET', '/notifications/preferences');
    expect(got.status).toBe(200);
    expect(got.body.kinds.find((k: any) => k.id === 'assigned')).toMatchObject({ inApp: true, email: true });
    expect(got.body.emailAvailable).toBe(true);
    const etag = got.headers.get('etag')!;
    const off = await prefs('jeff', { kinds: { assigned: { inApp: false, email: false } }, mutedClientIds: { add: [chaseClients[3]!] } }, { 'if-match': etag });
    expect(off.status).toBe(200);
    expect((await prefs('jeff', { digest: false }, { 'if-match': etag })).status).toBe(412);

    const tk = await ticket('josh', { assigneeId: user('jeff').id });
    const muted = await as('josh', 'POST', '/tickets', { title: 'Muted one', clientId: chaseClients[3], assigneeId: user('jeff').id });
    expect(muted.status).toBe(201);
    const noted = await as('josh', 'POST', `/tickets/${muted.body.id}/notes`, { body: `@[Jeff Park](user:${user('jeff').id}) look` });
    expect(noted.status).toBe(201);
    // Mentions still arrive on other clients: the consumer did run after the muted ones.
    const probe = await ticket('josh', {});
    await as('josh', 'POST', `/tickets/${probe.id}/notes`, { body: `@[Jeff Park](user:${user('jeff').id}) probe` });
    await arrives('jeff', probe.id, 'mention');
    await settle();
    expect(await about('jeff', tk.id)).toHaveLength(0);
    expect(await about('jeff', muted.body.id)).toHaveLength(0);

    const back = await prefs('jeff', { kinds: { assigned: { inApp: true, email: true } }, mutedClientIds: [] });
    expect(back.body.mutedClientIds).toEqual([]);
  });

  it('quiet hours hold the mail until they end (the person’s zone); the digest sends one mail a day', async () => {
    await prefs('josh', { quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Europe/Paris' });
    setClock(new Date('2026-03-03T22:30:00Z')); // 23:30 in Paris
    const tk = await ticket('luke', { assigneeId: user('josh').id, title: 'Quiet hours check' });
    await arrives('josh', tk.id, 'assigned');
    const state = async () => (await db.query(`select email_state from notifications.notification where record_id = $1 and recipient_id = $2`, [tk.id, user('josh').id])).rows[0]?.email_state;
    await until('held', async () => (await state()) === 'held');
    await system('notifications.sendPending');
    expect(await state()).toBe('held');
    expect(mails.some((m) => m.raw.includes(`#${tk.number}`))).toBe(false);
    setClock(new Date('2026-03-04T06:30:00Z')); // 07:30 in Paris
    expect((await system('notifications.sendPending')).sent).toBeGreaterThanOrEqual(1);
    await mailTo(user('josh').email, `#${tk.number}`);
    expect(await state()).toBe('sent');

    // Digest: garrett gets one mail with everything, at 08:00 his time, once a day.
    await prefs('garrett', { digest: true, digestHour: 8, timeZone: 'UTC' });
    setClock(new Date('2026-03-05T06:00:00Z'));
    const a = await ticket('luke', { assigneeId: user('garrett').id, title: 'Digest one' });
    const b = await ticket('luke', { assigneeId: user('garrett').id, title: 'Digest two' });
    await arrives('garrett', a.id, 'assigned');
    await arrives('garrett', b.id, 'assigned');
    const before = mails.filter((m) => m.to.includes(user('garrett').email)).length;
    expect((await system('notifications.sendDigests')).sent).toBe(0); // 06:00: not yet
    setClock(new Date('2026-03-05T08:10:00Z'));
    expect((await system('notifications.sendDigests')).sent).toBe(1);
    const digest = await mailTo(user('garrett').email, 'digest');
    expect(digest.raw).toContain(`#${a.number}`);
    expect(digest.raw).toContain(`#${b.number}`);
    expect(mails.filter((m) => m.to.includes(user('garrett').email)).length).toBe(before + 1);
    expect((await system('notifications.sendDigests')).sent).toBe(0); // once a day
    await prefs('garrett', { digest: false });
    await prefs('josh', { quietHours: null });
  });
});

describe('needs attention', () => {
  it('a client turning red; dismiss and snooze are per person; members see only their clients', async () => {
    const red = await as('luke', 'PATCH', `/clients/${NOT_JEFFS}/health`, { health: 'red', reason: 'Spend dropped 60%' });
    expect(red.status).toBe(200);
    const find = async (h: string) => (await as(h, 'GET', '/notifications/attention?limit=100')).body.items.find((i: any) => i.kind === 'client_red' && i.recordId === NOT_JEFFS);
    const item = await until('red item', () => find('luke'));
    expect(item).toMatchObject({ url: `/pipeline?client=${NOT_JEFFS}`, severity: 'critical' });
    expect(await find('jeff')).toBeUndefined();
    expect((await as('jeff', 'POST', `/notifications/attention/${item.id}/dismiss`)).status).toBe(404);

    expect((await as('luke', 'POST', `/notifications/attention/${item.id}/dismiss`)).status).toBe(200);
    expect(await find('luke')).toBeUndefined();
    expect(await find('garrett')).toBeDefined();
    expect((await as('garrett', 'POST', `/notifications/attention/${item.id}/snooze`, { minutes: 60 })).status).toBe(200);
    expect(await find('garrett')).toBeUndefined();
    setClock(new Date(Date.now() + 2 * 3_600_000));
    expect(await find('garrett')).toBeDefined();
    setClock(null);

    expect((await as('luke', 'PATCH', `/clients/${NOT_JEFFS}/health`, { health: null })).status).toBe(200);
    await until('resolved', async () => !(await find('garrett')));
  });
});
