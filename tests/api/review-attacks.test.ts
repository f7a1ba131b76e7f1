/**
 * Review of issues 12/13 as an attacker would try them, through real HTTP against the running
 * product (one process): the findings that needed a fix, with the concrete values, plus the
 * trust rules they sit next to.
 *
 * - Automations: a cron with a seconds field (`* * * * * *`: a run every second, only the rate
 *   cap stopped it), a year field, or a date that never comes (`0 0 31 2 *`) was saved (201).
 *   Now 422 on `trigger.cron`, nothing written. Liquid `{% include '/etc/passwd' %}` and a
 *   nested loop are 422 too; another agency gets 404 on every :id route; managers cannot
 *   write; two tabs saving with the same If-Match: exactly one wins, the others 412.
 * - Live: a client-less needs-attention item (a failed automation run) was announced to the
 *   whole agency, members included, who never see such items in the API. Now owners, admins
 *   and managers only. A deactivated user's open stream closes; a ticket is single use; an
 *   access token in the URL is refused.
 * - Uploads (issue 11, gzip): a 0.1 MB gzip body holding an 11-byte file and a 100 MB epilogue
 *   of zeros was inflated to the end (1 MB → 1 GB took 8 s of CPU) and stored (201). Now the
 *   whole inflated body is held to the upload limit: 413, nothing stored, inflation stopped.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { channelName } from '@audienceos/module-sdk';
import { demo } from '@audienceos/db';
import { request, startTestApp, type TestApp } from '../support/app';
import { addPerson, signIn } from '../support/people';

interface SseEvent {
  event: string;
  data: any;
}

/** A minimal SSE reader over fetch: collects `event`/`data` blocks; `ended` once the server closes. */
async function openStream(url: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  const s = { status: res.status, events: [] as SseEvent[], ended: false, body: null as any, close: () => controller.abort() };
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    s.body = await res.json().catch(() => null);
    return s;
  }
  void (async () => {
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
          const e: SseEvent = { event: 'message', data: null };
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) e.event = line.slice(6).trim();
            else if (line.startsWith('data:')) e.data = JSON.parse(line.slice(5));
          }
          if (e.data !== null) s.events.push(e);
        }
      }
    } catch {
      /* aborted */
    }
    s.ended = true;
  })();
  return s;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const chase = demo.chase;

describe('review attacks (issues 12/13)', () => {
  let t: TestApp;
  const streams: { close(): void }[] = [];
  const api = async (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request(t.base, method, `/api/v1${path}`, { token: await t.login(who), body, headers });
  const stream = async (token: string) => {
    const ticket = await request(t.base, 'POST', '/api/v1/live/ticket', { token });
    expect(ticket.status).toBe(200);
    const s = await openStream(`${t.base}/api/v1/live?ticket=${encodeURIComponent(ticket.body.ticket)}`);
    streams.push(s);
    expect(s.status).toBe(200);
    await until('ready', () => s.events.some((e) => e.event === 'ready'));
    return { ...s, ticket: ticket.body.ticket as string, s };
  };

  beforeAll(async () => {
    t = await startTestApp({ modules: ['identity', 'settings', 'pipeline', 'tickets', 'notifications', 'automations', 'knowledge-base'] });
  }, 90000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await t?.stop();
  });

  const workflow = (trigger: unknown, title = 'Hello') => ({
    name: 'Review',
    trigger,
    steps: [{ action: 'notifications:notify', params: { title, role: 'owner' } }],
  });
  const count = async () => (await api('luke', 'GET', '/automations/workflows?limit=100')).body.items.length;

  it('a schedule must be five cron fields and must come some day (422 on trigger.cron, nothing written)', async () => {
    const before = await count();
    for (const cron of ['* * * * * *', '*/5 * * * * *', '0 0 9 1 1 * 2027', '0 0 31 2 *', '0 0 30 2 *']) {
      const res = await api('luke', 'POST', '/automations/workflows', workflow({ type: 'schedule', cron }));
      expect({ cron, status: res.status }).toEqual({ cron, status: 422 });
      expect(res.body.data).toEqual([expect.objectContaining({ field: 'trigger.cron', type: 'cron' })]);
    }
    // A leap day comes (2028), a nickname is five fields' worth.
    for (const cron of ['0 9 29 2 *', '@daily'])
      expect((await api('luke', 'POST', '/automations/workflows', workflow({ type: 'schedule', cron }))).status).toBe(201);
    expect(await count()).toBe(before + 2);
  });

  it('templates never read files nor run away; NUL and unknown fields are 422; nothing written', async () => {
    const before = await count();
    const bad = [
      workflow({ type: 'manual' }, "{% include '/etc/passwd' %}"),
      workflow({ type: 'manual' }, "{% render '../../../etc/passwd' %}"),
      workflow({ type: 'manual' }, '{% for i in (1..100000000) %}{% for j in (1..1000000) %}x{% endfor %}{% endfor %}'),
      workflow({ type: 'manual' }, '{% assign x = "aaaaaaaaaa" %}{% for i in (1..40) %}{% assign x = x | append: x %}{% endfor %}{{ x }}'),
      workflow({ type: 'manual' }, 'a\u0000b'),
      { ...workflow({ type: 'manual' }), evil: true },
      workflow({ type: 'manual', evil: 1 }),
      workflow({ type: 'event', topic: 'x'.repeat(5000) }),
    ];
    for (const body of bad) {
      const res = await api('luke', 'POST', '/automations/workflows', body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.type).toBeTruthy();
    }
    expect(JSON.stringify((await api('luke', 'POST', '/automations/workflows', bad[0])).body)).not.toContain('root:');
    expect(await count()).toBe(before);
  });

  it("another agency's owner gets 404 on every workflow and run route; a manager cannot write; a member is refused", async () => {
    const created = await api('luke', 'POST', '/automations/workflows', workflow({ type: 'manual' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const run = randomUUID();
    const routes: [string, string, unknown?][] = [
      ['GET', `/automations/workflows/${id}`],
      ['PATCH', `/automations/workflows/${id}`, { name: 'mine now' }],
      ['DELETE', `/automations/workflows/${id}`],
      ['POST', `/automations/workflows/${id}/enable`],
      ['POST', `/automations/workflows/${id}/disable`],
      ['POST', `/automations/workflows/${id}/test`, {}],
      ['GET', `/automations/workflows/${id}/samples`],
      ['POST', `/automations/workflows/${id}/run`, {}],
      ['GET', `/automations/runs/${run}`],
      ['POST', `/automations/runs/${run}/cancel`],
    ];
    for (const [method, path, body] of routes)
      expect({ path, method, status: (await api('nina', method, path, body)).status }).toEqual({ path, method, status: 404 });
    for (const [method, path, body] of routes.slice(1, 5)) expect((await api('josh', method, path, body)).status).toBe(403);
    expect((await api('jeff', 'GET', '/automations/workflows')).status).toBe(403);
    expect((await api('luke', 'GET', `/automations/workflows/${id}`)).body.name).toBe('Review');
  });

  it('two tabs save the same version of a workflow: exactly one wins, the others get 412', async () => {
    const created = await api('luke', 'POST', '/automations/workflows', workflow({ type: 'manual' }));
    const etag = `"${created.body.version}"`;
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        api('luke', 'PATCH', `/automations/workflows/${created.body.id}`, { name: `tab ${i}` }, { 'if-match': etag }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412]);
  });

  it('live: a ticket is single use, never an access token in the URL; a deactivated user’s stream closes', async () => {
    const lukeToken = await t.login('luke');
    const first = await stream(lukeToken);
    const replay = await openStream(`${t.base}/api/v1/live?ticket=${encodeURIComponent(first.ticket)}`);
    expect([replay.status, replay.body?.type]).toEqual([401, 'TICKET_USED']);
    const inUrl = await openStream(`${t.base}/api/v1/live?access_token=${lukeToken}`);
    expect([inUrl.status, inUrl.body?.type]).toEqual([400, 'TOKEN_IN_URL']);

    const person = await addPerson(t.base, lukeToken, `review.${randomUUID().slice(0, 8)}@chasedigital.agency`, 'manager');
    const session = await signIn(t.base, person.email, person.password);
    const s = await stream(session.token);
    expect((await request(t.base, 'POST', `/api/v1/users/${person.id}/deactivate`, { token: lukeToken, body: {} })).status).toBeLessThan(
      300,
    );
    await until('closed', () => s.events.some((e) => e.event === 'closed') && s.s.ended);
    expect(s.events.find((e) => e.event === 'closed')!.data.reason).toBe('deactivated');
    expect((await request(t.base, 'POST', '/api/v1/live/ticket', { token: session.token })).status).toBe(401);
  });

  it('live: a client-less needs-attention item (failed automation) reaches owners and managers, never a member', async () => {
    const luke = await stream(await t.login('luke'));
    const josh = await stream(await t.login('josh'));
    const jeff = await stream(await t.login('jeff'));
    const runId = randomUUID();
    const event = {
      id: randomUUID(),
      topic: 'automations.run.failed',
      agencyId: chase.id,
      actorId: null,
      occurredAt: new Date().toISOString(),
      data: { runId, workflowId: randomUUID(), workflowName: 'Secret plan', error: 'boom' },
    };
    await (t.app.broker as any).sendToChannel(channelName(t.app.broker as never, 'automations.run.failed'), event);
    const attention = (e: SseEvent) => e.event === 'change' && e.data.entity === 'attention';
    await until('owner and manager hear the item', () => luke.events.some(attention) && josh.events.some(attention));
    const item = (await api('josh', 'GET', '/notifications/attention?limit=100')).body.items.find((i: any) => i.recordId === runId);
    expect(item).toBeTruthy();
    // The member's deliveries wait for his client scope: give them time to have arrived.
    await new Promise((r) => setTimeout(r, 500));
    expect(jeff.events.filter(attention).map((e) => e.data.id)).not.toContain(item.id);
    expect((await api('jeff', 'GET', '/notifications/attention?limit=100')).body.items.map((i: any) => i.id)).not.toContain(item.id);
  });

  it('a gzip upload whose inflated body passes the limit (a zip bomb beside a tiny file) is 413, nothing stored', async () => {
    const boundary = 'XreviewX';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.txt"\r\nContent-Type: text/plain\r\n\r\nhello world\r\n--${boundary}--\r\n`;
    const body = gzipSync(Buffer.concat([Buffer.from(part), Buffer.alloc(100 * 1024 * 1024)]), { level: 1 });
    const before = (await api('luke', 'GET', '/documents?limit=100')).body;
    const res = await fetch(`${t.base}/api/v1/documents/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.login('luke')}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-encoding': 'gzip',
      },
      body,
    });
    expect([res.status, ((await res.json()) as { type: string }).type]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await api('luke', 'GET', '/documents?limit=100')).body).toEqual(before);
  });
});
