/**
 * Calls to other modules (pipeline's clients, identity's people): a short timeout and no
 * retries, because a missing service is "retryable" for Moleculer and would only add back-off
 * before the answer we turn into a clear 503.
 */
import type { ActionContext } from '@audienceos/module-sdk';

export function callPeer<T>(ctx: ActionContext, action: string, params: Record<string, unknown> = {}): Promise<T> {
  return ctx.call(action, params, { timeout: 5000, retries: 0 }) as Promise<T>;
}
