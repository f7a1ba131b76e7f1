/**
 * The distributed run in tests: each module (or the gateway) as its own OS process, talking
 * over the machine's real NATS (NATS_URL, default nats://127.0.0.1:4222), sharing one
 * PostgreSQL database. Used to prove that modules deploy, start and stop independently.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { natsUrl } from '@audienceos/module-sdk/testing';

export { natsAvailable, natsUrl, eventually } from '@audienceos/module-sdk/testing';

const ROOT = path.join(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ModuleProcess {
  names: string[];
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartProcessOptions {
  databaseUrl: string;
  namespace: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Start `start-module <names…>` and resolve once it reports that it is up. */
export function startModuleProcess(names: string[], options: StartProcessOptions): Promise<ModuleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'cli', 'start-module.ts'), ...names], {
    cwd: ROOT,
    env: {
      ...process.env,
      TRANSPORTER: natsUrl(),
      DATABASE_URL: options.databaseUrl,
      BROKER_NAMESPACE: options.namespace,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const proc: ModuleProcess = {
    names,
    child,
    output: () => out,
    stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${names.join('+')} did not start in time:\n${out}`));
    }, options.timeoutMs ?? 45000);
    const onData = () => {
      if (/ up( at |\s|\()/.test(out)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${names.join('+')} exited with ${code}:\n${out}`));
    });
  });
}
