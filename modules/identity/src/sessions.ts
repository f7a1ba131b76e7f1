/**
 * Session versions (a per-user revocation epoch). Every access token carries the version it
 * was issued under; the gateway compares it with the current one on every request. Bumping
 * the version therefore ends every access token of that user at once, in every process:
 * after the change commits, identity broadcasts `identity.session.changed` (a plain Moleculer
 * event: in-process, or over NATS to every gateway) and the gateways update their caches.
 */
import type { ServiceBroker } from 'moleculer';
import type { ActionContext, EntityManager } from '@audienceos/module-sdk';

/** Broadcast after a commit that changed users' session versions or active flags. */
export const SESSION_CHANGED_EVENT = 'identity.session.changed';

export interface SessionState {
  userId: string;
  /** Monotonic: only ever increases. */
  version: number;
  active: boolean;
}

/** Raise the session version of `userIds` inside the caller's transaction; returns the new states. */
export async function bumpSessionVersions(em: EntityManager, userIds: string[]): Promise<SessionState[]> {
  if (userIds.length === 0) return [];
  const rows = (await em.getConnection().execute(
    `update identity.user set session_version = session_version + 1
       where id in (?) returning id, session_version, active`,
    [userIds],
    'all',
    em.getTransactionContext(),
  )) as { id: string; session_version: number; active: boolean }[];
  return rows.map((r) => ({ userId: r.id, version: Number(r.session_version), active: r.active }));
}

/**
 * Tell every gateway (every process) about new session states. Call only after commit.
 * Resolves once local handlers ran and remote ones were sent, so that the caller's response
 * (and thus the client's next request) comes after the announcement.
 */
export async function announceSessions(broker: ServiceBroker, states: SessionState[]): Promise<void> {
  if (states.length) await broker.broadcast(SESSION_CHANGED_EVENT, { users: states });
}

/**
 * Bump the versions in this call's transaction and announce them once it has committed (an
 * announcement before the commit could let a gateway reload the old version and keep it).
 */
export async function endSessions(ctx: ActionContext, userIds: string[]): Promise<void> {
  // Flush pending entity changes first (an `active` flag set in memory): RETURNING reports the row.
  await ctx.em.flush();
  const states = await bumpSessionVersions(ctx.em, userIds);
  ctx.afterCommit(() => announceSessions(ctx.broker, states));
}
