/**
 * The live channel's HTTP side and broker side in each gateway process.
 *
 * - `POST /api/v1/live/ticket` (access token required) → `{ ticket, expiresAt, expiresIn, url }`:
 *   a signed, single-use stream ticket valid 60 s (live-ticket.ts).
 * - `GET /api/v1/live?ticket=…` → `text/event-stream` (better-sse). Events: `ready`
 *   `{ bootId, heartbeatMs }`, `change` (a LiveChange without its audience), `reset`
 *   `{ reason }` (refetch everything), `closed` `{ reason }` (the server ended the stream).
 *   The last seen id comes back as the `Last-Event-ID` header or `?lastEventId=` (a new
 *   `EventSource` opened with a fresh ticket cannot set the header). An access token is never
 *   accepted here: no Authorization header, no `access_token`/`token` query (400 TOKEN_IN_URL).
 *   Errors before the stream starts are the usual JSON error (401 NO_TICKET / INVALID_TICKET /
 *   TICKET_EXPIRED / TICKET_USED / SESSION_REVOKED, 429 TOO_MANY_STREAMS).
 * - The `live-gateway` service listens to `live.change` (every process hears every broadcast) and
 *   `identity.session.changed`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { errors, LIVE_CHANGE_EVENT, MoleculerClientError, type CallerUser, type Meta } from '@audienceos/module-sdk';
import { sendJsonError } from './errors';
import { liveHubOf } from './live-hub';
import { issueTicket, redeemTicket, SpentTickets, TICKET_TTL_SECONDS } from './live-ticket';
import { sessionVersionsOf, SESSION_CHANGED_EVENT, type SessionState } from './session-versions';

const spentPerBroker = new WeakMap<ServiceBroker, SpentTickets>();
function spentOf(broker: ServiceBroker): SpentTickets {
  let s = spentPerBroker.get(broker);
  if (!s) spentPerBroker.set(broker, (s = new SpentTickets()));
  return s;
}

type Req = IncomingMessage & { query?: Record<string, unknown>; $ctx?: Context<unknown, Meta> };

function single(v: unknown): string | undefined {
  if (Array.isArray(v)) return undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Is this the live stream's request (`GET /api/v1/live…`)? */
export function isLiveStreamRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && /^\/api\/v1\/live\/?(\?|$)/.test(req.url ?? '');
}

/** moleculer-web function alias for `GET /api/v1/live`: checks the ticket, then hands the connection to the hub. */
export function liveStreamAlias(this: { broker: ServiceBroker; logger: { error: (...a: unknown[]) => void } }, req: Req, res: ServerResponse): void {
  const broker = this.broker;
  const fail = (err: unknown) => sendJsonError(res, err as never, (e) => this.logger.error('live stream failed', e));
  (async () => {
    const query = req.query ?? {};
    if (req.headers.authorization || query.access_token !== undefined || query.token !== undefined) {
      throw new MoleculerClientError('The live stream takes a stream ticket, never an access token: POST /api/v1/live/ticket first', 400, 'TOKEN_IN_URL');
    }
    if (Array.isArray(query.ticket)) throw errors.unauthorized('Give one stream ticket', 'INVALID_TICKET');
    const claims = redeemTicket(single(query.ticket), spentOf(broker));
    // The session may have changed since the ticket was issued (role, deactivation, logout).
    await sessionVersionsOf(broker).check(claims.u, claims.sv);
    const header = req.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header) || single(query.lastEventId) || null;
    await liveHubOf(broker).attach(req, res, { id: claims.u, agencyId: claims.a, role: claims.r, sv: claims.sv }, lastEventId ? lastEventId.slice(0, 100) : null);
  })().catch(fail);
}

/** The gateway's `live` service: the ticket action and the broker listeners of this process. */
export function liveService(): ServiceSchema {
  return {
    name: 'live',
    actions: {
      /**
       * A stream ticket for the caller: `{ ticket, expiresAt (ISO), expiresIn (s), url }`.
       * 401 without a valid access token (the route's authentication).
       */
      ticket: {
        async handler(ctx: Context<unknown, Meta>) {
          const user = ctx.meta.user as CallerUser | undefined;
          if (!user?.id || !user.agencyId) throw errors.unauthorized();
          const { ticket, expiresAt } = issueTicket(user);
          ctx.meta.$responseHeaders = { 'Cache-Control': 'no-store' };
          return { ticket, expiresAt, expiresIn: TICKET_TTL_SECONDS, url: `/api/v1/live?ticket=${encodeURIComponent(ticket)}` };
        },
      },
    },
    events: {
      [LIVE_CHANGE_EVENT](this: { broker: ServiceBroker }, ctx: { params: unknown }) {
        liveHubOf(this.broker).onChange(ctx.params);
      },
      [SESSION_CHANGED_EVENT](this: { broker: ServiceBroker }, ctx: { params: { users?: SessionState[] } }) {
        liveHubOf(this.broker).onSessionChanged(Array.isArray(ctx.params?.users) ? ctx.params.users : []);
      },
    },
    stopped(this: { broker: ServiceBroker }) {
      liveHubOf(this.broker).closeAll();
    },
  } as unknown as ServiceSchema;
}
