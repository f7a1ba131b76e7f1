/**
 * Test kit for module authors: a broker running the given modules against a private copy of
 * the seeded database, and helpers to call actions as a demo user.
 *
 *   const kit = await startTestKit([pipeline, identity]);
 *   const josh = kit.as('chase-digital', 'josh');
 *   await josh.call('clients.list', {});
 */
import type { ServiceBroker, CallingOptions } from 'moleculer';
import { demo, type DemoUser } from '@audienceos/db';
import { createBroker } from '../broker';
import { signCaller } from '../caller';
import type { ModuleDefinition } from '../define-module';
import { freshDatabase, type TestDatabase } from './database';
import type { CallerUser } from '../types';

export { freshDatabase, createDatabase, dropDatabase } from './database';
export type { TestDatabase } from './database';
export { eventually, natsAvailable, natsUrl } from './wait';
export { checkKpiContract } from './kpi-contract';
export type { KpiContractSubject } from './kpi-contract';
/** Fix the platform clock (`now()` of the SDK) for rules that depend on the time; `null` restores it. */
export { setClock } from '../time';
/** Make a named `faultPoint` fail (or do anything) in this process, as a crash there would; `null` clears it. */
export { setFault } from '../faults';

export interface Caller {
  user: CallerUser;
  call<T = any>(action: string, params?: Record<string, unknown>, opts?: CallingOptions): Promise<T>;
}

export interface TestKit {
  broker: ServiceBroker;
  db: TestDatabase;
  as(agencySlug: string, handle: string): Caller;
  asUser(user: CallerUser): Caller;
  stop(): Promise<void>;
}

export function callerFor(broker: ServiceBroker, user: CallerUser): Caller {
  return {
    user,
    call: (action, params = {}, opts = {}) =>
      broker.call(action, params, { ...opts, meta: { ...(opts.meta ?? {}), ...signCaller(user) } }) as Promise<any>,
  };
}

export function demoCaller(broker: ServiceBroker, agencySlug: string, handle: string): Caller {
  const agency = demo.agency(agencySlug);
  const user: DemoUser = demo.user(agencySlug, handle);
  return callerFor(broker, { id: user.id, agencyId: agency.id, role: user.role });
}

export async function startTestKit(modules: ModuleDefinition[], options: { transporter?: string | null } = {}): Promise<TestKit> {
  const db = await freshDatabase();
  process.env.DATABASE_URL = db.url;
  const broker = createBroker({ transporter: options.transporter ?? null, logLevel: 'warn', nodeID: `test-${process.pid}` });
  for (const mod of modules) for (const schema of mod.services) broker.createService(schema);
  await broker.start();
  return {
    broker,
    db,
    as: (agencySlug, handle) => demoCaller(broker, agencySlug, handle),
    asUser: (user) => callerFor(broker, user),
    async stop() {
      await broker.stop();
      await db.drop();
    },
  };
}
