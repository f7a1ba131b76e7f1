/**
 * The inbox over HTTP against PostgreSQL, with the Slack connector talking to a local fake of
 * Slack's Web API: signed ingest (idempotent, replay window, size, unknown workspace), keyset
 * paging with ties, needs-reply, snooze (by time through pg-boss, by a new message), read
 * state per user, replies with delivery states (a failing provider, retry), member scoping,
 * cross-agency 404 on every route, and no 5xx for bad input.
 */
import pg from 'pg';
import { demo, signCaller, systemCaller } from '@audienceos/module-sdk';
import { checkKpiContract, eventually, setFault } from '@audienceos/module-sdk/testing';
import { slackSignature } from '../../modules/connector-slack/src/signature';
import { startTestApp, type TestApp } from '../support/app';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

const SECRET = 'test-signing-secret';
const chaseClients = demo.clientIds('chase-digital');
// Jeff (member) is granted Chase clients 1, 3, 5 (write) and 6 (read) by the identity seed.
const NOT_JEFFS = chaseClients[0]!;

let t: TestApp;
let db: pg.Client;
let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack();
  Object.assign(process.env, {
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_CLIENT_ID: 'cid',
    SLACK_CLIENT_SECRET: 'csecret',
  });
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'communications', 'connector-slack'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  // Connect Chase's workspace through the OAuth flow (the consent page itself is Slack's).
  const connect = await as('luke', 'GET', '/connectors/slack/connect');
  expect(connect.status).toBe(200);
  const state = new URL(connect.body.url).searchParams.get('state')!;
  const cb = await fetch(`${t.base}/api/v1/connectors/slack/oauth/callback?code=abc&state=${encodeURIComponent(state)}`, {
    redirect: 'manual',
  });
  expect(cb.status).toBe(302);
});
afterAll(async () => {
  await db?.end();
  await t?.stop();
  await slack?.close();
});

async function as(handle: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return t.request(method, `/api/v1${path}`, { token: await t.login(handle), body, headers });
}
const inbox = (handle: string, method: string, path: string, body?: unknown) => as(handle, method, `/communications${path}`, body);

function signedEvent(payload: unknown, opts: { ts?: number; secret?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(payload);
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  return fetch(`${t.base}/api/v1/connectors/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': slackSignature(opts.secret ?? SECRET, ts, raw),
    },
    body: raw,
  });
}

let tsSeq = 0;
function messageEvent(channel: string, text: string, extra: Record<string, unknown> = {}) {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsSeq).padStart(6, '0')}`;
  return {
    type: 'event_callback',
    team_id: 'TCHASE',
    event_id: `Ev${ts}`,
    event: { type: 'message', channel, user: 'UCLIENT', text, ts, ...extra },
  };
}

async function conversationOf(channel: string, threadTs: string) {
  const r = await db.query(`select id, status from communications.conversation where source = 'slack' and external_id = $1`, [
    `${channel}:${threadTs}`,
  ]);
  return r.rows[0] as { id: string; status: string };
}

describe('Slack ingest', () => {
  it('answers url_verification', async () => {
    const res = await signedEvent({ type: 'url_verification', challenge: 'xyz' });
    expect(res.status).toBe(200);
    expect((await res.json()).challenge).toBe('xyz');
  });

  it('refuses a bad signature (401), a stale timestamp (401), a too-large body (413); parks an unknown workspace (200)', async () => {
    const ev = messageEvent('CUNKNOWN', 'hi');
    expect((await signedEvent(ev, { secret: 'wrong' })).status).toBe(401);
    expect((await signedEvent(ev, { ts: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    const big = { ...ev, event: { ...ev.event, text: 'x'.repeat(300 * 1024) } };
    expect((await signedEvent(big)).status).toBe(413);
    const parked = await signedEvent({ ...ev, team_id: 'TOTHER' });
    expect(parked.status).toBe(200);
    expect((await db.query(`select count(*)::int as n from connector_slack.parked_event where team_id = 'TOTHER'`)).rows[0].n).toBe(1);
    expect((await signedEvent({ nested: 'not an event' })).status).toBe(200);
  });

  it('parks a signed event from an unknown workspace even when it carries NUL characters or lone surrogates (was 503)', async () => {
    const ev = messageEvent('CUNKNOWN', 'a\u0000b \ud800', { user: 'U\u0000' });
    const res = await signedEvent({ ...ev, team_id: 'TNUL\u0000', event_id: 'EvNUL\u0000' });
    expect(res.status).toBe(200);
    const row = await db.query(`select payload from connector_slack.parked_event where team_id = 'TNUL' and event_id = 'EvNUL'`);
    expect(row.rows[0].payload.event.text).toBe('ab \ufffd');
  });

  it('stores the same event sent 3× concurrently exactly once; a new conversation needs a reply', async () => {
    const ev = messageEvent('CNEW1', 'Is the pixel fixed?');
    const results = await Promise.all([1, 2, 3].map(() => signedEvent(ev)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const n = await db.query(`select count(*)::int as n from communications.message where source = 'slack' and external_id = $1`, [
      ev.event.ts,
    ]);
    expect(n.rows[0].n).toBe(1);
    const conv = await conversationOf('CNEW1', ev.event.ts);
    const got = await inbox('luke', 'GET', `/conversations/${conv.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ needsReply: true, unread: true, clientId: null, source: 'slack', messageCount: 1 });
    expect(got.body.preview).toBe('Is the pixel fixed?');
  });
});

describe('list', () => {
  it('walks every conversation exactly once across pages, also when 30 share one timestamp', async () => {
    await db.query(
      `update communications.conversation set last_activity_at = '2026-01-01T10:00:00Z'
                     where id in (select id from communications.conversation where agency_id = $1 order by id limit 30)`,
      [demo.chase.id],
    );
    const total = (await db.query(`select count(*)::int as n from communications.conversation where agency_id = $1`, [demo.chase.id]))
      .rows[0].n;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inbox('luke', 'GET', `/conversations?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('filters: needsReply, source, unlinked, text search (accent-insensitive), label', async () => {
    const needs = await inbox('luke', 'GET', '/conversations?needsReply=true&limit=100');
    expect(needs.body.items.length).toBeGreaterThan(3);
    expect(needs.body.items.every((c: { needsReply: boolean }) => c.needsReply)).toBe(true);
    const gmail = await inbox('luke', 'GET', '/conversations?source=gmail&limit=100');
    expect(gmail.body.items.every((c: { source: string }) => c.source === 'gmail')).toBe(true);
    const unlinked = await inbox('luke', 'GET', '/conversations?client=unlinked&limit=100');
    expect(unlinked.body.items.length).toBeGreaterThanOrEqual(3);
    const search = await inbox('luke', 'GET', `/conversations?q=${encodeURIComponent('CÖOKIE BANNER')}`);
    expect(search.body.items.length).toBeGreaterThan(0);
    const label = await inbox('luke', 'GET', '/conversations?label=billing');
    expect(label.body.items.every((c: { labels: string[] }) => c.labels.includes('billing'))).toBe(true);
    const counts = await inbox('luke', 'GET', '/counts');
    expect(counts.body.needsReply).toBe(needs.body.items.length);
  });

  it('a member sees only conversations of their granted clients, never unlinked ones', async () => {
    const jeff = await inbox('jeff', 'GET', '/conversations?limit=100');
    expect(jeff.status).toBe(200);
    const granted = new Set([chaseClients[1], chaseClients[3], chaseClients[5], chaseClients[6]]);
    expect(jeff.body.items.length).toBeGreaterThan(0);
    expect(jeff.body.items.every((c: { clientId: string }) => granted.has(c.clientId))).toBe(true);
    const other = (await db.query(`select id from communications.conversation where client_id = $1 limit 1`, [NOT_JEFFS])).rows[0].id;
    expect((await inbox('jeff', 'GET', `/conversations/${other}`)).status).toBe(404);
    expect((await inbox('jeff', 'POST', `/conversations/${other}/done`)).status).toBe(404);
    // Client 6 is granted to Jeff read-only: he sees it, cannot change it.
    const readOnly = (await db.query(`select id from communications.conversation where client_id = $1 limit 1`, [chaseClients[6]])).rows[0]
      .id;
    expect((await inbox('jeff', 'GET', `/conversations/${readOnly}`)).status).toBe(200);
    expect((await inbox('jeff', 'POST', `/conversations/${readOnly}/replies`, { text: 'hi' })).status).toBe(403);
    const counts = await inbox('jeff', 'GET', '/counts');
    expect(counts.body.unlinked).toBe(0);
  });
});

describe('state', () => {
  it('snooze is reopened by a new inbound message at once, and by its job when the time comes', async () => {
    const ev = messageEvent('CSNOOZE', 'first');
    await signedEvent(ev);
    const conv = await conversationOf('CSNOOZE', ev.event.ts);
    const until = new Date(Date.now() + 60 * 60_000).toISOString();
    const snoozed = await inbox('josh', 'POST', `/conversations/${conv.id}/snooze`, { until });
    expect(snoozed.body).toMatchObject({ status: 'snoozed', needsReply: false });
    await signedEvent(messageEvent('CSNOOZE', 'second, in the thread', { thread_ts: ev.event.ts }));
    expect((await inbox('josh', 'GET', `/conversations/${conv.id}`)).body).toMatchObject({
      status: 'open',
      needsReply: true,
      snoozedUntil: null,
    });

    const soon = new Date(Date.now() + 1500).toISOString();
    expect((await inbox('josh', 'POST', `/conversations/${conv.id}/snooze`, { until: soon })).body.status).toBe('snoozed');
    await eventually(async () => expect((await inbox('josh', 'GET', `/conversations/${conv.id}`)).body.status).toBe('open'), 20_000, 300);
  });

  it('done leaves needs-reply; read state is per user; mark unread moves the pointer back', async () => {
    const ev = messageEvent('CREAD', 'read me');
    await signedEvent(ev);
    const conv = await conversationOf('CREAD', ev.event.ts);
    expect((await inbox('josh', 'POST', `/conversations/${conv.id}/read`)).body.unread).toBe(false);
    expect((await inbox('josh', 'GET', `/conversations/${conv.id}`)).body.unread).toBe(false);
    expect((await inbox('luke', 'GET', `/conversations/${conv.id}`)).body.unread).toBe(true);
    expect((await inbox('josh', 'POST', `/conversations/${conv.id}/unread`)).body.unread).toBe(true);
    expect((await inbox('josh', 'GET', `/conversations/${conv.id}`)).body.unread).toBe(true);
    const done = await inbox('josh', 'POST', `/conversations/${conv.id}/done`);
    expect(done.body).toMatchObject({ status: 'done', needsReply: false });
    const assigned = await inbox('josh', 'POST', `/conversations/${conv.id}/assign`, { assigneeId: demo.user('chase-digital', 'josh').id });
    expect(assigned.body.assigneeId).toBe(demo.user('chase-digital', 'josh').id);
    const labelled = await inbox('josh', 'POST', `/conversations/${conv.id}/labels`, { add: ['urgent', 'tracking'], remove: ['tracking'] });
    expect(labelled.body.labels).toEqual(['urgent']);
  });
});

describe('replies', () => {
  it('a reply goes out in the Slack thread: sending → sent; a refusing provider → failed with the reason; retry → sent', async () => {
    const ev = messageEvent('CREPLY', 'Can you check the tags?');
    await signedEvent(ev);
    const conv = await conversationOf('CREPLY', ev.event.ts);
    slack.postMode = 'ok';
    const reply = await inbox('josh', 'POST', `/conversations/${conv.id}/replies`, { text: 'On it!' });
    expect(reply.status).toBe(201);
    expect(reply.body.deliveryState).toBe('sending');
    expect(reply.body.senderName).toBe('Josh Rivera');
    expect((await inbox('josh', 'GET', `/conversations/${conv.id}`)).body.needsReply).toBe(false);
    const stateOf = async (id: string) =>
      (await inbox('josh', 'GET', `/conversations/${conv.id}/messages`)).body.items.find((m: { id: string }) => m.id === id);
    await eventually(async () => expect((await stateOf(reply.body.id)).deliveryState).toBe('sent'), 20_000, 200);
    const post = slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.text === 'On it!')!;
    expect(post.body).toMatchObject({ channel: 'CREPLY', thread_ts: ev.event.ts });
    expect(post.token).toBe('xoxb-fake-token');

    slack.postMode = 'channel_not_found';
    const failing = await inbox('josh', 'POST', `/conversations/${conv.id}/replies`, { text: 'This one fails' });
    await eventually(async () => expect((await stateOf(failing.body.id)).deliveryState).toBe('failed'), 20_000, 200);
    expect((await stateOf(failing.body.id)).deliveryError).toContain('channel_not_found');
    slack.postMode = 'ok';
    const retried = await inbox('josh', 'POST', `/messages/${failing.body.id}/retry`);
    expect(retried.body.deliveryState).toBe('sending');
    await eventually(async () => expect((await stateOf(failing.body.id)).deliveryState).toBe('sent'), 20_000, 200);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.text === 'On it!').length).toBe(1);
  });

  it('a crash after Slack accepted a reply and before the commit does not post it twice (lookup by client_msg_id)', async () => {
    const ev = messageEvent('CCRASH', 'Is the pixel live?');
    await signedEvent(ev);
    const conv = await conversationOf('CCRASH', ev.event.ts);
    slack.postMode = 'ok';
    let crashes = 0;
    // The process "dies" right after Slack answered: nothing after the provider call is committed.
    setFault('connector.sent', () => {
      if (crashes++ === 0) throw new Error('simulated crash after the provider accepted');
    });
    try {
      const reply = await inbox('josh', 'POST', `/conversations/${conv.id}/replies`, { text: 'Live since this morning' });
      expect(reply.status).toBe(201);
      const stateOf = async () => (await inbox('josh', 'GET', `/conversations/${conv.id}/messages`)).body.items.find((m: { id: string }) => m.id === reply.body.id);
      await eventually(async () => expect((await stateOf()).deliveryState).toBe('sent'), 30_000, 200);
      expect(crashes).toBe(1);
      const posted = slack.posted.filter((m) => m.channel === 'CCRASH');
      expect(posted).toHaveLength(1); // before: two, one per attempt
      const attempts = await db.query(`select id, status from communications.delivery_attempt where message_id = $1 order by started_at`, [reply.body.id]);
      expect(attempts.rows.map((a) => a.status)).toEqual(['unknown', 'sent']);
      expect(posted[0]!.client_msg_id).toBe(attempts.rows[0].id);
      expect((await db.query(`select external_id from communications.message where id = $1`, [reply.body.id])).rows[0].external_id).toBe(posted[0]!.ts);
      expect(slack.calls.filter((c) => c.method === 'conversations.replies' && c.body.channel === 'CCRASH')).toHaveLength(1);
    } finally {
      setFault('connector.sent', null);
    }
  });

  it('a transient provider failure (HTTP 500) is retried until it succeeds', async () => {
    const ev = messageEvent('CRETRY', 'ping');
    await signedEvent(ev);
    const conv = await conversationOf('CRETRY', ev.event.ts);
    slack.postMode = 'http500';
    const reply = await inbox('josh', 'POST', `/conversations/${conv.id}/replies`, { text: 'Retried reply' });
    await eventually(
      async () => expect(slack.calls.filter((c) => c.body.text === 'Retried reply').length).toBeGreaterThanOrEqual(1),
      20_000,
      200,
    );
    slack.postMode = 'ok';
    await eventually(
      async () =>
        expect(
          (await inbox('josh', 'GET', `/conversations/${conv.id}/messages`)).body.items.find((m: { id: string }) => m.id === reply.body.id)
            .deliveryState,
        ).toBe('sent'),
      30_000,
      300,
    );
  });

  it('drafts wait; notes never leave', async () => {
    const conv = (
      await db.query(`select id from communications.conversation where agency_id = $1 and source = 'gmail' limit 1`, [demo.chase.id])
    ).rows[0].id;
    const draft = await inbox('josh', 'POST', `/conversations/${conv}/replies`, { text: 'Draft text', draft: true });
    expect(draft.body.deliveryState).toBe('draft');
    expect((await inbox('josh', 'PATCH', `/messages/${draft.body.id}`, { text: 'Edited' })).body.text).toBe('Edited');
    expect((await inbox('josh', 'DELETE', `/messages/${draft.body.id}`)).status).toBe(204);
    const note = await inbox('josh', 'POST', `/conversations/${conv}/notes`, { text: 'Internal only' });
    expect(note.body).toMatchObject({ direction: 'note', deliveryState: null });
  });
});

describe('platform contract', () => {
  it('links an unlinked channel and remembers it for the next conversation', async () => {
    const first = messageEvent('CLINKME', 'Hello from a new channel');
    await signedEvent(first);
    const conv = await conversationOf('CLINKME', first.event.ts);
    const linked = await inbox('josh', 'POST', `/conversations/${conv.id}/link`, { clientId: chaseClients[2], remember: true });
    expect(linked.status).toBe(200);
    expect(linked.body.clientId).toBe(chaseClients[2]);
    const second = messageEvent('CLINKME', 'A new thread in the same channel');
    await signedEvent(second);
    expect((await inbox('josh', 'GET', `/conversations/${(await conversationOf('CLINKME', second.event.ts)).id}`)).body.clientId).toBe(
      chaseClients[2],
    );
  });

  it('creates a ticket from a message, quoted, with a note in the thread', async () => {
    const ev = messageEvent('CTICKET', 'The GA4 purchase event is missing since Friday');
    await signedEvent(ev);
    const conv = await conversationOf('CTICKET', ev.event.ts);
    await inbox('josh', 'POST', `/conversations/${conv.id}/link`, { clientId: chaseClients[1] });
    const msg = (await inbox('josh', 'GET', `/conversations/${conv.id}/messages`)).body.items[0];
    const res = await inbox('josh', 'POST', `/messages/${msg.id}/ticket`);
    expect(res.status).toBe(201);
    const ticket = await as('josh', 'GET', `/tickets/${res.body.ticketId}`);
    expect(ticket.body.clientId).toBe(chaseClients[1]);
    expect(ticket.body.description).toContain('> The GA4 purchase event is missing since Friday');
    expect(ticket.body.description).toContain(`/communications?c=${conv.id}`);
    const thread = (await inbox('josh', 'GET', `/conversations/${conv.id}/messages`)).body.items;
    expect(thread.some((m: { direction: string; text: string }) => m.direction === 'note' && m.text.includes(`#${res.body.number}`))).toBe(
      true,
    );
    // Unlinked conversations cannot make tickets: 422, not 500.
    const other = messageEvent('CTICKET2', 'no client yet');
    await signedEvent(other);
    const otherMsg = (await inbox('josh', 'GET', `/conversations/${(await conversationOf('CTICKET2', other.event.ts)).id}/messages`)).body
      .items[0];
    expect((await inbox('josh', 'POST', `/messages/${otherMsg.id}/ticket`)).status).toBe(422);
  });

  it('emits "waiting longer than N business hours" once per threshold per wait', async () => {
    const ev = messageEvent('CWAIT', 'Anyone there?');
    await signedEvent(ev);
    const conv = await conversationOf('CWAIT', ev.event.ts);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    await db.query(`update communications.conversation set waiting_since = $2 where id = $1`, [conv.id, weekAgo]);
    const meta = { meta: systemCaller(demo.chase.id) };
    const first = (await t.app.broker.call('communications.scanWaiting', {}, meta)) as { emitted: number };
    expect(first.emitted).toBeGreaterThanOrEqual(5);
    const again = (await t.app.broker.call('communications.scanWaiting', {}, meta)) as { emitted: number };
    expect(again.emitted).toBe(0);
    const events = await db.query(
      `select payload from communications.outbox where topic = 'communications.conversation.waiting' and payload->'data'->>'conversationId' = $1`,
      [conv.id],
    );
    const hours = events.rows.map((r) => r.payload.data.waitingBusinessHours).sort((a: number, b: number) => a - b);
    expect(hours.slice(0, 5)).toEqual([1, 2, 4, 8, 24]);
  });

  it('keeps the SDK KPI contract (boundary and zone checked on replies sent)', async () => {
    const josh = demo.user('chase-digital', 'josh');
    const meta = { meta: signCaller({ id: josh.id, agencyId: demo.chase.id, role: josh.role }) };
    const modules = await as('luke', 'GET', '/modules');
    const declarations = modules.body.modules.find((m: { module: string }) => m.module === 'communications').kpis;
    const conv = (
      await db.query(`select id from communications.conversation where agency_id = $1 and client_id is not null limit 1`, [demo.chase.id])
    ).rows[0].id;
    let n = 0;
    const problems = await checkKpiContract({
      declarations,
      call: (action, params) => t.app.broker.call(action, params, meta),
      record: {
        kpi: 'replies-sent',
        async at(instant) {
          await db.query(
            `insert into communications.message (id, agency_id, conversation_id, source, external_id, direction, delivery_state, sent_at)
             values (gen_random_uuid(), $1, $2, 'slack', $3, 'outbound', 'sent', $4)`,
            [demo.chase.id, conv, `kpi-contract-${++n}`, instant],
          );
        },
      },
    });
    expect(problems).toEqual([]);
  });

  it("KPIs: replies sent and needs reply follow the SDK contract; a user cannot call the jobs' actions", async () => {
    const luke = demo.user('chase-digital', 'luke');
    const meta = { meta: signCaller({ id: luke.id, agencyId: demo.chase.id, role: 'owner' }) };
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const replies = (await t.app.broker.call('communications.kpi', { id: 'replies-sent', from, to }, meta)) as {
      value: number;
      series: unknown[];
    };
    expect(replies.value).toBeGreaterThan(10);
    expect(replies.series.length).toBeGreaterThan(20);
    const needs = (await t.app.broker.call('communications.kpi', { id: 'needs-reply', from, to }, meta)) as { value: number };
    expect(needs.value).toBeGreaterThan(0);
    const firstReply = (await t.app.broker.call('communications.kpi', { id: 'first-reply-median-hours', from, to }, meta)) as {
      value: number | null;
    };
    expect(firstReply.value).not.toBeNull();
    await expect(t.app.broker.call('communications.scanWaiting', {}, meta)).rejects.toMatchObject({ code: 403 });
    await expect(t.app.broker.call('communications.deliver', { messageId: luke.id }, meta)).rejects.toMatchObject({ code: 403 });
  });
});

describe('isolation and bad input', () => {
  it("another agency's ids are 404 on every route", async () => {
    const conv = (await db.query(`select id from communications.conversation where agency_id = $1 limit 1`, [demo.chase.id])).rows[0].id;
    const msg = (await db.query(`select id from communications.message where conversation_id = $1 limit 1`, [conv])).rows[0].id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/conversations/${conv}`],
      ['GET', `/conversations/${conv}/messages`],
      ['POST', `/conversations/${conv}/done`],
      ['POST', `/conversations/${conv}/reopen`],
      ['POST', `/conversations/${conv}/snooze`, { until: new Date(Date.now() + 3600_000).toISOString() }],
      ['POST', `/conversations/${conv}/assign`, { assigneeId: null }],
      ['POST', `/conversations/${conv}/labels`, { add: ['x'] }],
      ['POST', `/conversations/${conv}/read`],
      ['POST', `/conversations/${conv}/unread`],
      ['POST', `/conversations/${conv}/replies`, { text: 'hi' }],
      ['POST', `/conversations/${conv}/notes`, { text: 'hi' }],
      ['PATCH', `/messages/${msg}`, { text: 'hi' }],
      ['DELETE', `/messages/${msg}`],
      ['POST', `/messages/${msg}/send`],
      ['POST', `/messages/${msg}/retry`],
      ['POST', `/messages/${msg}/ticket`],
    ];
    for (const [method, path, body] of routes) {
      const res = await inbox('nina', method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const ninaList = await inbox('nina', 'GET', '/conversations?limit=100');
    expect(ninaList.body.items.some((c: { id: string }) => c.id === conv)).toBe(false);
  });

  it('bad input is a 4xx with field details, never a 5xx', async () => {
    const conv = (await db.query(`select id from communications.conversation where agency_id = $1 limit 1`, [demo.chase.id])).rows[0].id;
    const cases: [string, string, unknown?][] = [
      ['GET', '/conversations/not-a-uuid'],
      ['GET', '/conversations?cursor=garbage'],
      ['GET', '/conversations?assignee=someone'],
      ['GET', '/conversations?limit=1000'],
      ['POST', `/conversations/${conv}/snooze`, { until: '2001-01-01T00:00:00Z' }],
      ['POST', `/conversations/${conv}/snooze`, { until: 'tomorrow' }],
      ['POST', `/conversations/${conv}/replies`, { text: '' }],
      ['POST', `/conversations/${conv}/replies`, { text: 'x', agencyId: demo.northwind.id }],
      ['POST', `/conversations/${conv}/assign`, { assigneeId: demo.user('northwind-media', 'nina').id }],
      ['POST', `/conversations/${conv}/labels`, { add: ['<script>'] }],
      ['POST', `/conversations/${conv}/link`, { clientId: demo.clientIds('northwind-media')[0] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await inbox('luke', method, path, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toHaveProperty('name');
      expect(res.body).toHaveProperty('type');
    }
  });
});
