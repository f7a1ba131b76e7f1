import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { httpRequest } from './http';

/**
 * The real product for browser tests: `server/src/cli/start.ts` (the `npm start` process, minus
 * its launcher) on free ports against a fresh database, ready when `/health/ready` says so.
 *
 * Database: with DATABASE_URL set (CI), a new database is created on that server and dropped
 * afterwards; otherwise an embedded PostgreSQL runs in a new temporary directory.
 */
export const ROOT = path.resolve(__dirname, '../../..');
const START_SCRIPT = path.join(ROOT, 'server/src/cli/start.ts');
const BUILD_WEB = path.join(ROOT, 'scripts/build-web.js');

export interface RunningProduct {
  url: string;
  /** The product's database (for processes started beside it in the distributed tests). */
  databaseUrl: string;
  /** Its broker namespace (a process joining it over NATS must use the same). */
  namespace: string;
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function productAvailable(): boolean {
  return existsSync(START_SCRIPT);
}

/** Build the shell and the remotes when stale (the same helper `npm start` uses). */
export function buildWeb(): void {
  if (!existsSync(BUILD_WEB)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWeb: build } = require(BUILD_WEB) as { buildWeb: () => string[] };
  const failed = build();
  if (failed.length) throw new Error(`Could not build ${failed.join(', ')}`);
}

async function createFreshDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `aos_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await client.end();
    },
  };
}

async function waitForReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The product exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await httpRequest(`${url}/health/ready`);
      if (res.status === 200 && res.json<{ status?: string }>().status === 'ready') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The product was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

export async function startProduct(options: { env?: Record<string, string>; timeoutMs?: number; transporter?: string } = {}): Promise<RunningProduct> {
  if (!productAvailable()) throw new Error(`${path.relative(ROOT, START_SCRIPT)} does not exist yet: the backend has not landed`);
  buildWeb();

  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BROKER_NAMESPACE: `e2e-${process.pid}-${port}`,
    ...options.env,
  };
  // One process with no transporter, whatever the caller's shell says — unless the test wants
  // other processes to join it over NATS.
  delete env.TRANSPORTER;
  if (options.transporter) env.TRANSPORTER = options.transporter;

  let tmpDir: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const db = await createFreshDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = db.url;
    dropDatabase = db.drop;
  } else {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'aos-e2e-'));
    chmodSync(tmpDir, 0o755); // PostgreSQL runs as its own user and must be able to enter it
    env.EMBEDDED_PG_DIR = path.join(tmpDir, 'pg');
    env.EMBEDDED_PG_PORT = String(await freePort());
  }

  const child = spawn(process.execPath, ['--import', 'tsx', START_SCRIPT], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const output = () => out;
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM'); // the product stops its embedded PostgreSQL on SIGTERM
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20000)));
      const inTime = await Promise.race([exited.then(() => true), timedOut]);
      clearTimeout(timer); // a pending timer would keep jest from exiting
      if (!inTime && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL'); // the whole group, the database included
        } catch {
          // already gone
        }
      }
    }
    await dropDatabase?.();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(url, child, output, options.timeoutMs ?? 150_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const databaseUrl = env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/audienceos`;
  return { url, databaseUrl, namespace: env.BROKER_NAMESPACE!, output, stop };
}
