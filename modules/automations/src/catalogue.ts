/**
 * The catalogue: triggers, actions and KPIs of the modules that are running, read from the live
 * Moleculer registry (every service's `metadata.audienceos` manifest: plugins included), never
 * listed here. Manifests seen are remembered (`automations.known_module`) so that a workflow
 * using a module that is down can say "waiting: <module> is not running".
 */
import {
  manifestOf,
  type AutomationActionDeclaration,
  type KpiDeclaration,
  type ModuleManifest,
  type TriggerDeclaration,
} from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';

export interface CatalogueTrigger {
  module: string;
  topic: string;
  label: string;
  fields: Record<string, string>;
  available: boolean;
}
export interface CatalogueAction {
  key: string;
  module: string;
  id: string;
  label: string;
  /** The Moleculer action called with the system principal. */
  action: string;
  params: Record<string, unknown>;
  available: boolean;
}
export interface CatalogueKpi {
  key: string;
  module: string;
  id: string;
  label: string;
  unit: string | null;
  action: string;
  available: boolean;
}
export interface Catalogue {
  triggers: CatalogueTrigger[];
  actions: CatalogueAction[];
  kpis: CatalogueKpi[];
}

/** Manifests of the modules up now, one per module (a module may run several services/nodes). */
export function liveManifests(broker: ServiceBroker): Map<string, ModuleManifest> {
  const byModule = new Map<string, ModuleManifest>();
  const services = broker.registry.getServiceList({ onlyAvailable: true, onlyLocal: false, skipInternal: true, withActions: false }) as {
    metadata?: Record<string, unknown>;
  }[];
  for (const service of services) {
    const manifest = manifestOf(service);
    if (manifest && !byModule.has(manifest.module)) byModule.set(manifest.module, manifest);
  }
  return byModule;
}

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/**
 * Build the catalogue from live manifests plus remembered ones (`known`, marked unavailable).
 * Every trigger/action/KPI of a live module is offered; those of a module that is down only
 * when `keepUnavailable` says a workflow still uses them.
 */
export function buildCatalogue(
  live: Map<string, ModuleManifest>,
  known: Map<string, ModuleManifest>,
  keepUnavailable: (module: string) => boolean = () => false,
): Catalogue {
  const out: Catalogue = { triggers: [], actions: [], kpis: [] };
  const modules = new Map<string, { manifest: ModuleManifest; available: boolean }>();
  for (const [name, m] of known) if (keepUnavailable(name)) modules.set(name, { manifest: m, available: false });
  for (const [name, m] of live) modules.set(name, { manifest: m, available: true });
  const names = [...modules.keys()].sort();
  for (const module of names) {
    const { manifest, available } = modules.get(module)!;
    const seenTopics = new Set<string>();
    for (const t of asArray<TriggerDeclaration>(manifest.triggers)) {
      if (!t?.topic || seenTopics.has(t.topic)) continue;
      seenTopics.add(t.topic);
      out.triggers.push({ module, topic: t.topic, label: String(t.label ?? t.topic), fields: { ...(t.fields ?? {}) }, available });
    }
    const seenActions = new Set<string>();
    for (const a of asArray<AutomationActionDeclaration>(manifest.actions)) {
      if (!a?.id || !a.action || seenActions.has(a.id)) continue;
      seenActions.add(a.id);
      out.actions.push({
        key: `${module}:${a.id}`,
        module,
        id: a.id,
        label: String(a.label ?? a.id),
        action: a.action,
        params: { ...(a.params ?? {}) },
        available,
      });
    }
    for (const k of asArray<KpiDeclaration>(manifest.kpis)) {
      if (!k?.id || !k.action) continue;
      out.kpis.push({
        key: `${module}:${k.id}`,
        module,
        id: k.id,
        label: String(k.label ?? k.id),
        unit: k.unit ?? null,
        action: k.action,
        available,
      });
    }
  }
  return out;
}

/** The module a topic / action key / kpi key belongs to (for "waiting: <module> is not running"). */
export function moduleOfKey(key: string): string {
  return key.split(':')[0] ?? key;
}
