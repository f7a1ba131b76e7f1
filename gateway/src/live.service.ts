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
 *   It is served before moleculer-web (`mountLiveStream`): an open stream holds no broker
 *   action slot (the bulkhead would otherwise stall the gateway at 20 open tabs) and no tracked
 *   context (graceful shutdown would wait for open tabs).
 * - The `live` service listens to `live.change` (every process hears every broadcast) and
 *   `identity.session.changed`, and closes this process's streams when it stops.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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

function single(v: string[] | undefined): string | undefined {
  return v && v.length === 1 ? v[0] : undefined;
}

/** Is this the live stream's request (`GET /api/v1/live…`)? */
export function isLiveStreamRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && /^\/api\/v1\/live\/?(\?|$)/.test(req.url ?? '');
}

/**
 * `GET /api/v1/live`: checks the ticket, then hands the connection to this process's hub.
 * Served straight from the HTTP server, before moleculer-web: a stream lasts as long as its
 * tab and must hold no broker action slot (bulkhead), no tracked context (graceful shutdown)
 * and no request timeout. Errors before the stream starts are the usual JSON error.
 */
export function serveLiveStream(broker: ServiceBroker, req: IncomingMessage, res: ServerResponse): void {
  const fail = (err: unknown) => sendJsonError(res, err as never, (e) => broker.logger.error('live stream failed', e));
  (async () => {
    const url = new URL(req.url ?? '/', 'http://local');
    const all = (k: string) => url.searchParams.getAll(k);
    if (req.headers.authorization || url.searchParams.has('access_token') || url.searchParams.has('token')) {
      throw new MoleculerClientError('The live stream takes a stream ticket, never an access token: POST /api/v1/live/ticket first', 400, 'TOKEN_IN_URL');
    }
    if (all('ticket').length > 1) throw errors.unauthorized('Give one stream ticket', 'INVALID_TICKET');
    const claims = redeemTicket(single(all('ticket')), spentOf(broker));
    // The session may have changed since the ticket was issued (role, deactivation, logout).
    await sessionVersionsOf(broker).check(claims.u, claims.sv);
    const header = req.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header) || single(all('lastEventId')) || null;
    await liveHubOf(broker).attach(req, res, { id: claims.u, agencyId: claims.a, role: claims.r, sv: claims.sv }, lastEventId ? lastEventId.slice(0, 100) : null);
  })().catch(fail);
}

/**
 * Put `GET /api/v1/live` in front of moleculer-web on `server` (the API service's HTTP server),
 * with the same security headers; every other request goes to moleculer-web as before.
 */
export function mountLiveStream(broker: ServiceBroker, server: Server, headers: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void {
  const previous = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isLiveStreamRequest(req)) return headers(req, res, () => serveLiveStream(broker, req, res));
    for (const listener of previous) listener.call(server, req, res);
  });
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
