/**
 * Calls to other modules (identity's client scope and people, pipeline's clients).
 *
 * WORKAROUND (SDK): every module's ORM uses MikroORM's default context name, so a peer's
 * handler running in this same process would inherit this call's RequestContext /
 * transaction (AsyncLocalStorage) and resolve *our* EntityManager. An AsyncResource created
 * at load time, outside any request, runs the broker call in an empty async context.
 * Harmless when the peer is on another node.
 */
import { AsyncResource } from 'node:async_hooks';
import type { ActionContext } from '@audienceos/module-sdk';

const outsideRequests = new AsyncResource('tickets.peer-call');

export function callPeer<T>(ctx: ActionContext, action: string, params: Record<string, unknown> = {}): Promise<T> {
  // No retries: a missing service fails fast (it is retryable for Moleculer and would back off).
  return outsideRequests.runInAsyncScope(() => ctx.call(action, params, { timeout: 5000, retries: 0 }) as Promise<T>);
}
