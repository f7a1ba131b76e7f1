import { migrate, dropAll } from './migrator';
import { seed } from './seed';
import { loadModule, listInstalledModules, enabledModules, type DatabaseModule } from './modules';

/** Migrate (and optionally seed) the given modules; used by `npm start`, the CLI and tests. */
export async function prepareDatabase(
  url: string,
  modules: DatabaseModule[],
  options: { seed: boolean; log?: (l: string) => void },
): Promise<void> {
  const log = options.log ?? (() => undefined);
  const reports = await migrate(url, modules.map((m) => ({ module: m.name, schema: m.schema, migrations: m.migrations })));
  for (const r of reports) if (r.applied.length) log(`migrated ${r.module}: ${r.applied.join(', ')}`);
  if (options.seed) await seed(url, modules, log);
}

export function loadInstalledModules(onlyEnabled = false): DatabaseModule[] {
  const packages = onlyEnabled ? enabledModules() : listInstalledModules();
  return packages.map((p) => loadModule(p));
}

export async function resetDatabase(url: string, modules: DatabaseModule[]): Promise<void> {
  await dropAll(url, modules.map((m) => m.schema));
}
