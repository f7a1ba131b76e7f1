/**
 * The distributed run: one module (or the gateway) per process.
 *   TRANSPORTER=nats://127.0.0.1:4222 DATABASE_URL=postgres://… npm run start:module -- pipeline
 *   TRANSPORTER=nats://127.0.0.1:4222 DATABASE_URL=postgres://… npm run start:module -- gateway
 * Several names may be given (`identity pipeline`). A module migrates its own schema at start.
 */
import { stopDatabase } from '@audienceos/db';
import { startApp, stopOnSignals } from '../app';

async function main(names: string[]): Promise<void> {
  if (names.length === 0) throw new Error('usage: start-module <gateway|module> [more…]');
  if (!process.env.TRANSPORTER) console.warn('TRANSPORTER is not set: this process will not see any other process.');
  const gateway = names.includes('gateway');
  const modules = names.filter((n) => n !== 'gateway');
  const app = await startApp({
    gateway,
    modules,
    seed: process.env.SEED === 'true',
    nodeID: process.env.NODE_ID ?? `${names.join('+')}-${process.pid}`,
    logLevel: (process.env.LOG_LEVEL as 'info') ?? 'info',
  });
  stopOnSignals(app);
  console.log(`${names.join(', ')} up${app.url ? ` at ${app.url}` : ''} (node ${app.broker.nodeID})`);
}

main(process.argv.slice(2)).catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stopDatabase().catch(() => undefined);
  process.exit(1);
});
