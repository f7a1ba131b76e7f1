/**
 * The live module registry: which modules are up right now (Moleculer discovery) and what
 * their manifests declare. Nothing here knows any module by name.
 */
import type { ServiceBroker } from 'moleculer';
import { permissionsOf, roleHas, type ModuleManifest, type PermissionDeclaration, type PrincipalRole } from '@audienceos/module-sdk';

interface RegistryService {
  name: string;
  settings?: { rest?: string };
  metadata?: { audienceos?: ModuleManifest };
  available?: boolean;
  actions?: Record<string, RegistryAction>;
}

export interface RegistryAction {
  name: string;
  rest?: string | string[];
  params?: Record<string, unknown>;
  auth?: 'public' | 'user';
  permissions?: string[];
  summary?: string;
  visibility?: string;
}

export function liveServices(broker: ServiceBroker, withActions = false): RegistryService[] {
  return broker.registry.getServiceList({ onlyAvailable: true, onlyLocal: false, skipInternal: true, withActions }) as RegistryService[];
}

export function liveManifests(broker: ServiceBroker): ModuleManifest[] {
  const byModule = new Map<string, ModuleManifest>();
  for (const svc of liveServices(broker)) {
    const manifest = svc.metadata?.audienceos;
    if (manifest?.module && !byModule.has(manifest.module)) byModule.set(manifest.module, manifest);
  }
  return [...byModule.values()];
}

export function allDeclaredPermissions(manifests: ModuleManifest[]): PermissionDeclaration[] {
  return manifests.flatMap((m) => m.permissions ?? []);
}

/** A module is shown to a role that holds at least one of its read permissions (or any, if it declares none). */
export function moduleVisibleTo(manifest: ModuleManifest, role: PrincipalRole): boolean {
  const perms = manifest.permissions ?? [];
  const reads = perms.filter((p) => p.name.endsWith(':read'));
  const relevant = reads.length ? reads : perms;
  return relevant.length === 0 || relevant.some((p) => roleHas(role, p.name, perms));
}

export function permissionsForRole(broker: ServiceBroker, role: PrincipalRole): string[] {
  return permissionsOf(role, allDeclaredPermissions(liveManifests(broker))).sort();
}

/**
 * Per-request questions about the registry (which module owns a service, does anyone offer an
 * action) are answered from a snapshot rebuilt only when services come or go
 * (`$services.changed`), not by scanning the registry on every HTTP request.
 */
interface RegistrySnapshot {
  moduleByService: Map<string, string>;
  actions: Set<string>;
}
const snapshots = new WeakMap<ServiceBroker, RegistrySnapshot>();

function snapshot(broker: ServiceBroker): RegistrySnapshot {
  let snap = snapshots.get(broker);
  if (!snap) {
    const services = liveServices(broker, true);
    snap = {
      moduleByService: new Map(services.filter((s) => s.metadata?.audienceos?.module).map((s) => [s.name, s.metadata!.audienceos!.module])),
      actions: new Set(services.flatMap((s) => Object.keys(s.actions ?? {}))),
    };
    snapshots.set(broker, snap);
  }
  return snap;
}

export function forgetRegistrySnapshot(broker: ServiceBroker): void {
  snapshots.delete(broker);
}

/** The module a live service belongs to (from its manifest), or null for platform services. */
export function moduleOfService(broker: ServiceBroker, serviceName: string): string | null {
  return snapshot(broker).moduleByService.get(serviceName) ?? null;
}

/** Does a live service offer this action? */
export function actionOffered(broker: ServiceBroker, action: string): boolean {
  return snapshot(broker).actions.has(action);
}
