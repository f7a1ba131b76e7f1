/**
 * KPI providers, discovered in Moleculer's live registry: every available service whose
 * manifest declares `kpis`, once per module (a module runs several services, maybe on several
 * nodes), limited to the KPIs the caller's role may read.
 */
import { manifestOf, roleHas, type KpiDeclaration, type ModuleManifest, type PrincipalRole } from '@audienceos/module-sdk';
import type { Context, ServiceBroker } from 'moleculer';

export interface Provider {
  module: string;
  manifest: ModuleManifest;
  kpi: KpiDeclaration;
}

/** The module's read permission (the first `…:read` it declares), if any. */
function readPermissionOf(manifest: ModuleManifest): string | null {
  return manifest.permissions?.find((p) => p.name.endsWith(':read'))?.name ?? null;
}

export function mayRead(role: PrincipalRole, manifest: ModuleManifest, kpi: KpiDeclaration): boolean {
  const permission = kpi.permission ?? readPermissionOf(manifest);
  return permission === null || roleHas(role, permission, manifest.permissions ?? []);
}

export function liveManifests(broker: ServiceBroker): ModuleManifest[] {
  const byModule = new Map<string, ModuleManifest>();
  const services = broker.registry.getServiceList({ onlyAvailable: true, onlyLocal: false, skipInternal: true, withActions: false }) as {
    metadata?: Record<string, unknown>;
  }[];
  for (const service of services) {
    const manifest = manifestOf(service);
    if (manifest && !byModule.has(manifest.module)) byModule.set(manifest.module, manifest);
  }
  const order = (m: ModuleManifest) => m.ui?.nav.order ?? 999;
  return [...byModule.values()].sort((a, b) => order(a) - order(b) || a.module.localeCompare(b.module));
}

/**
 * The platform's switch for modules an agency turned off: asked only when a live service offers
 * `settings.enabledModules` (the same contract the gateway honours for its module list and
 * routes). Fails open, like the gateway: a settings outage must not empty the dashboard.
 */
export const ENABLED_MODULES_ACTION = 'settings.enabledModules';
const ALWAYS_ENABLED = new Set(['identity', 'settings']);

export async function enabledModules(ctx: Context): Promise<Set<string> | null> {
  const offered = ctx.broker.registry
    .getServiceList({ onlyAvailable: true, withActions: true })
    .some((s) => Boolean((s as { actions?: Record<string, unknown> }).actions?.[ENABLED_MODULES_ACTION]));
  if (!offered) return null;
  try {
    const res = (await ctx.call(ENABLED_MODULES_ACTION, {}, { timeout: 2000, retries: 0 })) as { modules?: string[] | null } | null;
    return Array.isArray(res?.modules) ? new Set([...res.modules, ...ALWAYS_ENABLED]) : null;
  } catch {
    return null;
  }
}

/** Every KPI of a live (and, when given, enabled) module that this role may read, in module then declaration order. */
export function discoverProviders(broker: ServiceBroker, role: PrincipalRole, enabled: Set<string> | null = null): Provider[] {
  const out: Provider[] = [];
  for (const manifest of liveManifests(broker)) {
    if (enabled && !enabled.has(manifest.module)) continue;
    const seen = new Set<string>();
    for (const kpi of Array.isArray(manifest.kpis) ? manifest.kpis : []) {
      if (!kpi?.id || !kpi.action || seen.has(kpi.id)) continue;
      seen.add(kpi.id);
      if (mayRead(role, manifest, kpi)) out.push({ module: manifest.module, manifest, kpi });
    }
  }
  return out;
}
