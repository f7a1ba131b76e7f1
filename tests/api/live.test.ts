/**
 * Issue 13 — the live channel: stream tickets (single use, expiry, never an access token in the
 * URL), audience filtering (owner vs member, other agency), Last-Event-ID replay and reset, a
 * role change closing the stream, real module announcements (pipeline, tickets), and two
 * gateway processes over NATS (a change made through gateway A reaches a stream on gateway B).
 */
import { randomBytes } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import { announceFrom, type LiveChange } from '@audienceos/module-sdk';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { demo } from '@audienceos/db';
import { issueTicket } from '../../gateway/src/live-ticket';
import { demoEmail, request, startTestApp, type TestApp } from '../support/app';
import { addPerson, signIn } from '../support/people';
import { eventually, freePort, natsAvailable, startModuleProcess, type ModuleProcess } from '../support/processes';

interface SseEvent {
  event: string;
  id: string;
  data: any;
}

interface Stream {
  status: number;
  contentType: string;
  events: SseEvent[];
  ended: boolean;
  next(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** A minimal EventSource over fetch: parses `event`/`id`/`data` blocks as they arrive. */
async function openStream(base: string, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(base + path, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const stream: Stream = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    events,
    ended: false,
    next(pred, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(pred);
          if (found) {
            clearTimeout(timer);
            resolve(found);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.data?.entity, e.data?.id]))}`)), timeoutMs);
        const wait = () => {
          if (!check() && !stream.ended) waiters.push(wait);
        };
        wait();
      });
    },
    close: () => controller.abort(),
  };
  if (!stream.contentType.includes('text/event-stream')) {
    (stream as { body?: unknown }).body = await res.json().catch(() => null);
    return stream;
  }
  (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const e: SseEvent = { event: 'message', id: '', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'event') e.event = value;
            else if (field === 'id') e.id = value;
            else if (field === 'data') data.push(value);
          }
          if (!data.length) continue;
          try {
            e.data = JSON.parse(data.join('\n'));
          } catch {
            e.data = data.join('\n');
          }
          events.push(e);
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      /* aborted */
    }
    stream.ended = true;
    waiters.splice(0).forEach((w) => w());
  })();
  return stream;
}

async function ticketFor(base: string, token: string): Promise<string> {
  const res = await request(base, 'POST', '/api/v1/live/ticket', { token });
  if (res.status !== 200) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.ticket as string;
}

async function connect(base: string, token: string, extra = '', headers: Record<string, string> = {}): Promise<Stream> {
  const s = await openStream(base, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(base, token))}${extra}`, headers);
  if (s.status !== 200) throw new Error(`stream: ${s.status} ${JSON.stringify((s as { body?: unknown }).body)}`);
  await s.next((e) => e.event === 'ready');
  return s;
}

const chase = demo.chase;
const clients = demo.clientIds(chase.slug);
// Jeff (member) is granted clients 1, 3, 5 (write) and 6 (read) in the seed; 0, 2, 4, 7 are not his.
const GRANTED = clients[1]!;
const NOT_GRANTED = clients[2]!;
const tag = () => randomBytes(4).toString('hex');
const isChange = (id: string) => (e: SseEvent) => e.event === 'change' && e.data?.id === id;

describe('live channel (one process)', () => {
  let t: TestApp;
  let broker: ServiceBroker;
  const open: Stream[] = [];
  const track = (s: Stream) => (open.push(s), s);

  beforeAll(async () => {
    t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
    broker = t.app.broker as ServiceBroker;
  }, 60000);
  afterAll(async () => {
    open.forEach((s) => s.close());
    await t?.stop();
  });

  const announce = (change: Partial<LiveChange> & { id: string }) =>
    announceFrom(broker, { module: 'test', entity: 'thing', op: 'updated', agencyId: chase.id, audience: {}, ...change } as never);

  it('needs an access token for a ticket, and the stream takes only a ticket', async () => {
    expect((await request(t.base, 'POST', '/api/v1/live/ticket')).status).toBe(401);
    const token = await t.login('luke');
    const noTicket = await request(t.base, 'GET', '/api/v1/live');
    expect([noTicket.status, noTicket.body.type]).toEqual([401, 'NO_TICKET']);
    // The access token is refused in the URL, as a ticket and in the header.
    const inUrl = await request(t.base, 'GET', `/api/v1/live?access_token=${token}`);
    expect([inUrl.status, inUrl.body.type]).toEqual([400, 'TOKEN_IN_URL']);
    const asTicket = await request(t.base, 'GET', `/api/v1/live?ticket=${token}`);
    expect([asTicket.status, asTicket.body.type]).toEqual([401, 'INVALID_TICKET']);
    const header = await request(t.base, 'GET', '/api/v1/live', { token });
    expect([header.status, header.body.type]).toEqual([400, 'TOKEN_IN_URL']);
    const res = await request(t.base, 'POST', '/api/v1/live/ticket', { token });
    expect(res.status).toBe(200);
    expect(res.body.ticket).not.toContain(token.split('.')[1]);
    expect(res.body.expiresIn).toBe(60);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a ticket is single use, tamper-proof and expires', async () => {
    const token = await t.login('luke');
    const ticket = await ticketFor(t.base, token);
    const first = track(await openStream(t.base, `/api/v1/live?ticket=${encodeURIComponent(ticket)}`));
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/event-stream');
    const ready = await first.next((e) => e.event === 'ready');
    expect(ready.id).toMatch(/^[A-Za-z0-9_-]+-\d+$/);
    const again = await request(t.base, 'GET', `/api/v1/live?ticket=${encodeURIComponent(ticket)}`);
    expect([again.status, again.body.type]).toEqual([401, 'TICKET_USED']);
    first.close();

    const [p, body, sig] = (await ticketFor(t.base, token)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), a: demo.northwind.id })).toString('base64url');
    const tampered = await request(t.base, 'GET', `/api/v1/live?ticket=${p}.${forged}.${sig}`);
    expect([tampered.status, tampered.body.type]).toEqual([401, 'INVALID_TICKET']);

    const luke = demo.user(chase.slug, 'luke');
    const old = issueTicket({ id: luke.id, agencyId: chase.id, role: 'owner', sv: 1 }, 60, Date.now() - 61_000);
    const expired = await request(t.base, 'GET', `/api/v1/live?ticket=${encodeURIComponent(old.ticket)}`);
    expect([expired.status, expired.body.type]).toEqual([401, 'TICKET_EXPIRED']);
  });

  it('owner hears every client, a member only granted ones, another agency nothing; the audience is not sent', async () => {
    const luke = track(await connect(t.base, await t.login('luke')));
    const jeffToken = await t.login('jeff');
    const jeff = track(await connect(t.base, jeffToken));
    const nina = track(await connect(t.base, await t.login('nina')));
    const hidden = `hidden-${tag()}`;
    const shown = `shown-${tag()}`;
    const everyone = `all-${tag()}`;
    const onlyJeff = `jeff-${tag()}`;
    const managers = `mgr-${tag()}`;
    announce({ id: hidden, audience: { clientId: NOT_GRANTED } });
    announce({ id: shown, audience: { clientId: GRANTED } });
    announce({ id: everyone, audience: {} });
    announce({ id: onlyJeff, audience: { userIds: [demo.user(chase.slug, 'jeff').id] } });
    announce({ id: managers, audience: { roles: ['owner', 'admin', 'manager'] } });

    const seen = await luke.next(isChange(everyone));
    expect(seen.data).toMatchObject({ module: 'test', entity: 'thing', op: 'updated', agencyId: chase.id, id: everyone });
    expect(seen.data.audience).toBeUndefined();
    await luke.next(isChange(hidden));
    await luke.next(isChange(shown));
    await luke.next(isChange(managers));
    await jeff.next(isChange(shown));
    await jeff.next(isChange(everyone));
    await jeff.next(isChange(onlyJeff));
    // Everything was sent in one burst, in order, per stream: by now the others would have arrived.
    await announce({ id: `fence-${tag()}`, audience: {} });
    await jeff.next((e) => e.event === 'change' && String(e.data?.id).startsWith('fence-'));
    const jeffIds = jeff.events.map((e) => e.data?.id);
    expect(jeffIds).not.toContain(hidden);
    expect(jeffIds).not.toContain(managers);
    expect(luke.events.map((e) => e.data?.id)).not.toContain(onlyJeff);
    expect(nina.events.filter((e) => e.event === 'change')).toEqual([]);
  });

  it('real writes announce: a stage move reaches the owner and (granted client) the member, not the other agency', async () => {
    const lukeToken = await t.login('luke');
    const luke = track(await connect(t.base, lukeToken));
    const jeff = track(await connect(t.base, await t.login('jeff')));
    const nina = track(await connect(t.base, await t.login('nina')));
    const client = (await request(t.base, 'GET', `/api/v1/clients/${NOT_GRANTED}`, { token: lukeToken })).body;
    const stages = (await request(t.base, 'GET', '/api/v1/clients/stages', { token: lukeToken })).body.items as { key: string }[];
    const target = stages.find((s) => s.key !== client.stage)!;
    const moved = await request(t.base, 'PATCH', `/api/v1/clients/${NOT_GRANTED}/stage`, { token: lukeToken, body: { stage: target.key } });
    expect(moved.status).toBe(200);
    const heard = await luke.next((e) => e.event === 'change' && e.data.module === 'pipeline' && e.data.id === NOT_GRANTED);
    expect(heard.data.actorId).toBe(demo.user(chase.slug, 'luke').id);

    const ticket = await request(t.base, 'POST', '/api/v1/tickets', { token: lukeToken, body: { title: `live ${tag()}`, clientId: GRANTED, priority: 'medium' } });
    expect(ticket.status).toBe(201);
    await luke.next((e) => e.event === 'change' && e.data.module === 'tickets' && e.data.id === ticket.body.id);
    await jeff.next((e) => e.event === 'change' && e.data.module === 'tickets' && e.data.id === ticket.body.id);
    expect(jeff.events.some((e) => e.data?.id === NOT_GRANTED)).toBe(false);
    expect(nina.events.filter((e) => e.event === 'change')).toEqual([]);
  });

  it('Last-Event-ID replays what was missed; an id from another process gets reset', async () => {
    const token = await t.login('luke');
    const s = track(await connect(t.base, token));
    const a = `a-${tag()}`;
    announce({ id: a });
    const last = await s.next(isChange(a));
    s.close();
    const missed = [`m1-${tag()}`, `m2-${tag()}`];
    missed.forEach((id) => announce({ id }));
    const back = track(await openStream(t.base, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(t.base, token))}`, { 'last-event-id': last.id }));
    await back.next(isChange(missed[1]!));
    const order = back.events.filter((e) => e.event === 'change').map((e) => e.data.id);
    expect(order).toEqual(missed);
    expect(back.events.some((e) => e.event === 'reset')).toBe(false);
    // The same through ?lastEventId= (a new EventSource cannot set the header).
    const viaQuery = track(await openStream(t.base, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(t.base, token))}&lastEventId=${encodeURIComponent(last.id)}`));
    await viaQuery.next(isChange(missed[1]!));

    const foreign = track(await openStream(t.base, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(t.base, token))}`, { 'last-event-id': 'otherboot-12' }));
    const reset = await foreign.next((e) => e.event === 'reset');
    expect(reset.data.reason).toBe('other-stream');
    expect(foreign.events.some((e) => e.event === 'change')).toBe(false);
  });

  it('a role change closes the stream; the old access token gets no new ticket', async () => {
    const lukeToken = await t.login('luke');
    const person = await addPerson(t.base, lukeToken, `live.${tag()}@chasedigital.agency`, 'manager');
    const session = await signIn(t.base, person.email, person.password);
    const s = track(await connect(t.base, session.token));
    const role = await request(t.base, 'PATCH', `/api/v1/users/${person.id}/role`, { token: lukeToken, body: { role: 'member' } });
    expect(role.status).toBe(200);
    const closed = await s.next((e) => e.event === 'closed');
    expect(closed.data.reason).toBe('session-changed');
    await eventually(async () => expect(s.ended).toBe(true), 2000);
    expect((await request(t.base, 'POST', '/api/v1/live/ticket', { token: session.token })).status).toBe(401);
  });

  it('a member hears a client once it is granted to him (the gateway drops his cached scope at once)', async () => {
    const lukeToken = await t.login('luke');
    const jeffUser = demo.user(chase.slug, 'jeff');
    const jeff = track(await connect(t.base, await t.login('jeff')));
    const before = `before-${tag()}`;
    announce({ id: before, audience: { clientId: NOT_GRANTED } });
    const fence = `fence-${tag()}`;
    announce({ id: fence });
    await jeff.next(isChange(fence));
    expect(jeff.events.some((e) => e.data?.id === before)).toBe(false);

    const current = await request(t.base, 'GET', `/api/v1/users/${jeffUser.id}/client-access`, { token: lukeToken });
    const grants = [...current.body.grants, { clientId: NOT_GRANTED, access: 'read' }];
    expect((await request(t.base, 'PUT', `/api/v1/users/${jeffUser.id}/client-access`, { token: lukeToken, body: { grants } })).status).toBe(200);
    // Jeff's own stream hears that his access changed (audience: only him)…
    await jeff.next((e) => e.event === 'change' && e.data.module === 'identity' && e.data.entity === 'clientAccess');
    // …and from then on the newly granted client's changes.
    const after = `after-${tag()}`;
    announce({ id: after, audience: { clientId: NOT_GRANTED } });
    await jeff.next(isChange(after));
  });

  it('at most 10 streams per user per process (429 beyond); a closed one frees its place', async () => {
    const token = await t.login('garrett');
    const streams: Stream[] = [];
    for (let i = 0; i < 10; i++) streams.push(track(await connect(t.base, token)));
    // More than 20 streams are open in this process now: they hold no broker action slot (the
    // bulkhead's concurrency is 20), so ordinary requests still answer at once.
    expect((await request(t.base, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    const refused = await request(t.base, 'GET', `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(t.base, token))}`);
    expect([refused.status, refused.body.type]).toEqual([429, 'TOO_MANY_STREAMS']);
    streams[0]!.close();
    await eventually(async () => {
      const s = await openStream(t.base, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(t.base, token))}`);
      track(s);
      expect(s.status).toBe(200);
    }, 3000);
  });
});

describe('live channel across two gateway processes over NATS', () => {
  let available = false;
  let db: TestDatabase;
  let procs: ModuleProcess[] = [];
  let baseA: string;
  let baseB: string;
  const namespace = `live-${tag()}`;

  beforeAll(async () => {
    available = await natsAvailable();
    if (!available) return;
    db = await freshDatabase();
    const [a, b] = [await freePort(), await freePort()];
    baseA = `http://127.0.0.1:${a}`;
    baseB = `http://127.0.0.1:${b}`;
    procs = await Promise.all([
      startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port: a }),
      startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port: b }),
      startModuleProcess(['identity', 'pipeline', 'tickets'], { databaseUrl: db.url, namespace }),
    ]);
  }, 120000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await db?.drop();
  });

  it('a ticket status change made through gateway A reaches streams on gateway B (a ticket of A works on B)', async () => {
    if (!available) {
      console.warn('NATS is not reachable: distributed live test not run');
      return;
    }
    const luke = await eventually(() => signIn(baseA, demoEmail('luke'), demo.password()), 20000);
    const jeff = await signIn(baseB, demoEmail('jeff'), demo.password());
    await eventually(async () => expect((await request(baseA, 'GET', '/api/v1/tickets?limit=1', { token: luke.token })).status).toBe(200), 20000);
    // A ticket issued by gateway A opens a stream on gateway B (signed, not kept in A's memory).
    const onB = await openStream(baseB, `/api/v1/live?ticket=${encodeURIComponent(await ticketFor(baseA, luke.token))}`);
    expect(onB.status).toBe(200);
    await onB.next((e) => e.event === 'ready');
    const jeffOnB = await connect(baseB, jeff.token);
    try {
      const created = await request(baseA, 'POST', '/api/v1/tickets', { token: luke.token, body: { title: `dist ${tag()}`, clientId: NOT_GRANTED, priority: 'low' } });
      expect(created.status).toBe(201);
      const heard = await onB.next((e) => e.event === 'change' && e.data.module === 'tickets' && e.data.id === created.body.id, 5000);
      expect(heard.data.op).toBe('created');
      const status = await request(baseA, 'PATCH', `/api/v1/tickets/${created.body.id}/status`, { token: luke.token, body: { status: 'in_progress' } });
      expect(status.status).toBe(200);
      await onB.next((e) => e.event === 'change' && e.data.id === created.body.id && e.data.op === 'updated', 5000);
      // Jeff, a member without that client, heard neither (fence: an agency-wide change he does hear).
      expect(jeffOnB.events.some((e) => e.data?.id === created.body.id)).toBe(false);
    } finally {
      onB.close();
      jeffOnB.close();
    }
  }, 90000);
});
