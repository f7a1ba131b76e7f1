/**
 * The `gmail` connector service (routes under /api/v1/connectors/gmail):
 * - `POST /push?token=…` (public): a Gmail push notification (Pub/Sub push:
 *   `{ message: { data: base64({ emailAddress, historyId }) } }`), authenticated by the shared
 *   `GMAIL_PUSH_TOKEN` in the URL (compared in constant time). The connector then fetches the
 *   mailbox history since its last history id and hands each new message to
 *   `communications.ingest` (idempotent there by Gmail message id). Unknown mailbox → parked, 200.
 * - `GET /connect`, `GET /oauth/callback` (public; signed, expiring state), `DELETE /connection` (revokes), `GET /status`.
 * - `send` (broker only): the reply as an RFC 5322 message in the thread, with In-Reply-To/References.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  defineService,
  errors,
  faultPoint,
  isStorableString,
  MoleculerClientError,
  MoleculerError,
  openToken,
  sealToken,
  signState,
  systemCaller,
  verifyState,
  type ActionContext,
  type ModuleAction,
} from '@audienceos/module-sdk';
import { gmailApiUrl, googleFetch, revokeUrl, tokenUrl, type GmailMessage } from '../gmail-api';
import { buildReply, readMessage } from '../mime';

export const SOURCE = 'gmail';
type Row = Record<string, any>;
const sql = (ctx: ActionContext, query: string, params: unknown[] = []) =>
  ctx.em.getConnection().execute(query, params, 'all', ctx.em.getTransactionContext()) as Promise<Row[]>;

interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_at: number;
}

const oauth = () => ({
  clientId: process.env.GOOGLE_CLIENT_ID ?? '',
  clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? '',
  authorizeUrl: process.env.GOOGLE_AUTH_URL ?? 'https://accounts.google.com/o/oauth2/v2/auth',
  redirectUrl: process.env.GOOGLE_REDIRECT_URL ?? 'http://localhost:3000/api/v1/connectors/gmail/oauth/callback',
});

/** A valid access token for the connection (refreshed and re-sealed when it is about to expire). */
async function accessToken(ctx: ActionContext, conn: Row): Promise<string> {
  const tokens = JSON.parse(openToken(conn.tokens_sealed, conn.agency_id)) as Tokens;
  if (tokens.expires_at > Date.now() + 60_000 || !tokens.refresh_token) return tokens.access_token;
  const c = oauth();
  const res = await googleFetch<{ access_token: string; expires_in: number }>(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }).toString(),
  });
  const next: Tokens = { ...tokens, access_token: res.access_token, expires_at: Date.now() + res.expires_in * 1000 };
  await sql(ctx, `update connector_gmail.connection set tokens_sealed = ? where agency_id = ?`, [
    sealToken(JSON.stringify(next), conn.agency_id),
    conn.agency_id,
  ]);
  return next.access_token;
}

function pushTokenOk(given: string | undefined): boolean {
  const expected = process.env.GMAIL_PUSH_TOKEN;
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function ingestOne(ctx: ActionContext, conn: Row, token: string, id: string): Promise<void> {
  const m = await googleFetch<GmailMessage>(`${gmailApiUrl()}/gmail/v1/users/me/messages/${encodeURIComponent(id)}?format=full`, { token });
  if (m.labelIds?.includes('DRAFT') || m.labelIds?.includes('SPAM')) return;
  const r = readMessage(m);
  const mine = String(conn.email).toLowerCase();
  const outbound = r.from.address === mine;
  const own = mine.split('@')[1];
  const others = outbound ? [...r.to, ...r.cc] : [r.from.address, ...r.to, ...r.cc];
  const domains = [...new Set(others.map((a) => a.split('@')[1]!).filter((d) => d && d !== own))];
  await ctx.call(
    'communications.ingest',
    {
      source: SOURCE,
      conversation: { externalId: m.threadId, channel: mine, subject: r.subject.slice(0, 500), ref: { threadId: m.threadId } },
      message: {
        externalId: m.id,
        direction: outbound ? 'outbound' : 'inbound',
        senderName: r.from.name.slice(0, 200),
        senderAddress: r.from.address.slice(0, 320),
        text: r.text,
        html: r.html,
        sentAt: r.sentAt.toISOString(),
        attachments: r.attachments,
        ref: {
          messageIdHeader: r.messageIdHeader.slice(0, 500),
          references: r.references.slice(0, 4000),
          from: r.from.address,
          subject: r.subject.slice(0, 500),
        },
      },
      // The sender's own remembered link first (public mailboxes), then the company domains.
      linkKeys: [...(outbound ? [] : [`sender:${r.from.address}`]), ...domains.slice(0, 19).map((d) => `domain:${d}`)],
    },
    { meta: systemCaller(conn.agency_id), timeout: 10_000, retries: 0 },
  );
}

/** True when every string (and key) in a decoded JSON value can be stored by PostgreSQL. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableString(value);
  if (Array.isArray(value)) return value.every(storable);
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => isStorableString(k) && storable(v));
  return true;
}

const pushAction: ModuleAction<{ token?: string }> = {
  rest: 'POST /push',
  auth: 'public',
  strict: false,
  summary: 'Gmail push notification (Pub/Sub push) → history fetch → ingest. Authenticated by GMAIL_PUSH_TOKEN in the query',
  async handler(ctx) {
    if (!pushTokenOk(typeof ctx.params.token === 'string' ? ctx.params.token : undefined))
      throw new MoleculerClientError('Invalid push token', 401, 'INVALID_SIGNATURE');
    const data = (ctx.params as { message?: { data?: unknown } }).message?.data;
    let note: { emailAddress?: string; historyId?: string | number };
    try {
      note = JSON.parse(Buffer.from(String(data ?? ''), 'base64').toString('utf8'));
    } catch {
      throw errors.badRequest('message.data is not base64 JSON', 'INVALID_PUSH');
    }
    // The decoded bytes bypass the gateway's input guard: a JSON `null`, an array, or a NUL
    // character in a field (which PostgreSQL cannot store) must be a 400, never a 5xx.
    if (!note || typeof note !== 'object' || Array.isArray(note) || !storable(note))
      throw errors.badRequest('message.data is not a Gmail notification', 'INVALID_PUSH');
    const email = String(note.emailAddress ?? '')
      .toLowerCase()
      .slice(0, 320);
    // Serialise pushes of one mailbox: the history pointer moves forward once per notification.
    const [conn] = await sql(
      ctx,
      `select agency_id, email, tokens_sealed, history_id from connector_gmail.connection where email = ? for update`,
      [email],
    );
    if (!conn) {
      await sql(ctx, `insert into connector_gmail.parked_event (email, reason, payload) values (?, 'unknown mailbox', ?::jsonb)`, [
        email,
        JSON.stringify(note),
      ]);
      return { ok: true, parked: true };
    }
    const token = await accessToken(ctx, conn);
    let pageToken: string | undefined;
    let latest = String(conn.history_id);
    const ids: string[] = [];
    do {
      const url = new URL(`${gmailApiUrl()}/gmail/v1/users/me/history`);
      url.searchParams.set('startHistoryId', String(conn.history_id));
      url.searchParams.set('historyTypes', 'messageAdded');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const page = await googleFetch<{
        history?: { messagesAdded?: { message: { id: string } }[] }[];
        historyId?: string;
        nextPageToken?: string;
      }>(url.toString(), { token });
      for (const h of page.history ?? []) for (const a of h.messagesAdded ?? []) ids.push(a.message.id);
      if (page.historyId) latest = page.historyId;
      pageToken = page.nextPageToken;
    } while (pageToken && ids.length < 500);
    try {
      for (const id of [...new Set(ids)]) await ingestOne(ctx, conn, token, id);
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (!code || code >= 500 || (err as { type?: string }).type === 'SERVICE_NOT_FOUND')
        throw new MoleculerError('The inbox is not available; retry later', 503, 'INBOX_UNAVAILABLE');
      throw err;
    }
    await sql(ctx, `update connector_gmail.connection set history_id = ? where agency_id = ?`, [latest, conn.agency_id]);
    return { ok: true, messages: ids.length };
  },
};

const connectAction: ModuleAction = {
  rest: 'GET /connect',
  permissions: ['connectors:manage'],
  summary: 'The Google consent URL with a signed state valid 10 minutes (the consent page needs the real internet)',
  handler(ctx) {
    const c = oauth();
    if (!c.clientId) throw new MoleculerError('Gmail is not configured on this server (GOOGLE_CLIENT_ID)', 503, 'CONNECTOR_NOT_CONFIGURED');
    const url = new URL(c.authorizeUrl);
    url.searchParams.set('client_id', c.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'https://www.googleapis.com/auth/gmail.modify');
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('redirect_uri', c.redirectUrl);
    url.searchParams.set('state', signState({ agencyId: ctx.user.agencyId, userId: ctx.user.id, provider: SOURCE }));
    return { url: url.toString() };
  },
};

const callbackAction: ModuleAction<{ code?: string; state?: string; error?: string; scope?: string }> = {
  rest: 'GET /oauth/callback',
  auth: 'public',
  mutation: true,
  summary: 'Google OAuth redirect: checks the signed state, exchanges the code, stores the sealed tokens and the history start',
  params: {
    code: { type: 'string', max: 1000, optional: true },
    state: { type: 'string', max: 2000, optional: true },
    error: { type: 'string', max: 200, optional: true },
    scope: { type: 'string', max: 2000, optional: true },
  },
  async handler(ctx) {
    const state = ctx.params.state ? verifyState(ctx.params.state, SOURCE) : null;
    if (!state) throw new MoleculerClientError('The sign-in link is invalid or expired: start connecting again', 400, 'INVALID_STATE');
    if (ctx.params.error || !ctx.params.code) {
      ctx.meta.$statusCode = 302;
      ctx.meta.$location = '/communications?connectError=gmail';
      return null;
    }
    const c = oauth();
    const t = await googleFetch<{ access_token: string; refresh_token?: string; expires_in: number }>(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: ctx.params.code,
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uri: c.redirectUrl,
      }).toString(),
    });
    const profile = await googleFetch<{ emailAddress: string; historyId: string }>(`${gmailApiUrl()}/gmail/v1/users/me/profile`, {
      token: t.access_token,
    });
    const email = profile.emailAddress.toLowerCase();
    const taken = await sql(ctx, `select 1 from connector_gmail.connection where email = ? and agency_id <> ?`, [email, state.agencyId]);
    if (taken.length) throw errors.conflict('This mailbox is connected to another agency', 'MAILBOX_TAKEN');
    const tokens: Tokens = { access_token: t.access_token, refresh_token: t.refresh_token, expires_at: Date.now() + t.expires_in * 1000 };
    await sql(
      ctx,
      `insert into connector_gmail.connection (agency_id, email, tokens_sealed, history_id, connected_by) values (?, ?, ?, ?, ?)
       on conflict (agency_id) do update set email = excluded.email, tokens_sealed = excluded.tokens_sealed, history_id = excluded.history_id,
         connected_by = excluded.connected_by, created_at = now()`,
      [state.agencyId, email, sealToken(JSON.stringify(tokens), state.agencyId), String(profile.historyId), state.userId],
    );
    ctx.meta.$statusCode = 302;
    ctx.meta.$location = '/communications?connected=gmail';
    return null;
  },
};

const statusAction: ModuleAction = {
  rest: 'GET /status',
  permissions: ['communications:read'],
  summary: 'Whether the agency has connected a mailbox (never the tokens)',
  async handler(ctx) {
    const [row] = await sql(ctx, `select email from connector_gmail.connection where agency_id = ?`, [ctx.user.agencyId]);
    return { connected: Boolean(row), account: row?.email ?? null };
  },
};

const disconnectAction: ModuleAction = {
  rest: 'DELETE /connection',
  permissions: ['connectors:manage'],
  summary: 'Revoke the grant at Google (best effort) and forget the tokens',
  async handler(ctx) {
    const [row] = await sql(ctx, `select agency_id, tokens_sealed from connector_gmail.connection where agency_id = ? for update`, [
      ctx.user.agencyId,
    ]);
    if (!row) throw errors.notFound('Connection');
    const tokens = JSON.parse(openToken(row.tokens_sealed, row.agency_id)) as Tokens;
    await googleFetch(`${revokeUrl()}?token=${encodeURIComponent(tokens.refresh_token ?? tokens.access_token)}`, { method: 'POST' }).catch(
      (err) => ctx.broker.logger.warn(`gmail revoke failed: ${(err as Error).message}`),
    );
    await sql(ctx, `delete from connector_gmail.connection where agency_id = ?`, [ctx.user.agencyId]);
    ctx.meta.$statusCode = 204;
    return null;
  },
};

interface SendParams {
  messageId: string;
  /** The inbox's delivery attempt id: the reply's `Message-ID` is `<key@sender domain>`, so `lookup` finds it. */
  idempotencyKey?: string;
  text: string;
  subject?: string;
  conversation: { externalId: string; ref: { threadId?: string } };
  replyTo: { externalId: string; ref: { messageIdHeader?: string; references?: string; from?: string; subject?: string } } | null;
}

const sendAction: ModuleAction<SendParams> = {
  summary: "Send a reply in the conversation's Gmail thread (communications' delivery job; system principal)",
  strict: false,
  params: { messageId: { type: 'uuid' }, idempotencyKey: { type: 'uuid', optional: true }, text: { type: 'string', max: 100_000 }, conversation: { type: 'object' } },
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('connectors:send', ctx.user.role);
    const done = await sql(ctx, `select gmail_id from connector_gmail.delivery where message_id = ?`, [ctx.params.messageId]);
    if (done.length) return { externalId: done[0]!.gmail_id };
    const [conn] = await sql(ctx, `select agency_id, email, tokens_sealed from connector_gmail.connection where agency_id = ?`, [
      ctx.user.agencyId,
    ]);
    if (!conn) throw new MoleculerClientError('Gmail is not connected for this agency', 422, 'NOT_CONNECTED');
    const to = ctx.params.replyTo?.ref?.from;
    if (!to) throw new MoleculerClientError('Nobody to reply to in this thread', 422, 'NO_RECIPIENT');
    const raw = buildReply({
      from: conn.email,
      to,
      subject: ctx.params.replyTo?.ref?.subject || ctx.params.subject || '',
      inReplyTo: ctx.params.replyTo?.ref?.messageIdHeader,
      references: ctx.params.replyTo?.ref?.references,
      text: ctx.params.text,
      messageId: ctx.params.idempotencyKey ?? ctx.params.messageId,
    });
    const sent = await googleFetch<{ id: string; threadId: string }>(`${gmailApiUrl()}/gmail/v1/users/me/messages/send`, {
      method: 'POST',
      token: await accessToken(ctx, conn),
      body: JSON.stringify({
        raw: Buffer.from(raw).toString('base64url'),
        threadId: ctx.params.conversation.ref?.threadId ?? ctx.params.conversation.externalId,
      }),
    });
    // Gmail has the message; a crash from here to the commit is what `lookup` recovers from.
    await faultPoint('connector.sent', { connector: 'gmail', messageId: ctx.params.messageId });
    await sql(ctx, `insert into connector_gmail.delivery (message_id, agency_id, gmail_id) values (?, ?, ?) on conflict do nothing`, [
      ctx.params.messageId,
      ctx.user.agencyId,
      sent.id,
    ]);
    return { externalId: sent.id, ref: { threadId: sent.threadId } };
  },
};

/**
 * `lookup({ messageId, keys })` → `{ found: true, externalId, ref } | { found: false }` (system
 * principal): whether the mailbox holds a message whose `Message-ID` header is `<key@our domain>`
 * for one of `keys` (earlier delivery attempts of the inbox), by Gmail's `rfc822msgid:` search.
 */
const lookupAction: ModuleAction<{ messageId: string; keys: string[] }> = {
  summary: 'Find a reply an earlier delivery attempt may have sent (by Message-ID); system principal',
  strict: false,
  mutation: false,
  params: { messageId: { type: 'uuid' }, keys: { type: 'array', items: 'uuid', min: 1, max: 50 } },
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('connectors:send', ctx.user.role);
    const [conn] = await sql(ctx, `select agency_id, email, tokens_sealed from connector_gmail.connection where agency_id = ?`, [ctx.user.agencyId]);
    if (!conn) throw new MoleculerClientError('Gmail is not connected for this agency', 422, 'NOT_CONNECTED');
    const domain = String(conn.email).split('@')[1] ?? 'audienceos.local';
    const token = await accessToken(ctx, conn);
    for (const key of ctx.params.keys) {
      const q = `rfc822msgid:<${key}@${domain}>`;
      const res = await googleFetch<{ messages?: { id: string; threadId: string }[] }>(
        `${gmailApiUrl()}/gmail/v1/users/me/messages?${new URLSearchParams({ q, includeSpamTrash: 'true', maxResults: '1' })}`,
        { token },
      );
      const hit = res.messages?.[0];
      if (hit) return { found: true, externalId: hit.id, ref: { threadId: hit.threadId } };
    }
    return { found: false };
  },
};

export const gmailService = defineService({
  name: 'gmail',
  settings: { rest: '/connectors/gmail' },
  actions: {
    push: pushAction,
    connect: connectAction,
    oauthCallback: callbackAction,
    status: statusAction,
    disconnect: disconnectAction,
    send: sendAction,
    lookup: lookupAction,
  },
});
