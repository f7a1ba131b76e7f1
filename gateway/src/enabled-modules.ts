/**
 * Modules an agency has switched off (settings). Asked only when a service offers
 * `settings.enabledModules`; cached per agency for a few seconds and dropped when settings
 * broadcasts `settings.modulesChanged`. Fails open: when settings is down or slow, modules
 * stay usable — an outage of the settings module must not take the whole product with it.
 */
import type { Context } from 'moleculer';
import type { Meta } from '@audienceos/module-sdk';
import { actionOffered } from './registry';

const TTL_MS = 5000;
const cache = new Map<string, { at: number; enabled: Set<string> | null }>();

/** Modules that can never be switched off: without them nobody could switch anything back on. */
export const ALWAYS_ENABLED = new Set(['identity', 'settings']);

export function forgetEnabledModules(): void {
  cache.clear();
}

export async function enabledModules(ctx: Context<unknown, Meta>): Promise<Set<string> | null> {
  const agencyId = ctx.meta.user?.agencyId;
  if (!agencyId || !actionOffered(ctx.broker, 'settings.enabledModules')) return null;
  const hit = cache.get(agencyId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.enabled;
  try {
    const res = (await ctx.call('settings.enabledModules', {}, { meta: { user: ctx.meta.user, userSig: ctx.meta.userSig }, timeout: 2000, retries: 0 })) as { modules: string[] | null };
    const enabled = res.modules ? new Set(res.modules) : null;
    cache.set(agencyId, { at: Date.now(), enabled });
    return enabled;
  } catch {
    return null;
  }
}

export function isEnabled(enabled: Set<string> | null, module: string): boolean {
  return !enabled || ALWAYS_ENABLED.has(module) || enabled.has(module);
}
