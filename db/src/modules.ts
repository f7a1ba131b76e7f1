/**
 * What `db` needs to know of a module, and how installed modules are found: every workspace
 * package under `modules/` whose package.json has an `audienceos` block, plus any package
 * named in `AUDIENCEOS_PLUGINS` (a partner's plugin installed from npm).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager, EntitySchema } from '@mikro-orm/postgresql';
import type { Migration } from './migrator';
import { demo } from './seed-demo';
import { repoRoot } from './config';

export interface SeedContext {
  em: EntityManager;
  demo: typeof demo;
  log: (line: string) => void;
}

/** The database side of a module definition (the SDK's `defineModule` produces a superset). */
export interface DatabaseModule {
  name: string;
  schema: string;
  entities: EntitySchema<any, any>[];
  migrations: Migration[];
  /** Modules whose seed must run first (e.g. tickets after pipeline). */
  seedAfter?: string[];
  seed?: (ctx: SeedContext) => Promise<void>;
  /** Bulk data for benchmarks: about `scale` rows of the module's main entity for one agency. */
  generate?: (ctx: GenerateContext) => Promise<void>;
}

export interface GenerateContext extends SeedContext {
  agencyId: string;
  scale: number;
}

export interface InstalledModulePackage {
  packageName: string;
  dir: string;
  module: string;
  /** Started by the one-process run unless `MODULES` says otherwise. */
  defaultEnabled: boolean;
  /** A plugin package's built remote (`"audienceos": { "remoteDist": "remote/dist" }`), absolute. */
  remoteDist?: string;
}

function readManifest(dir: string): InstalledModulePackage | null {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) return null;
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!pkg.audienceos?.module) return null;
  return {
    packageName: pkg.name,
    dir,
    module: pkg.audienceos.module,
    defaultEnabled: pkg.audienceos.defaultEnabled !== false,
    ...(pkg.audienceos.remoteDist ? { remoteDist: path.resolve(dir, pkg.audienceos.remoteDist) } : {}),
  };
}

export function listInstalledModules(root = repoRoot()): InstalledModulePackage[] {
  const found: InstalledModulePackage[] = [];
  const modulesDir = path.join(root, 'modules');
  if (fs.existsSync(modulesDir)) {
    for (const entry of fs.readdirSync(modulesDir).sort()) {
      const manifest = readManifest(path.join(modulesDir, entry));
      if (manifest) found.push(manifest);
    }
  }
  for (const name of (process.env.AUDIENCEOS_PLUGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const dir = path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
    const manifest = readManifest(dir);
    if (!manifest) throw new Error(`AUDIENCEOS_PLUGINS names ${name}, whose package.json has no "audienceos" block`);
    found.push(manifest);
  }
  return found;
}

/** The modules this process should run: `MODULES=a,b` (or `all`), else the default-enabled ones. */
export function enabledModules(all = listInstalledModules()): InstalledModulePackage[] {
  const wanted = process.env.MODULES?.trim();
  if (!wanted) return all.filter((m) => m.defaultEnabled);
  if (wanted === 'all') return all;
  const names = wanted.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !all.some((m) => m.module === n));
  if (unknown.length) throw new Error(`MODULES names unknown module(s): ${unknown.join(', ')} (installed: ${all.map((m) => m.module).join(', ')})`);
  return all.filter((m) => names.includes(m.module));
}

/** Load a module package's definition (its default export). */
export function loadModule<T extends DatabaseModule = DatabaseModule>(pkg: InstalledModulePackage): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(pkg.dir);
  const definition = (loaded.default ?? loaded) as T;
  if (!definition?.name || !Array.isArray(definition.migrations)) {
    throw new Error(`${pkg.packageName} does not export a module definition (defineModule) as its default export`);
  }
  return definition;
}

/** Order modules so that each one's `seedAfter` dependencies come first. */
export function seedOrder<T extends DatabaseModule>(modules: T[]): T[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  const ordered: T[] = [];
  const visiting = new Set<string>();
  const visit = (m: T) => {
    if (ordered.includes(m)) return;
    if (visiting.has(m.name)) throw new Error(`Seed dependency cycle at ${m.name}`);
    visiting.add(m.name);
    for (const dep of m.seedAfter ?? []) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    visiting.delete(m.name);
    ordered.push(m);
  };
  modules.forEach(visit);
  return ordered;
}
