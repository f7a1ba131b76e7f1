/**
 * Route readiness: moleculer-web rebuilds its auto-generated aliases (the `/api/v1/...`
 * routes each module declares with `rest:`) after a debounce once services come and go.
 * Until that rebuild ran, a live module's route answers 404. "Up" and `/health/ready`
 * therefore wait until every published `rest` action of every live service has its alias.
 * Generic: it reads the broker's registry and the gateway's alias table, no module names.
 */
import type { ServiceBroker } from 'moleculer';

interface AliasLike { route: unknown; action?: string | null; _generated?: boolean }
interface RouteLike { opts: { autoAliases?: boolean; whitelist?: unknown[]; path?: string } }
interface ApiServiceLike { routes: RouteLike[]; aliases: AliasLike[] }
interface ListedAction { name: string; rest?: unknown; visibility?: string }
interface ListedService { name: string; settings?: unknown; actions?: Record<string, ListedAction> }

/**
 * Returns the names of live actions that declare `rest` but have no generated alias yet on
 * an autoAliases route of this process's gateway (`api` service). Empty when all routes are
 * built, or when this process runs no gateway. Routes with a whitelist are skipped (they
 * may legitimately leave actions out).
 */
export function missingRouteAliases(broker: ServiceBroker): string[] {
  const api = broker.getLocalService('api') as unknown as ApiServiceLike | undefined;
  if (!api?.routes || !api.aliases) return [];
  const routes = api.routes.filter((r) => r.opts.autoAliases && !r.opts.whitelist);
  if (!routes.length) return [];
  const services = broker.registry.getServiceList({ withActions: true, onlyAvailable: true }) as unknown as ListedService[];
  const expected = new Set<string>();
  for (const service of services) {
    if (!service.settings) continue;
    for (const action of Object.values(service.actions ?? {})) {
      if (action.rest && (action.visibility == null || action.visibility === 'published')) expected.add(action.name);
    }
  }
  const missing: string[] = [];
  for (const route of routes) {
    const built = new Set(api.aliases.filter((a) => a.route === route && a._generated).map((a) => a.action));
    for (const name of expected) if (!built.has(name)) missing.push(name);
  }
  return missing;
}

/**
 * Resolves once `missingRouteAliases` is empty (checked every 20 ms: the rebuild is a
 * debounced timer inside moleculer-web with no promise to await). Rejects after
 * `timeoutMs` (default 15 s) naming the actions still without a route.
 */
export async function waitForRouteAliases(broker: ServiceBroker, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = missingRouteAliases(broker);
    if (!missing.length) return;
    if (Date.now() > deadline) throw new Error(`HTTP routes not built after ${timeoutMs} ms for: ${missing.slice(0, 10).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
