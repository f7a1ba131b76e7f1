/**
 * A module's per-process runtime: its MikroORM instance (own pool, own entities), its
 * outbox relay, and its migrations applied at start (idempotent, advisory-locked, so any
 * module can be deployed alone on a fresh database).
 */
import { createOrm, migrate, resolveDatabaseUrl, type MikroORM } from '@audienceos/db';
import type { ServiceBroker } from 'moleculer';
import { ensureStreams } from './channels';
import { OutboxRelay } from './outbox';
import type { ModuleDefinition } from './define-module';

export interface ModuleRuntime {
  orm: MikroORM;
  relay: OutboxRelay;
  schema: string;
}

const runtimes = new WeakMap<ServiceBroker, Map<string, { runtime: Promise<ModuleRuntime>; users: number }>>();

export function acquireRuntime(broker: ServiceBroker, def: ModuleDefinition): Promise<ModuleRuntime> {
  let perBroker = runtimes.get(broker);
  if (!perBroker) runtimes.set(broker, (perBroker = new Map()));
  const existing = perBroker.get(def.name);
  if (existing) {
    existing.users++;
    return existing.runtime;
  }
  const runtime = (async () => {
    const url = await resolveDatabaseUrl((l) => broker.logger.info(l));
    await migrate(url, [{ module: def.name, schema: def.schema, migrations: def.migrations }]);
    const orm = await createOrm({ url, entities: def.entities, poolMax: Number(process.env.DB_POOL_MAX ?? 5), contextName: `module:${def.name}` });
    await ensureStreams(broker, def.publishes);
    const relay = new OutboxRelay(broker, () => orm.em.fork(), def.schema);
    relay.start();
    return { orm, relay, schema: def.schema };
  })();
  perBroker.set(def.name, { runtime, users: 1 });
  return runtime;
}

export async function releaseRuntime(broker: ServiceBroker, def: ModuleDefinition): Promise<void> {
  const entry = runtimes.get(broker)?.get(def.name);
  if (!entry || --entry.users > 0) return;
  runtimes.get(broker)!.delete(def.name);
  const runtime = await entry.runtime.catch(() => null);
  if (!runtime) return;
  await runtime.relay.stop();
  await runtime.orm.close();
}

export async function runtimeOf(broker: ServiceBroker, module: string): Promise<ModuleRuntime | undefined> {
  return runtimes.get(broker)?.get(module)?.runtime;
}
