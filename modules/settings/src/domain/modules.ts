/**
 * Which modules are up (from the live registry's manifests, like the gateway sees them) and
 * which ones the agency has switched off. Identity and settings cannot be switched off.
 */
import type { ModuleManifest } from '@audienceos/module-sdk';

/** The part of Moleculer's broker read here. */
export interface RegistryReader {
  registry: { getServiceList(opts: Record<string, boolean>): unknown[] };
}

export const REQUIRED_MODULES: readonly string[] = ['identity', 'settings'];

export function liveModules(broker: RegistryReader): ModuleManifest[] {
  const byModule = new Map<string, ModuleManifest>();
  const services = broker.registry.getServiceList({ onlyAvailable: true, onlyLocal: false, skipInternal: true, withActions: false }) as {
    metadata?: { audienceos?: ModuleManifest };
  }[];
  for (const svc of services) {
    const manifest = svc.metadata?.audienceos;
    if (manifest?.module && !byModule.has(manifest.module)) byModule.set(manifest.module, manifest);
  }
  return [...byModule.values()].sort((a, b) => (a.ui?.nav.order ?? 999) - (b.ui?.nav.order ?? 999) || a.module.localeCompare(b.module));
}

export function moduleDto(m: ModuleManifest, disabled: Set<string>) {
  return {
    module: m.module,
    label: m.ui?.nav.label ?? m.module.replace(/(^|-)([a-z])/g, (_s, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`),
    description: m.description ?? null,
    version: m.version,
    icon: m.ui?.nav.icon ?? null,
    hasUi: Boolean(m.ui),
    required: REQUIRED_MODULES.includes(m.module),
    enabled: !disabled.has(m.module),
  };
}
export type ModuleSettingDto = ReturnType<typeof moduleDto>;
