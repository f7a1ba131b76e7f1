/**
 * Work that must survive a restart runs on pg-boss (PostgreSQL, safe with several processes),
 * never on an in-process timer: snooze expiry (a job per snooze, due at its time) and reply
 * delivery (a job per reply, retried with exponential backoff, plus a sweep every minute that
 * re-queues replies still `sending` — the message row is the outbox: a crash between the
 * commit and the enqueue only delays the reply), and every 5 minutes the scan for
 * conversations waiting longer than N business hours. Jobs act through this module's own actions
 * as the agency's system principal, so tenancy and events work as for any call.
 */
import { runtimeOf, systemCaller } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import PgBoss from 'pg-boss';
import { DELIVERY_RETRIES, DELIVERY_RETRY_DELAY_SECONDS, JOB_SCHEMA, QUEUES } from './constants';

interface Jobs {
  boss: PgBoss;
  deliverWorker: string;
}

const SWEEP_QUEUE = 'communications-deliver-sweep';
const running = new WeakMap<ServiceBroker, Promise<Jobs>>();
const pollSeconds = () => Math.max(0.5, Number(process.env.COMMUNICATIONS_JOB_POLL_SECONDS ?? 1));

interface DeliverJob {
  agencyId: string;
  messageId: string;
}
interface SnoozeJob {
  agencyId: string;
  conversationId: string;
  until: string;
}

async function start(broker: ServiceBroker): Promise<Jobs> {
  const runtime = await runtimeOf(broker, 'communications');
  if (!runtime) throw new Error('communications runtime is not started');
  const boss = new PgBoss({ connectionString: runtime.orm.config.get('clientUrl'), schema: JOB_SCHEMA, max: 3 });
  boss.on('error', (err) => broker.logger.warn(`communications jobs: ${err.message}`));
  await boss.start();
  await boss.createQueue(QUEUES.snooze);
  await boss.createQueue(QUEUES.deliver, {
    name: QUEUES.deliver,
    retryLimit: DELIVERY_RETRIES,
    retryDelay: DELIVERY_RETRY_DELAY_SECONDS,
    retryBackoff: true,
  });
  await boss.createQueue(SWEEP_QUEUE);

  await boss.work<SnoozeJob>(QUEUES.snooze, { pollingIntervalSeconds: pollSeconds() }, async (jobs) => {
    for (const job of jobs) {
      await broker.call('communications.expireSnooze', { id: job.data.conversationId }, { meta: systemCaller(job.data.agencyId) });
    }
  });
  const deliverWorker = await boss.work<DeliverJob>(
    QUEUES.deliver,
    { pollingIntervalSeconds: pollSeconds(), includeMetadata: true },
    async (jobs) => {
      for (const job of jobs) {
        const final = job.retryCount >= job.retryLimit;
        const result = (await broker.call(
          'communications.deliver',
          { messageId: job.data.messageId, final },
          { meta: systemCaller(job.data.agencyId) },
        )) as {
          retry?: boolean;
          error?: string;
        };
        // Throwing hands the job back to pg-boss, which retries it after its backoff.
        if (result?.retry) throw new Error(result.error ?? 'delivery failed');
      }
    },
  );
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const stale = (await runtime.orm.em
      .fork()
      .getConnection()
      .execute(
        `select id, agency_id from communications.message where delivery_state = 'sending' and updated_at < now() - interval '2 minutes' limit 500`,
      )) as { id: string; agency_id: string }[];
    for (const m of stale) await boss.send(QUEUES.deliver, { agencyId: m.agency_id, messageId: m.id }, { singletonKey: m.id });
  });
  await boss.schedule(SWEEP_QUEUE, '* * * * *');
  await boss.createQueue(QUEUES.waiting);
  await boss.work(QUEUES.waiting, { pollingIntervalSeconds: 30 }, async () => {
    const agencies = (await runtime.orm.em
      .fork()
      .getConnection()
      .execute(
        `select distinct agency_id from communications.conversation where status = 'open' and last_direction = 'inbound' and waiting_since is not null`,
      )) as { agency_id: string }[];
    for (const a of agencies) await broker.call('communications.scanWaiting', {}, { meta: systemCaller(a.agency_id) });
  });
  await boss.schedule(QUEUES.waiting, '*/5 * * * *');
  return { boss, deliverWorker };
}

/** Start the queues and workers for this broker (once; the service's `started`). */
export function startJobs(broker: ServiceBroker): Promise<Jobs> {
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
  const started = await jobs?.catch(() => null);
  if (started) await started.boss.stop({ graceful: true, wait: true, timeout: 5000 });
}

/** Queue the delivery of a reply now (after its transaction committed) and wake the worker. */
export async function queueDelivery(broker: ServiceBroker, job: DeliverJob): Promise<void> {
  const jobs = await startJobs(broker);
  await jobs.boss.send(QUEUES.deliver, job, { singletonKey: job.messageId });
  jobs.boss.notifyWorker(jobs.deliverWorker);
}

/** A job that reopens the conversation at `until` (the action re-checks: a later snooze or reopen wins). */
export async function scheduleSnoozeExpiry(broker: ServiceBroker, job: SnoozeJob): Promise<void> {
  const jobs = await startJobs(broker);
  await jobs.boss.send(QUEUES.snooze, job, { startAfter: new Date(job.until) });
}
