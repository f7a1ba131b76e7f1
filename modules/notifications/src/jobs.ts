/**
 * Scheduled work on pg-boss (PostgreSQL, safe with several processes): every minute the email
 * sweep sends pending mails (retrying failures) and held mails whose quiet hours are over; every
 * hour the digest job sends each person who asked for it one mail with what gathered since the
 * last one, once their digest hour has come in their zone. Both act through this module's own
 * system-only actions per agency, so tenancy works as for any call.
 */
import { runtimeOf, systemCaller } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import PgBoss from 'pg-boss';
import { JOB_SCHEMA, QUEUES } from './constants';
import { pgArray } from './sql';

const running = new WeakMap<ServiceBroker, Promise<PgBoss>>();

async function agenciesWith(broker: ServiceBroker, states: string[]): Promise<string[]> {
  const runtime = await runtimeOf(broker, 'notifications');
  if (!runtime) return [];
  const rows = (await runtime.orm.em
    .fork()
    .getConnection()
    .execute(`select distinct agency_id from notifications.notification where email_state = any(?::text[])`, [pgArray(states)])) as { agency_id: string }[];
  return rows.map((r) => r.agency_id);
}

async function start(broker: ServiceBroker): Promise<PgBoss> {
  const runtime = await runtimeOf(broker, 'notifications');
  if (!runtime) throw new Error('notifications runtime is not started');
  const boss = new PgBoss({ connectionString: runtime.orm.config.get('clientUrl'), schema: JOB_SCHEMA, max: 2 });
  boss.on('error', (err) => broker.logger.warn(`notifications jobs: ${err.message}`));
  await boss.start();
  await boss.createQueue(QUEUES.emailSweep);
  await boss.createQueue(QUEUES.digest);
  await boss.work(QUEUES.emailSweep, { pollingIntervalSeconds: 30 }, async () => {
    for (const agencyId of await agenciesWith(broker, ['pending', 'held'])) await broker.call('notifications.sendPending', {}, { meta: systemCaller(agencyId) });
  });
  await boss.work(QUEUES.digest, { pollingIntervalSeconds: 30 }, async () => {
    for (const agencyId of await agenciesWith(broker, ['digest'])) await broker.call('notifications.sendDigests', {}, { meta: systemCaller(agencyId) });
  });
  await boss.schedule(QUEUES.emailSweep, '* * * * *');
  await boss.schedule(QUEUES.digest, '0 * * * *');
  return boss;
}

/** Start the queues and workers once per broker (the service's `started`). */
export function startJobs(broker: ServiceBroker): Promise<PgBoss> {
  let jobs = running.get(broker);
  if (!jobs) {
    jobs = start(broker);
    running.set(broker, jobs);
  }
  return jobs;
}

export async function stopJobs(broker: ServiceBroker): Promise<void> {
  const jobs = running.get(broker);
  running.delete(broker);
  const boss = await jobs?.catch(() => null);
  if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
}
