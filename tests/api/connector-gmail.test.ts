/**
 * The Gmail connector against a local fake of Google (token endpoint + Gmail API): OAuth with
 * a signed state, push notification → history fetch → one stored message per Gmail id (also
 * when the same push arrives 3× at once), linking by the sender's domain, HTML and attachments
 * kept, replies in the thread with In-Reply-To/References and a "Re:" that does not stack.
 */
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { eventually, setClock, setFault } from '@audienceos/module-sdk/testing';
import { replySubject } from '../../modules/connector-gmail/src/mime';
import { startTestApp, type TestApp } from '../support/app';
import { startFakeGmail, type FakeGmail } from '../support/fake-gmail';

const PUSH_TOKEN = 'push-secret-token';
const BLOOM = demo.clientIds('chase-digital')[0]!;

let t: TestApp;
let db: pg.Client;
let gmail: FakeGmail;

beforeAll(async () => {
  gmail = await startFakeGmail();
  Object.assign(process.env, {
    GMAIL_API_URL: gmail.url,
    GOOGLE_TOKEN_URL: `${gmail.url}/token`,
    GOOGLE_REVOKE_URL: `${gmail.url}/revoke`,
    GOOGLE_CLIENT_ID: 'gid',
    GOOGLE_CLIENT_SECRET: 'gs',
    GMAIL_PUSH_TOKEN: PUSH_TOKEN,
  });
  // settings: the agency's zone (snooze presets).
  t = await startTestApp({ modules: ['identity', 'pipeline', 'settings', 'communications', 'connector-gmail'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.stop();
  await gmail?.close();
});

const as = async (handle: string, method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: await t.login(handle), body });
const push = (token = PUSH_TOKEN, email = gmail.email) =>
  fetch(`${t.base}/api/v1/connectors/gmail/push?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: { data: Buffer.from(JSON.stringify({ emailAddress: email, historyId: 999 })).toString('base64'), messageId: '1' },
      subscription: 'projects/x/subscriptions/y',
    }),
  });

describe('Gmail connector', () => {
  it('connects through OAuth (signed state; a forged state is refused) and never returns the tokens', async () => {
    expect((await as('josh', 'GET', '/connectors/gmail/connect')).status).toBe(403); // managers may not connect sources
    const forged = await fetch(`${t.base}/api/v1/connectors/gmail/oauth/callback?code=x&state=forged.state`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    const connect = await as('luke', 'GET', '/connectors/gmail/connect');
    const state = new URL(connect.body.url).searchParams.get('state')!;
    const cb = await fetch(`${t.base}/api/v1/connectors/gmail/oauth/callback?code=abc&state=${encodeURIComponent(state)}`, {
      redirect: 'manual',
    });
    expect(cb.status).toBe(302);
    const status = await as('josh', 'GET', '/connectors/gmail/status');
    expect(status.body).toEqual({ connected: true, account: gmail.email });
    const stored = (await db.query(`select tokens_sealed from connector_gmail.connection`)).rows[0].tokens_sealed as string;
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('ya29');
    const sources = await as('josh', 'GET', '/communications/sources');
    expect(sources.body.items.find((s: { id: string }) => s.id === 'gmail')).toMatchObject({ connected: true, label: 'Gmail' });
  });

  it('a push fetches the history and stores each new message once, linked by domain, with HTML and attachments', async () => {
    expect((await push('wrong')).status).toBe(401);
    expect((await push(PUSH_TOKEN, 'nobody@elsewhere.com')).status).toBe(200);
    const id = gmail.deliver('thread-1', {
      from: '"Priya Natarajan" <priya@bloomandco.com>',
      to: gmail.email,
      subject: 'RE: Re: Spring launch tracking',
      html: '<p>Hi! Please check <b>this</b> <script>alert(1)</script></p>',
      messageId: '<abc123@mail.bloomandco.com>',
      references: '<older@mail.bloomandco.com>',
      attachment: { name: 'brief.pdf', size: 2048 },
    });
    const results = await Promise.all([push(), push(), push()]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await db.query(
      `select m.body_text, m.body_html, m.attachments, c.client_id, c.id as conversation_id from communications.message m
                                   join communications.conversation c on c.id = m.conversation_id where m.source = 'gmail' and m.external_id = $1`,
      [id],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].client_id).toBe(BLOOM);
    expect(rows.rows[0].body_text).toContain('Please check');
    expect(rows.rows[0].attachments).toEqual([{ name: 'brief.pdf', size: 2048, contentType: 'application/pdf', ref: `att-${id}` }]);

    const conv = rows.rows[0].conversation_id as string;
    const reply = await as('josh', 'POST', `/communications/conversations/${conv}/replies`, { text: 'Checked — all good.' });
    expect(reply.status).toBe(201);
    await eventually(async () => expect(gmail.sent.length).toBe(1), 20_000, 200);
    const raw = gmail.sent[0]!.raw;
    expect(gmail.sent[0]!.threadId).toBe('thread-1');
    expect(raw).toContain('To: priya@bloomandco.com');
    expect(raw).toContain('Subject: Re: Spring launch tracking\r\n');
    expect(raw).toContain('In-Reply-To: <abc123@mail.bloomandco.com>');
    expect(raw).toContain('References: <older@mail.bloomandco.com> <abc123@mail.bloomandco.com>');
    await eventually(
      async () =>
        expect(
          (await as('josh', 'GET', `/communications/conversations/${conv}/messages`)).body.items.find(
            (m: { id: string }) => m.id === reply.body.id,
          ).deliveryState,
        ).toBe('sent'),
      20_000,
      200,
    );
  });

  it('email HTML is sanitised on the server: stored and answered without <script> or event handlers', async () => {
    const id = gmail.deliver('thread-xss', {
      from: 'Priya Natarajan <priya@bloomandco.com>',
      to: gmail.email,
      subject: 'Report attached',
      html: '<p>See <b>the report</b><img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">here</a> or <a href="https://bloomandco.com/r">there</a></p>',
      messageId: '<xss1@mail.bloomandco.com>',
    });
    expect((await push()).status).toBe(200);
    const row = (await db.query(`select id, conversation_id, body_html from communications.message where source = 'gmail' and external_id = $1`, [id])).rows[0];
    expect(row.body_html).toBe(
      '<p>See <b>the report</b><img src="x" /><a target="_blank" rel="noopener noreferrer nofollow">here</a> or <a href="https://bloomandco.com/r" target="_blank" rel="noopener noreferrer nofollow">there</a></p>',
    );
    // A row stored raw before this (or by an import) is sanitised on the way out too.
    await db.query(`update communications.message set body_html = $2 where id = $1`, [row.id, '<div onclick="steal()">Hi<script>alert(4)</script><iframe src="https://evil.example"></iframe></div>']);
    const messages = await as('josh', 'GET', `/communications/conversations/${row.conversation_id}/messages`);
    const html = messages.body.items.find((m: { id: string }) => m.id === row.id).html as string;
    expect(html).toBe('<div>Hi</div>');
    for (const m of messages.body.items as { html: string | null }[]) expect(m.html ?? '').not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
  });

  it("snooze presets are computed in the agency's zone (Pacific/Auckland), not the browser's or the server's", async () => {
    gmail.deliver('thread-snooze', { from: 'Priya <priya@bloomandco.com>', to: gmail.email, subject: 'Later', html: '<p>No rush</p>', messageId: '<sn1@mail.bloomandco.com>' });
    expect((await push()).status).toBe(200);
    const conv = (await db.query(`select id from communications.conversation where source = 'gmail' and external_id = 'thread-snooze'`)).rows[0].id;
    expect((await as('luke', 'PATCH', '/settings/profile', { timezone: 'Pacific/Auckland' })).status).toBe(200);
    // Monday 1 March 2027, 20:30 UTC = Tuesday 2 March, 09:30 in Auckland (NZDT, UTC+13).
    setClock(new Date('2027-03-01T20:30:00Z'));
    try {
      const snooze = (body: unknown) => as('josh', 'POST', `/communications/conversations/${conv}/snooze`, body);
      // In UTC these would be 2027-03-02T09:00Z (tomorrow) and 2027-03-08T09:00Z (next Monday).
      expect((await snooze({ preset: 'tomorrow' })).body.snoozedUntil).toBe('2027-03-02T20:00:00.000Z'); // Wed 3 March 09:00 NZDT
      expect((await snooze({ preset: 'next-week' })).body.snoozedUntil).toBe('2027-03-07T20:00:00.000Z'); // Mon 8 March 09:00 NZDT
      expect((await snooze({ preset: 'later-today' })).body.snoozedUntil).toBe('2027-03-01T23:30:00.000Z');
      // A time picker's bare local value is wall time in Auckland too (Thu 4 March 10:00 NZDT).
      expect((await snooze({ until: '2027-03-04T10:00' })).body.snoozedUntil).toBe('2027-03-03T21:00:00.000Z');
      expect((await snooze({ until: '2027-02-30T10:00' })).status).toBe(422);
      const both = await snooze({ preset: 'tomorrow', until: '2027-03-05T00:00:00Z' });
      expect(both.status).toBe(422);
      const neither = await snooze({});
      expect(neither.status).toBe(422);
      expect(neither.body.data[0].field).toBe('until');
      expect((await snooze({ preset: 'someday' })).status).toBe(422);
    } finally {
      setClock(null);
      await as('luke', 'PATCH', '/settings/profile', { timezone: 'America/New_York' });
    }
  });

  it('a crash after Gmail accepted a reply and before the commit does not send it twice (lookup by Message-ID)', async () => {
    gmail.deliver('thread-crash', {
      from: 'Priya Natarajan <priya@bloomandco.com>',
      to: gmail.email,
      subject: 'Crash test',
      html: '<p>Are the tags live?</p>',
      messageId: '<crash1@mail.bloomandco.com>',
    });
    expect((await push()).status).toBe(200);
    const conv = (await db.query(`select id from communications.conversation where source = 'gmail' and external_id = 'thread-crash'`)).rows[0].id;
    let crashes = 0;
    // The process "dies" right after Gmail answered: nothing after the provider call is committed.
    setFault('connector.sent', () => {
      if (crashes++ === 0) throw new Error('simulated crash after the provider accepted');
    });
    try {
      const before = gmail.sent.length;
      const reply = await as('josh', 'POST', `/communications/conversations/${conv}/replies`, { text: 'Yes, live since 9:00.' });
      expect(reply.status).toBe(201);
      const stateOf = async () =>
        (await as('josh', 'GET', `/communications/conversations/${conv}/messages`)).body.items.find((m: { id: string }) => m.id === reply.body.id);
      await eventually(async () => expect((await stateOf()).deliveryState).toBe('sent'), 30_000, 200);
      expect(crashes).toBe(1);
      const mine = gmail.sent.slice(before).filter((m) => m.threadId === 'thread-crash');
      expect(mine).toHaveLength(1);
      const attempts = await db.query(`select id, status from communications.delivery_attempt where message_id = $1 order by started_at`, [reply.body.id]);
      expect(attempts.rows.map((a) => a.status)).toEqual(['unknown', 'sent']);
      // Found by the first attempt's Message-ID: that is the message Gmail holds.
      expect(mine[0]!.raw).toContain(`Message-ID: <${attempts.rows[0].id}@`);
      const stored = await db.query(`select external_id from communications.message where id = $1`, [reply.body.id]);
      expect(stored.rows[0].external_id).toBe(`sent${gmail.sent.indexOf(mine[0]!) + 1}`);
    } finally {
      setFault('connector.sent', null);
    }
  });

  it('a malformed notification (JSON null, an array, a NUL in the address) is a 400, never a 5xx, and nothing is parked', async () => {
    const raw = (note: string) =>
      fetch(`${t.base}/api/v1/connectors/gmail/push?token=${PUSH_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: { data: Buffer.from(note).toString('base64'), messageId: '2' } }),
      });
    const before = (await db.query(`select count(*)::int as n from connector_gmail.parked_event`)).rows[0].n;
    for (const note of ['null', '[1]', '{"emailAddress":"a\\u0000b@x.com","historyId":1}', '{"emailAddress":"x@y.com","historyId":"\\ud800"}']) {
      const res = await raw(note);
      expect([note, res.status]).toEqual([note, 400]);
      expect((await res.json()).type).toBe('INVALID_PUSH');
    }
    expect((await db.query(`select count(*)::int as n from connector_gmail.parked_event`)).rows[0].n).toBe(before);
  });

  it('linking a public-mailbox sender remembers that sender, not gmail.com', async () => {
    const first = gmail.deliver('thread-free-1', {
      from: 'Maya Chen <maya.chen@gmail.com>',
      to: gmail.email,
      subject: 'Candle brand tracking',
      text: 'Could you look at our pixel?',
      messageId: '<m1@mail.gmail.com>',
    });
    await push();
    const conv = (await db.query(`select conversation_id from communications.message where external_id = $1`, [first])).rows[0]
      .conversation_id;
    expect((await as('josh', 'POST', `/communications/conversations/${conv}/link`, { clientId: BLOOM, remember: true })).status).toBe(200);
    expect(
      (await db.query(`select key from communications.link_rule where client_id = $1 and key like 'sender:%'`, [BLOOM])).rows.map(
        (r) => r.key,
      ),
    ).toEqual(['sender:maya.chen@gmail.com']);
    const again = gmail.deliver('thread-free-2', {
      from: 'maya.chen@gmail.com',
      to: gmail.email,
      subject: 'Follow-up',
      text: 'Any news?',
      messageId: '<m2@mail.gmail.com>',
    });
    const stranger = gmail.deliver('thread-free-3', {
      from: 'someone.else@gmail.com',
      to: gmail.email,
      subject: 'Hello',
      text: 'Hi',
      messageId: '<m3@mail.gmail.com>',
    });
    await push();
    const clientOf = async (id: string) =>
      (
        await db.query(
          `select c.client_id from communications.message m join communications.conversation c on c.id = m.conversation_id where m.external_id = $1`,
          [id],
        )
      ).rows[0].client_id;
    expect(await clientOf(again)).toBe(BLOOM);
    expect(await clientOf(stranger)).toBeNull();
  });

  it('"Re:" never stacks', () => {
    expect(replySubject('Re: RE: aw: Budget')).toBe('Re: Budget');
    expect(replySubject('Budget')).toBe('Re: Budget');
  });

  it('disconnect revokes and forgets the tokens', async () => {
    expect((await as('luke', 'DELETE', '/connectors/gmail/connection')).status).toBe(204);
    expect((await db.query(`select count(*)::int as n from connector_gmail.connection`)).rows[0].n).toBe(0);
    expect((await as('nina', 'DELETE', '/connectors/gmail/connection')).status).toBe(404);
  });
});
