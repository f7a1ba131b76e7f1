/**
 * The `slack` connector service (routes under /api/v1/connectors/slack):
 * - `POST /events` (public, signed): Slack Events API. `url_verification` is answered; a
 *   message in a connected workspace is handed to `communications.ingest` as the agency's
 *   system principal (idempotent there by message ts); an unknown workspace is parked (200),
 *   a bad or stale signature is 401, a body over 256 KB is 413.
 * - `GET /connect` → the Slack OAuth v2 URL with a signed, expiring state; `GET /oauth/callback`
 *   (public) exchanges the code and stores the bot token sealed (AES-256-GCM); `DELETE /connection`
 *   revokes it; `GET /status`.
 * - `send` (broker only): post a reply in the conversation's thread (`chat.postMessage`).
 */
import {
  defineService,
  errors,
  faultPoint,
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
import { signatureProblem } from '../signature';
import { slackApiUrl, slackCall } from '../slack-api';

export const SOURCE = 'slack';
const MAX_EVENT_BYTES = 256 * 1024;

type Row = Record<string, any>;
const sql = (ctx: ActionContext, query: string, params: unknown[] = []) =>
  ctx.em.getConnection().execute(query, params, 'all', ctx.em.getTransactionContext()) as Promise<Row[]>;

interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: { id: string; name?: string; size?: number; mimetype?: string }[];
}

const userNames = new Map<string, { name: string; at: number }>();
async function userName(token: string, teamId: string, user: string | undefined): Promise<string> {
  if (!user) return '';
  const key = `${teamId}/${user}`;
  const hit = userNames.get(key);
  if (hit && Date.now() - hit.at < 3_600_000) return hit.name;
  try {
    const res = await slackCall<{ user: { real_name?: string; name?: string; profile?: { real_name?: string } } }>(
      'users.info',
      { user },
      token,
    );
    const name = res.user.profile?.real_name || res.user.real_name || res.user.name || user;
    userNames.set(key, { name, at: Date.now() });
    return name;
  } catch {
    return user;
  }
}

async function ingestMessage(ctx: ActionContext, conn: Row, event: SlackMessageEvent): Promise<void> {
  const threadTs = event.thread_ts ?? event.ts!;
  const token = openToken(conn.token_sealed, conn.agency_id);
  const name = await userName(token, conn.team_id, event.user);
  await ctx.call(
    'communications.ingest',
    {
      source: SOURCE,
      conversation: { externalId: `${event.channel}:${threadTs}`, channel: event.channel!, ref: { channel: event.channel, threadTs } },
      message: {
        externalId: event.ts!,
        direction: event.user && event.user === conn.bot_user_id ? 'outbound' : 'inbound',
        senderName: name,
        senderAddress: event.user ?? '',
        text: event.text ?? '',
        sentAt: new Date(Math.floor(Number(event.ts) * 1000)).toISOString(),
        attachments: (event.files ?? []).slice(0, 50).map((f) => ({
          name: String(f.name ?? f.id).slice(0, 300),
          size: Math.max(0, Math.floor(f.size ?? 0)),
          contentType: f.mimetype?.slice(0, 200),
          ref: f.id,
        })),
      },
      linkKeys: [`channel:${SOURCE}:${event.channel}`],
    },
    { meta: systemCaller(conn.agency_id), timeout: 10_000, retries: 0 },
  );
}

/**
 * A signed body can still carry `\u0000` or a lone surrogate, which PostgreSQL cannot store in
 * text or jsonb (a 5xx before): parking keeps the event with those characters dropped.
 */
const storableText = (s: string): string =>
  s.replaceAll('\u0000', '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const parkedPayload = (body: unknown): string =>
  JSON.stringify(body, (_key, value: unknown) => (typeof value === 'string' ? storableText(value) : value));

const eventsAction: ModuleAction = {
  rest: 'POST /events',
  auth: 'public',
  rawBody: true,
  strict: false,
  // No transaction of its own: the inbox's ingest has one; parking is a single insert.
  mutation: false,
  summary: 'Slack Events API webhook (signed with the app signing secret; no user token)',
  async handler(ctx) {
    const raw = typeof ctx.meta.rawBody === 'string' ? ctx.meta.rawBody : '';
    if (Buffer.byteLength(raw) > MAX_EVENT_BYTES) throw new MoleculerClientError('Event body too large', 413, 'PAYLOAD_TOO_LARGE');
    const headers = (ctx.meta.webhookHeaders ?? {}) as Record<string, string | undefined>;
    const problem = signatureProblem(
      process.env.SLACK_SIGNING_SECRET,
      headers['x-slack-request-timestamp'],
      headers['x-slack-signature'],
      raw,
    );
    if (problem) throw new MoleculerClientError(problem, 401, 'INVALID_SIGNATURE');
    let body: { type?: string; challenge?: string; team_id?: string; event_id?: string; event?: SlackMessageEvent };
    try {
      body = JSON.parse(raw);
    } catch {
      throw errors.badRequest('The body is not JSON', 'INVALID_JSON');
    }
    if (body.type === 'url_verification') return { challenge: String(body.challenge ?? '') };
    if (body.type !== 'event_callback' || !body.event) return { ok: true, ignored: true };
    const [conn] = await sql(
      ctx,
      `select agency_id, team_id, bot_user_id, token_sealed from connector_slack.connection where team_id = ?`,
      [storableText(String(body.team_id ?? ''))],
    );
    if (!conn) {
      await sql(
        ctx,
        `insert into connector_slack.parked_event (team_id, event_id, reason, payload) values (?, ?, 'unknown workspace', ?::jsonb)`,
        [storableText(String(body.team_id ?? '')).slice(0, 100), storableText(String(body.event_id ?? '')).slice(0, 100), parkedPayload(body)],
      );
      return { ok: true, parked: true };
    }
    const e = body.event;
    // Plain user messages and file shares; edits, deletions, joins and bot echoes are not inbox messages.
    const isMessage = e.type === 'message' && (!e.subtype || e.subtype === 'file_share' || e.subtype === 'thread_broadcast');
    if (!isMessage || !e.channel || !e.ts || (e.bot_id && e.user !== conn.bot_user_id)) return { ok: true, ignored: true };
    try {
      await ingestMessage(ctx, conn, e);
    } catch (err) {
      const code = (err as { code?: number }).code;
      // The inbox is down or overloaded: 503 makes Slack retry the event later.
      if (!code || code >= 500 || (err as { type?: string }).type === 'SERVICE_NOT_FOUND')
        throw new MoleculerError('The inbox is not available; retry later', 503, 'INBOX_UNAVAILABLE');
      throw err;
    }
    return { ok: true };
  },
};

const oauthConfig = () => ({
  clientId: process.env.SLACK_CLIENT_ID ?? '',
  clientSecret: process.env.SLACK_CLIENT_SECRET ?? '',
  authorizeUrl: process.env.SLACK_AUTHORIZE_URL ?? 'https://slack.com/oauth/v2/authorize',
  redirectUrl: process.env.SLACK_REDIRECT_URL ?? 'http://localhost:3000/api/v1/connectors/slack/oauth/callback',
});

const connectAction: ModuleAction = {
  rest: 'GET /connect',
  permissions: ['connectors:manage'],
  summary: 'The Slack consent URL (OAuth v2) with a signed state valid 10 minutes; the browser goes there (needs the real internet)',
  handler(ctx) {
    const c = oauthConfig();
    if (!c.clientId) throw new MoleculerError('Slack is not configured on this server (SLACK_CLIENT_ID)', 503, 'CONNECTOR_NOT_CONFIGURED');
    const state = signState({ agencyId: ctx.user.agencyId, userId: ctx.user.id, provider: SOURCE });
    const url = new URL(c.authorizeUrl);
    url.searchParams.set('client_id', c.clientId);
    url.searchParams.set('scope', 'channels:history,groups:history,chat:write,users:read,files:read');
    url.searchParams.set('redirect_uri', c.redirectUrl);
    url.searchParams.set('state', state);
    return { url: url.toString() };
  },
};

const callbackAction: ModuleAction<{ code?: string; state?: string; error?: string }> = {
  rest: 'GET /oauth/callback',
  auth: 'public',
  mutation: true,
  summary: 'Slack OAuth v2 redirect: checks the signed state, exchanges the code, stores the sealed bot token',
  params: {
    code: { type: 'string', max: 500, optional: true },
    state: { type: 'string', max: 2000, optional: true },
    error: { type: 'string', max: 200, optional: true },
  },
  async handler(ctx) {
    const state = ctx.params.state ? verifyState(ctx.params.state, SOURCE) : null;
    if (!state) throw new MoleculerClientError('The sign-in link is invalid or expired: start connecting again', 400, 'INVALID_STATE');
    if (ctx.params.error || !ctx.params.code) {
      ctx.meta.$statusCode = 302;
      ctx.meta.$location = '/communications?connectError=slack';
      return null;
    }
    const c = oauthConfig();
    const res = await slackCall<{ access_token: string; bot_user_id?: string; team: { id: string; name?: string } }>('oauth.v2.access', {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      code: ctx.params.code,
      redirect_uri: c.redirectUrl,
    });
    const taken = await sql(ctx, `select agency_id from connector_slack.connection where team_id = ? and agency_id <> ?`, [
      res.team.id,
      state.agencyId,
    ]);
    if (taken.length) throw errors.conflict('This Slack workspace is connected to another agency', 'WORKSPACE_TAKEN');
    await sql(
      ctx,
      `insert into connector_slack.connection (agency_id, team_id, team_name, bot_user_id, token_sealed, connected_by) values (?, ?, ?, ?, ?, ?)
       on conflict (agency_id) do update set team_id = excluded.team_id, team_name = excluded.team_name, bot_user_id = excluded.bot_user_id,
         token_sealed = excluded.token_sealed, connected_by = excluded.connected_by, created_at = now()`,
      [
        state.agencyId,
        res.team.id,
        res.team.name ?? '',
        res.bot_user_id ?? null,
        sealToken(res.access_token, state.agencyId),
        state.userId,
      ],
    );
    ctx.meta.$statusCode = 302;
    ctx.meta.$location = '/communications?connected=slack';
    return null;
  },
};

const statusAction: ModuleAction = {
  rest: 'GET /status',
  permissions: ['communications:read'],
  summary: 'Whether the agency has connected a Slack workspace (never the token)',
  async handler(ctx) {
    const [row] = await sql(ctx, `select team_id, team_name from connector_slack.connection where agency_id = ?`, [ctx.user.agencyId]);
    return { connected: Boolean(row), account: row ? row.team_name || row.team_id : null };
  },
};

const disconnectAction: ModuleAction = {
  rest: 'DELETE /connection',
  permissions: ['connectors:manage'],
  summary: 'Revoke the bot token at Slack (best effort) and forget it',
  async handler(ctx) {
    const [row] = await sql(ctx, `select token_sealed from connector_slack.connection where agency_id = ? for update`, [ctx.user.agencyId]);
    if (!row) throw errors.notFound('Connection');
    await slackCall('auth.revoke', {}, openToken(row.token_sealed, ctx.user.agencyId)).catch((err) =>
      ctx.broker.logger.warn(`slack revoke failed: ${(err as Error).message}`),
    );
    await sql(ctx, `delete from connector_slack.connection where agency_id = ?`, [ctx.user.agencyId]);
    ctx.meta.$statusCode = 204;
    return null;
  },
};

interface SendParams {
  messageId: string;
  /** The inbox's delivery attempt id: sent as `client_msg_id`, so `lookup` can find the message later. */
  idempotencyKey?: string;
  text: string;
  conversation: { externalId: string; channel: string; ref: { channel?: string; threadTs?: string } };
}

const sendAction: ModuleAction<SendParams> = {
  summary: "Post a reply in the conversation's Slack thread (communications' delivery job; system principal)",
  strict: false,
  params: { messageId: { type: 'uuid' }, idempotencyKey: { type: 'uuid', optional: true }, text: { type: 'string', max: 40_000 }, conversation: { type: 'object' } },
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('connectors:send', ctx.user.role);
    const done = await sql(ctx, `select ts from connector_slack.delivery where message_id = ?`, [ctx.params.messageId]);
    if (done.length) return { externalId: done[0]!.ts };
    const [conn] = await sql(ctx, `select token_sealed from connector_slack.connection where agency_id = ?`, [ctx.user.agencyId]);
    if (!conn) throw new MoleculerClientError('Slack is not connected for this agency', 422, 'NOT_CONNECTED');
    const ref = ctx.params.conversation.ref ?? {};
    const res = await slackCall<{ ts: string; channel: string }>(
      'chat.postMessage',
      {
        channel: ref.channel ?? ctx.params.conversation.channel,
        thread_ts: ref.threadTs,
        text: ctx.params.text,
        client_msg_id: ctx.params.idempotencyKey ?? ctx.params.messageId,
      },
      openToken(conn.token_sealed, ctx.user.agencyId),
    );
    // Slack has the message; a crash from here to the commit is what `lookup` recovers from.
    await faultPoint('connector.sent', { connector: 'slack', messageId: ctx.params.messageId });
    await sql(ctx, `insert into connector_slack.delivery (message_id, agency_id, ts) values (?, ?, ?) on conflict do nothing`, [
      ctx.params.messageId,
      ctx.user.agencyId,
      res.ts,
    ]);
    return { externalId: res.ts, ref: { channel: res.channel, ts: res.ts } };
  },
};

interface LookupParams {
  messageId: string;
  keys: string[];
  conversation: { externalId: string; channel: string; ref: { channel?: string; threadTs?: string } };
}

/**
 * `lookup({ messageId, keys, conversation })` → `{ found: true, externalId, ref } | { found: false }`
 * (system principal): whether the conversation's Slack thread (`conversations.replies`, or the
 * channel's recent `conversations.history` without a thread) holds a message whose
 * `client_msg_id` is one of `keys` (earlier delivery attempts of the inbox). Errors as `send`.
 */
const lookupAction: ModuleAction<LookupParams> = {
  summary: 'Find a reply an earlier delivery attempt may have posted (by client_msg_id); system principal',
  strict: false,
  mutation: false,
  params: { messageId: { type: 'uuid' }, keys: { type: 'array', items: 'uuid', min: 1, max: 50 }, conversation: { type: 'object' } },
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('connectors:send', ctx.user.role);
    const [conn] = await sql(ctx, `select token_sealed from connector_slack.connection where agency_id = ?`, [ctx.user.agencyId]);
    if (!conn) throw new MoleculerClientError('Slack is not connected for this agency', 422, 'NOT_CONNECTED');
    const ref = ctx.params.conversation.ref ?? {};
    const channel = ref.channel ?? ctx.params.conversation.channel;
    const token = openToken(conn.token_sealed, ctx.user.agencyId);
    const res = ref.threadTs
      ? await slackCall<{ messages?: { ts: string; client_msg_id?: string }[] }>('conversations.replies', { channel, ts: ref.threadTs, limit: 200 }, token, 'form')
      : await slackCall<{ messages?: { ts: string; client_msg_id?: string }[] }>('conversations.history', { channel, limit: 200 }, token, 'form');
    const keys = new Set(ctx.params.keys);
    const hit = (res.messages ?? []).find((m) => m.client_msg_id && keys.has(m.client_msg_id));
    return hit ? { found: true, externalId: hit.ts, ref: { channel, ts: hit.ts } } : { found: false };
  },
};

export const slackService = defineService({
  name: 'slack',
  settings: { rest: '/connectors/slack', apiUrl: slackApiUrl() },
  actions: {
    events: eventsAction,
    connect: connectAction,
    oauthCallback: callbackAction,
    status: statusAction,
    disconnect: disconnectAction,
    send: sendAction,
    lookup: lookupAction,
  },
});
