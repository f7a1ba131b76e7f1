/**
 * Caller assertions. `ctx.meta` can be written by any node on the broker, so a bare
 * `ctx.meta.user` proves nothing: the gateway (after checking the JWT) and the SDK (for
 * system principals) sign it with the platform secret, and every module verifies the
 * signature before a handler runs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { platformSecret } from './secret';
import type { CallerUser, Meta } from './types';

function digest(user: CallerUser): string {
  // The session version is part of the assertion when present, so it cannot be swapped in transit.
  const sv = user.sv === undefined ? '' : `|${user.sv}`;
  return createHmac('sha256', platformSecret()).update(`${user.id}|${user.agencyId}|${user.role}${sv}`).digest('base64url');
}

/** Sign `{id, agencyId, role, sv?}` into meta; extra fields of `user` are dropped. */
export function signCaller(user: CallerUser): Pick<Meta, 'user' | 'userSig'> {
  const clean: CallerUser = { id: user.id, agencyId: user.agencyId, role: user.role };
  if (typeof user.sv === 'number') clean.sv = user.sv;
  return { user: clean, userSig: digest(clean) };
}

export function verifiedCaller(meta: Meta | undefined): CallerUser | null {
  const user = meta?.user;
  const sig = meta?.userSig;
  if (!user || typeof sig !== 'string' || !user.id || !user.agencyId || !user.role) return null;
  const expected = Buffer.from(digest(user));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? user : null;
}

/** Meta for work done by the platform itself inside one agency (event consumers, jobs). */
export function systemCaller(agencyId: string, id = 'system'): Pick<Meta, 'user' | 'userSig'> {
  return signCaller({ id, agencyId, role: 'system' });
}
