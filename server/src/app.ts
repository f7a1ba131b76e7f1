/**
 * Starting the product in any shape: everything in one process (the default run), one
 * module alone, or the gateway alone (the distributed run). Modules are found at run time
 * (workspace packages with an `audienceos` block, plus AUDIENCEOS_PLUGINS): nothing here
 * names a module.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ServiceBroker } from 'moleculer';
import {
  enabledModules,
  listInstalledModules,
  loadModule,
  prepareDatabase,
  repoRoot,
  resolveDatabaseUrl,
  stopDatabase,
  type InstalledModulePackage,
} from '@audienceos/db';
import { closeHealthPool, createGatewayServices, waitForRouteAliases, type GatewayConfig } from '@audienceos/gateway';
import { createBroker, type ModuleDefinition } from '@audienceos/module-sdk';

export interface AppOptions {
  /** Module names to run here; default: MODULES or every default-enabled installed module. */
  modules?: string[];
  gateway?: boolean;
  /** Migrate + seed every module this process runs before starting (one-process run). */
  seed?: boolean;
  transporter?: string | null;
  namespace?: string;
  nodeID?: string;
  gatewayConfig?: Partial<GatewayConfig>;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  log?: (line: string) => void;
}

export interface RunningApp {
  broker: ServiceBroker;
  url: string | null;
  port: number | null;
  modules: string[];
  stop(): Promise<void>;
}

function pickModules(names: string[] | undefined): InstalledModulePackage[] {
  if (!names) return enabledModules();
  const installed = listInstalledModules();
  return names.map((n) => {
    const found = installed.find((m) => m.module === n);
    if (!found) throw new Error(`Unknown module "${n}". Installed: ${installed.map((m) => m.module).join(', ')}`);
    return found;
  });
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const log = options.log ?? ((line: string) => console.log(line));
  const packages = pickModules(options.modules);
  const modules = packages.map((p) => loadModule<ModuleDefinition>(p));
  const url = await resolveDatabaseUrl(log);
  if (options.seed) await prepareDatabase(url, modules, { seed: true, log });

  const broker = createBroker({ transporter: options.transporter, namespace: options.namespace, nodeID: options.nodeID, logLevel: options.logLevel });
  if (options.gateway) {
    // Plugins installed from npm may ship their built remote; the gateway serves it too.
    const extraRemotes = Object.fromEntries(listInstalledModules().filter((m) => m.remoteDist).map((m) => [m.module, m.remoteDist!]));
    const gatewayOptions = { webRoot: process.env.WEB_ROOT ?? repoRoot(), extraRemotes, ...options.gatewayConfig };
    for (const schema of createGatewayServices(gatewayOptions)) broker.createService(schema);
  }
  for (const mod of modules) for (const schema of mod.services) broker.createService(schema);
  await broker.start();

  let port: number | null = null;
  if (options.gateway) {
    const server = (broker.getLocalService('api') as unknown as { server: Server }).server;
    port = (server.address() as AddressInfo).port;
    // moleculer-web builds module routes after a debounce: "up" only once they answer (not 404).
    await waitForRouteAliases(broker).catch((err: Error) => log(`warning: ${err.message}`));
  }
  return {
    broker,
    url: port ? `http://localhost:${port}` : null,
    port,
    modules: modules.map((m) => m.name),
    async stop() {
      await broker.stop();
      await closeHealthPool();
      await stopDatabase();
    },
  };
}

/** Stop cleanly on Ctrl-C / SIGTERM (the embedded database included); a second signal forces. */
export function stopOnSignals(app: RunningApp, log: (line: string) => void = console.log): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`\n${signal}: stopping…`);
    app
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
