/**
 * Search providers, discovered in Moleculer's live registry: every available service whose
 * manifest declares `search`, once per module, limited to modules the agency has switched on
 * and the caller's role may see. Modules seen earlier by this process that are gone now are
 * reported as unavailable rather than silently missing.
 */
import { manifestOf, roleHas, type ModuleManifest, type PrincipalRole, type SearchDeclaration } from '@audienceos/module-sdk';
import type { Context, ServiceBroker } from 'moleculer';

export interface Provider {
  module: string;
  manifest: ModuleManifest;
  search: SearchDeclaration;
  /** Permissions the action itself declares (from the registry), checked before asking. */
  actionPermissions: string[] | null;
}

interface RegistryService {
  metadata?: Record<string, unknown>;
  actions?: Record<string, { name?: string; permissions?: string[] }>;
}

/** Declarations seen in this process (module → manifest, when), to name modules that went down. */
const seen = new Map<string, { manifest: ModuleManifest; at: number }>();
/** A module gone for longer than this is taken as uninstalled and no longer reported. */
const GONE_REPORT_MS = 10 * 60_000;

/** Forget what was seen (tests). */
export function forgetSeenProviders(): void {
  seen.clear();
}

function isDeclaration(value: unknown): value is SearchDeclaration {
  const d = value as SearchDeclaration | undefined;
  return Boolean(d && typeof d.action === 'string' && d.action && typeof d.label === 'string');
}

/** A module is shown to a role that holds at least one of its read permissions (or any, if it declares none) — as the gateway's module list. */
export function moduleVisibleTo(manifest: ModuleManifest, role: PrincipalRole): boolean {
  const perms = manifest.permissions ?? [];
  const reads = perms.filter((p) => p.name.endsWith(':read'));
  const relevant = reads.length ? reads : perms;
  return relevant.length === 0 || relevant.some((p) => roleHas(role, p.name, perms));
}

export interface Discovery {
  live: Provider[];
  /** Declared earlier, not live now. */
  gone: { module: string; label: string }[];
}

/** Live (and, when given, enabled) providers this role may ask, plus known ones that are down. */
export function discoverProviders(broker: ServiceBroker, role: PrincipalRole, enabled: Set<string> | null): Discovery {
  const services = broker.registry.getServiceList({ onlyAvailable: true, onlyLocal: false, skipInternal: true, withActions: true }) as RegistryService[];
  const manifests = new Map<string, ModuleManifest>();
  const actions = new Map<string, string[]>();
  for (const service of services) {
    const manifest = manifestOf(service);
    if (manifest && !manifests.has(manifest.module)) manifests.set(manifest.module, manifest);
    for (const [name, action] of Object.entries(service.actions ?? {})) actions.set(action?.name ?? name, action?.permissions ?? []);
  }
  const allowed = (m: ModuleManifest) => (!enabled || enabled.has(m.module)) && moduleVisibleTo(m, role);
  const live: Provider[] = [];
  for (const manifest of manifests.values()) {
    if (!isDeclaration(manifest.search)) continue;
    seen.set(manifest.module, { manifest, at: Date.now() });
    if (!allowed(manifest)) continue;
    const permissions = actions.get(manifest.search.action) ?? null;
    if (permissions && !permissions.every((p) => roleHas(role, p, manifest.permissions ?? []))) continue;
    live.push({ module: manifest.module, manifest, search: manifest.search, actionPermissions: permissions });
  }
  const gone = [...seen.values()]
    .filter(({ manifest: m, at }) => !manifests.has(m.module) && Date.now() - at < GONE_REPORT_MS && allowed(m))
    .map(({ manifest }) => manifest)
    .map((m) => ({ module: m.module, label: (m.search as SearchDeclaration).label }));
  return { live, gone };
}

/**
 * The modules the caller's agency has switched on (settings), asked only when a live service
 * offers `settings.enabledModules`; null = all. Cached per agency for a few seconds (dropped
 * on `settings.modulesChanged`) so that typing in ⌘K does not ask settings on every key.
 * Fails open like the gateway: a settings outage must not empty the search.
 */
const ALWAYS_ENABLED = ['identity', 'settings'];
const ENABLED_TTL_MS = 5000;
const enabledCache = new Map<string, { at: number; enabled: Set<string> | null }>();

/** Drop the cached switches (all agencies, or one). */
export function forgetEnabledModules(agencyId?: string): void {
  if (agencyId) enabledCache.delete(agencyId);
  else enabledCache.clear();
}

export async function enabledModules(ctx: Context<unknown, { user?: { agencyId: string } }>): Promise<Set<string> | null> {
  const offered = ctx.broker.registry
    .getServiceList({ onlyAvailable: true, withActions: true })
    .some((s) => Boolean((s as { actions?: Record<string, unknown> }).actions?.['settings.enabledModules']));
  if (!offered) return null;
  const agencyId = ctx.meta.user?.agencyId ?? '';
  const hit = enabledCache.get(agencyId);
  if (hit && Date.now() - hit.at < ENABLED_TTL_MS) return hit.enabled;
  try {
    const res = (await ctx.call('settings.enabledModules', {}, { timeout: 2000, retries: 0 })) as { modules?: string[] | null } | null;
    const enabled = Array.isArray(res?.modules) ? new Set([...res.modules, ...ALWAYS_ENABLED]) : null;
    enabledCache.set(agencyId, { at: Date.now(), enabled });
    return enabled;
  } catch {
    return null;
  }
}
