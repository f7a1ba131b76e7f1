/**
 * KPI providers, discovered in Moleculer's live registry: every available service whose
 * manifest declares `kpis`, once per module (a module runs several services, maybe on several
 * nodes), limited to the KPIs the caller's role may read.
 */
import { manifestOf, roleHas, type KpiDeclaration, type ModuleManifest, type PrincipalRole } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';

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

/** Every KPI of a live module that this role may read, in module then declaration order. */
export function discoverProviders(broker: ServiceBroker, role: PrincipalRole): Provider[] {
  const out: Provider[] = [];
  for (const manifest of liveManifests(broker)) {
    const seen = new Set<string>();
    for (const kpi of Array.isArray(manifest.kpis) ? manifest.kpis : []) {
      if (!kpi?.id || !kpi.action || seen.has(kpi.id)) continue;
      seen.add(kpi.id);
      if (mayRead(role, manifest, kpi)) out.push({ module: manifest.module, manifest, kpi });
    }
  }
  return out;
}
