/**
 * What this plugin asks of other modules, always through the broker and always optional:
 * the pipeline's `clients.get` (is this a client of the caller's agency?) and identity's
 * `users.clientScope` (which clients may a member see or edit?). A peer that is not running
 * is detected from the live registry rather than by calling it, because a missing action
 * raises a *retryable* error and the broker's retry policy would add a second of back-off.
 */
import { errors, type ActionContext } from '@audienceos/module-sdk';

// No retries: an optional peer that is missing should fail fast, not back off.
const callPeer = <T>(ctx: ActionContext, action: string, params: Record<string, unknown>, timeout: number): Promise<T> =>
  ctx.call(action, params, { timeout, retries: 0 }) as Promise<T>;

const offered = (ctx: ActionContext, action: string): boolean => ctx.broker.registry.actions.isAvailable(action);

const isAbsent = (err: { name?: string }) => err.name === 'ServiceNotFoundError' || err.name === 'ServiceNotAvailableError';

/**
 * Refuse (422 on `clientId`) an id the pipeline does not know for this agency. The caller's
 * signed meta travels with `ctx.call`, so the pipeline applies its own tenant and member
 * scoping. Without a running pipeline the id is accepted: NPS must work on its own.
 */
export async function assertClient(ctx: ActionContext, clientId: string): Promise<void> {
  if (!offered(ctx, 'clients.get')) return;
  try {
    await callPeer(ctx, 'clients.get', { id: clientId }, 5000);
  } catch (err) {
    const e = err as { code?: number; name?: string };
    if (isAbsent(e)) return; // went away between the registry check and the call
    if (e.code === 404 || e.code === 403) {
      throw errors.invalid({ field: 'clientId', message: 'No such client in your agency', type: 'clientNotFound', actual: clientId });
    }
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
