/**
 * Live change notices: a module says what changed and who may hear it; every gateway process
 * forwards the notice over Server-Sent Events to its own connected users (`GET /api/v1/live`),
 * enforcing the audience. A notice carries no record data: screens refetch what they show.
 *
 * Notices are plain Moleculer broadcasts (`live.change`), not durable events: a lost notice
 * costs one stale screen until the next change or reconnect (the stream then tells the client
 * to refetch everything), never data.
 */
import type { ServiceBroker } from 'moleculer';
import type { ActionContext } from './define-module';
import type { ModuleManifest, Role } from './types';

/** The Moleculer event every gateway process listens to. */
export const LIVE_CHANGE_EVENT = 'live.change';

/**
 * Who may hear a change; every given condition must hold, `{}` = everyone in the agency.
 * - `clientId`: a member hears it only if the client is granted to him (read or write); managers and up always.
 * - `userIds`: only these users. - `roles`: only these roles. - `permission`: only roles holding it.
 */
export interface LiveAudience {
  clientId?: string;
  userIds?: string[];
  roles?: Role[];
  permission?: string;
}

export type LiveOp = 'created' | 'updated' | 'deleted';

/** The broadcast payload (the gateway strips `audience` before a client sees it). */
export interface LiveChange {
  /** Module name from the manifest, e.g. `tickets`. */
  module: string;
  /** Record kind inside the module, e.g. `ticket`, `client`, `conversation`. */
  entity: string;
  /** The record's id. */
  id: string;
  agencyId: string;
  op: LiveOp;
  /** The record's version after the change, when it has one. */
  version?: number;
  audience: LiveAudience;
  /** Who made the change; null for the platform itself (jobs, consumers, system principal). */
  actorId: string | null;
  /** ISO instant of the announcement. */
  at: string;
  /** Optional extra facts a screen can use without a refetch (small, never confidential). */
  data?: Record<string, unknown>;
}

/** What a module gives `announce`: module, agency and actor come from the call. */
export interface LiveChangeInput {
  entity: string;
  id: string;
  op: LiveOp;
  version?: number;
  /** Default `{}`: everyone in the agency. Client-linked records: `{ clientId }`. */
  audience?: LiveAudience;
  /** Defaults to the calling service's manifest module. */
  module?: string;
  data?: Record<string, unknown>;
}

/** For `announceFrom` (outside an action): the agency is given, the actor optionally. */
export interface LiveChangeFromInput extends LiveChangeInput {
  module: string;
  agencyId: string;
  actorId?: string | null;
}

function moduleOf(ctx: ActionContext): string | undefined {
  const service = (ctx as unknown as { service?: { metadata?: { audienceos?: ModuleManifest } } }).service;
  return service?.metadata?.audienceos?.module;
}

function cleanAudience(a: LiveAudience | undefined): LiveAudience {
  const out: LiveAudience = {};
  if (!a) return out;
  if (a.clientId) out.clientId = String(a.clientId);
  if (Array.isArray(a.userIds)) out.userIds = a.userIds.filter((x) => typeof x === 'string');
  if (Array.isArray(a.roles)) out.roles = a.roles;
  if (a.permission) out.permission = a.permission;
  return out;
}

function send(broker: ServiceBroker, change: LiveChange): void {
  try {
    Promise.resolve(broker.broadcast(LIVE_CHANGE_EVENT, change)).catch((err: Error) => broker.logger.warn(`live.change not sent: ${err.message}`));
  } catch (err) {
    broker.logger.warn(`live.change not sent: ${(err as Error).message}`);
  }
}

/**
 * Inside an action: once the call's transaction has committed (`ctx.afterCommit`), broadcast
 * `live.change` with the module (from the service manifest unless given), the caller's agency
 * and the caller as actor (null for the system principal). Nothing is sent when the action
 * fails. Never throws into the action: a problem is logged.
 */
export function announce(ctx: ActionContext, change: LiveChangeInput): void {
  try {
    const user = ctx.user;
    const module = change.module ?? moduleOf(ctx);
    if (!user?.agencyId || !module) {
      ctx.broker.logger.warn(`announce ${change.entity}: no agency or module in this call; not sent`);
      return;
    }
    const build = (): LiveChange => ({
      module,
      entity: change.entity,
      id: String(change.id),
      agencyId: user.agencyId,
      op: change.op,
      ...(typeof change.version === 'number' ? { version: change.version } : {}),
      audience: cleanAudience(change.audience),
      actorId: user.role === 'system' ? null : user.id,
      at: new Date().toISOString(),
      ...(change.data ? { data: change.data } : {}),
    });
    if (typeof ctx.afterCommit === 'function') ctx.afterCommit(() => send(ctx.broker, build()));
    else send(ctx.broker, build());
  } catch (err) {
    ctx.broker?.logger?.warn(`announce failed: ${(err as Error).message}`);
  }
}

/**
 * Outside an action (a job, a consumer that committed on its own): broadcast now. The caller
 * must call it after its own commit. Never throws.
 */
export function announceFrom(broker: ServiceBroker, change: LiveChangeFromInput): void {
  try {
    send(broker, {
      module: change.module,
      entity: change.entity,
      id: String(change.id),
      agencyId: change.agencyId,
      op: change.op,
      ...(typeof change.version === 'number' ? { version: change.version } : {}),
      audience: cleanAudience(change.audience),
      actorId: change.actorId ?? null,
      at: new Date().toISOString(),
      ...(change.data ? { data: change.data } : {}),
    });
  } catch (err) {
    broker?.logger?.warn(`announceFrom failed: ${(err as Error).message}`);
  }
}
