/**
 * What this plugin asks of other modules, always through the broker and always optional:
 * the pipeline's reference check (is this a writable client of the caller's agency?) and identity's
 * `users.clientScope` (which clients may a member see or edit?). A peer that is not running
 * is detected from the live registry rather than by calling it, because a missing action
 * raises a *retryable* error and the broker's retry policy would add a second of back-off.
 */
import { requireWritable, type ActionContext } from '@audienceos/module-sdk';

// No retries: an optional peer that is missing should fail fast, not back off.
const callPeer = <T>(ctx: ActionContext, action: string, params: Record<string, unknown>, timeout: number): Promise<T> =>
  ctx.call(action, params, { timeout, retries: 0 }) as Promise<T>;

const offered = (ctx: ActionContext, action: string): boolean => ctx.broker.registry.actions.isAvailable(action);

/**
 * Refuse an id the pipeline does not know for this agency (422 on `clientId`), and an archived
 * client (409 CLIENT_ARCHIVED), through the SDK's one reference check. The caller's signed
 * meta travels with the call, so the pipeline applies its own tenant and member scoping.
 * Without a running pipeline the id is accepted: NPS must work on its own.
 */
export async function assertClient(ctx: ActionContext, clientId: string): Promise<void> {
  if (!offered(ctx, 'pipeline.references.check')) return;
  try {
    await requireWritable(ctx, 'pipeline.client', clientId, { field: 'clientId' });
  } catch (err) {
    // Went away between the registry check and the call: NPS works on its own.
    if ((err as { type?: string }).type === 'DEPENDENCY_UNAVAILABLE' && !offered(ctx, 'pipeline.references.check')) return;
    throw err;
  }
}

interface ClientScope {
  all: boolean;
  read: string[];
  write: string[];
}

/**
 * Client ids a member may read (or write); null means "every client" (managers and above).
 * Fails closed: a member sees nothing while identity cannot say what they may see.
 */
export async function memberScope(ctx: ActionContext, access: 'read' | 'write'): Promise<string[] | null> {
  if (ctx.user.role !== 'member') return null;
  if (!offered(ctx, 'users.clientScope')) return [];
  const scope = await callPeer<ClientScope>(ctx, 'users.clientScope', {}, 5000);
  return scope.all ? null : scope[access];
}
