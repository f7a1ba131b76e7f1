/**
 * Migrations per module. Each module owns a Postgres schema and an ordered list of SQL
 * migrations; the runner applies the ones not yet recorded for that module, each in its own
 * transaction, under an advisory lock so that several processes starting at once (the
 * distributed run) apply each migration exactly once.
 *
 * Why not MikroORM's Migrator: it keeps one history table per ORM config and does not create
 * the module's schema first; with a dozen independently deployed modules we want one
 * history keyed by module, a lock across processes, and plain reviewable SQL.
 */
import pg from 'pg';

export interface Migration {
  /** Sortable and unique within the module, e.g. `0001_clients`. */
  id: string;
  up: string;
}

export interface ModuleMigrations {
  module: string;
  schema: string;
  migrations: Migration[];
}

export interface MigrationReport {
  module: string;
  applied: string[];
}

const LOCK_KEY = 0x4155_4f53; // "AUOS"

async function withLock<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}

export async function ensureBookkeeping(client: pg.Client): Promise<void> {
  await client.query(`
    create schema if not exists audienceos;
    create table if not exists audienceos.migration (
      module text not null,
      id text not null,
      applied_at timestamptz not null default now(),
      primary key (module, id)
    );
    create table if not exists audienceos.seed (
      module text primary key,
      seeded_at timestamptz not null default now()
    );`);
}

export async function migrate(url: string, modules: ModuleMigrations[]): Promise<MigrationReport[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await withLock(client, async () => {
      await ensureBookkeeping(client);
      const reports: MigrationReport[] = [];
      for (const mod of modules) {
        const done = new Set(
          (await client.query('select id from audienceos.migration where module = $1', [mod.module])).rows.map((r) => r.id as string),
        );
        const applied: string[] = [];
        const ordered = [...mod.migrations].sort((a, b) => a.id.localeCompare(b.id));
        for (const migration of ordered) {
          if (done.has(migration.id)) continue;
          await client.query('begin');
          try {
            await client.query(`create schema if not exists "${mod.schema}"`);
            await client.query(migration.up);
            await client.query('insert into audienceos.migration (module, id) values ($1, $2)', [mod.module, migration.id]);
            await client.query('commit');
          } catch (err) {
            await client.query('rollback');
            throw new Error(`Migration ${mod.module}/${migration.id} failed: ${(err as Error).message}`);
          }
          applied.push(migration.id);
        }
        reports.push({ module: mod.module, applied });
      }
      return reports;
    });
  } finally {
    await client.end();
  }
}

/** Drop every module's schema and the bookkeeping: `db:reset`. */
export async function dropAll(url: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await withLock(client, async () => {
      for (const schema of [...schemas, 'audienceos']) await client.query(`drop schema if exists "${schema}" cascade`);
    });
  } finally {
    await client.end();
  }
}

export async function seededModules(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await ensureBookkeeping(client);
    return new Set((await client.query('select module from audienceos.seed')).rows.map((r) => r.module as string));
  } finally {
    await client.end();
  }
}

export async function markSeeded(url: string, module: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('insert into audienceos.seed (module) values ($1) on conflict do nothing', [module]);
  } finally {
    await client.end();
  }
}
