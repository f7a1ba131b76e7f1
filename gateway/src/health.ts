/** Readiness: the database answers, the broker is connected (and sees the identity service), and the HTTP routes of every live service are built. */
import pg from 'pg';
import type { ServiceBroker } from 'moleculer';
import { resolveDatabaseUrl } from '@audienceos/db';
import { missingRouteAliases } from './route-readiness';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

let pool: pg.Pool | null = null;

async function databaseOk(): Promise<{ ok: boolean; detail?: string }> {
  try {
    pool ??= new pg.Pool({ connectionString: await resolveDatabaseUrl(), max: 1, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10000 });
    await pool.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

export async function readiness(broker: ServiceBroker): Promise<Readiness> {
  const transit = (broker as unknown as { transit?: { connected: boolean } }).transit;
  const brokerCheck = { ok: broker.started && (!transit || transit.connected), detail: transit ? 'transporter' : 'local' };
  const identity = broker.registry.getServiceList({ onlyAvailable: true }).some((s: { name: string }) => s.name === 'auth');
  // A live module whose HTTP routes are not built yet would answer 404 (route-readiness.ts).
  const missing = missingRouteAliases(broker);
  const routes = { ok: missing.length === 0, detail: missing.length ? `routes not built yet for ${missing.length} action(s)` : undefined };
  const checks = { database: await databaseOk(), broker: brokerCheck, identity: { ok: identity, detail: identity ? undefined : 'sign-in service (identity) is not up' }, routes };
  return { status: Object.values(checks).every((c) => c.ok) ? 'ready' : 'not_ready', checks };
}

export async function closeHealthPool(): Promise<void> {
  await pool?.end().catch(() => undefined);
  pool = null;
}
