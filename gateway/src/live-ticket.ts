/**
 * Stream tickets for `GET /api/v1/live?ticket=…`. `EventSource` cannot send an Authorization
 * header, and the access token must never sit in a URL (logs, history, Referer), so the client
 * trades its access token for a ticket: short-lived (60 s), bound to the user and the session
 * version, single use.
 *
 * A ticket is self-contained and signed (HMAC-SHA256 with the platform secret under its own
 * label): any gateway process behind a balancer accepts a ticket another one issued. Single
 * use is enforced per gateway process (a memory of spent nonces until they expire); the short
 * lifetime and the session-version check at connect bound what a replay on another process
 * could do (open a stream for the same user, for at most 60 s after issue).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, platformSecret, type CallerUser, type PrincipalRole } from '@audienceos/module-sdk';

export const TICKET_TTL_SECONDS = 60;
const PREFIX = 'lt1';

export interface TicketClaims {
  /** User id. */
  u: string;
  /** Agency id. */
  a: string;
  /** Role at issue. */
  r: PrincipalRole;
  /** Session version at issue. */
  sv: number;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Random nonce (base64url, 16 bytes). */
  n: string;
}

function mac(body: string): string {
  return createHmac('sha256', platformSecret()).update(`live-ticket|${body}`).digest('base64url');
}

/** A ticket for `user` (`{ id, agencyId, role, sv }`), valid `ttlSeconds` (default 60). */
export function issueTicket(user: CallerUser, ttlSeconds = TICKET_TTL_SECONDS, nowMs = Date.now()): { ticket: string; expiresAt: string; claims: TicketClaims } {
  const claims: TicketClaims = { u: user.id, a: user.agencyId, r: user.role, sv: user.sv ?? 0, exp: Math.floor(nowMs / 1000) + ttlSeconds, n: randomBytes(16).toString('base64url') };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { ticket: `${PREFIX}.${body}.${mac(body)}`, expiresAt: new Date(claims.exp * 1000).toISOString(), claims };
}

/** Nonces this process has accepted, kept until their ticket would have expired anyway. */
export class SpentTickets {
  private readonly spent = new Map<string, number>();

  /** True the first time a nonce is seen (and remembers it); false after. */
  use(nonce: string, expSeconds: number, nowMs = Date.now()): boolean {
    if (this.spent.size > 1000) this.prune(nowMs);
    if (this.spent.has(nonce)) return false;
    this.spent.set(nonce, expSeconds);
    return true;
  }

  private prune(nowMs: number): void {
    const now = nowMs / 1000;
    for (const [nonce, exp] of this.spent) if (exp < now) this.spent.delete(nonce);
  }
}

/**
 * Check a ticket's shape, signature and expiry and spend it; resolves the claims. Raises
 * 401 with `type` NO_TICKET (missing), INVALID_TICKET (malformed, forged, an access token),
 * TICKET_EXPIRED, TICKET_USED (already spent on this process).
 */
export function redeemTicket(ticket: unknown, spent: SpentTickets, nowMs = Date.now()): TicketClaims {
  if (typeof ticket !== 'string' || !ticket) throw errors.unauthorized('A stream ticket is required: POST /api/v1/live/ticket first', 'NO_TICKET');
  const parts = ticket.length <= 1000 ? ticket.split('.') : [];
  if (parts.length !== 3 || parts[0] !== PREFIX) throw errors.unauthorized('The stream ticket is not valid', 'INVALID_TICKET');
  const [, body, sig] = parts as [string, string, string];
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw errors.unauthorized('The stream ticket is not valid', 'INVALID_TICKET');
  let claims: TicketClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketClaims;
  } catch {
    throw errors.unauthorized('The stream ticket is not valid', 'INVALID_TICKET');
  }
  if (!claims || typeof claims.u !== 'string' || typeof claims.a !== 'string' || typeof claims.exp !== 'number' || typeof claims.n !== 'string') {
    throw errors.unauthorized('The stream ticket is not valid', 'INVALID_TICKET');
  }
  if (claims.exp * 1000 <= nowMs) throw errors.unauthorized('The stream ticket has expired: ask for a new one', 'TICKET_EXPIRED');
  if (!spent.use(claims.n, claims.exp, nowMs)) throw errors.unauthorized('The stream ticket was already used: ask for a new one', 'TICKET_USED');
  return claims;
}
