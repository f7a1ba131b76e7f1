/**
 * Automations in the distributed run (issue 12): pipeline + tickets in one OS process, the
 * automations engine in another, over the machine's NATS (JetStream) and one PostgreSQL. 500
 * durable events are published; the automations process is SIGKILLed while they are in flight
 * and started again. Afterwards every event has been handled exactly once: one run per event,
 * one ticket per run (the action's idempotency key covers a step that ran when the process died).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { demo } from '@audienceos/db';
import { channelName, createBroker, ensureStreams, type DurableEvent } from '@audienceos/module-sdk';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import type { ServiceBroker } from 'moleculer';
import { eventually, natsAvailable, natsUrl, startModuleProcess, type ModuleProcess } from '../support/processes';

const TOPIC = 'tickets.ticket.created';
const EVENTS = 500;
const namespace = `distauto-${randomBytes(4).toString('hex')}`;
const ENGINE_ENV = {
  AUTOMATIONS_TICK: 'off',
  AUTOMATIONS_JOB_EXPIRE_SECONDS: '8',
  AUTOMATIONS_MAINTENANCE_SECONDS: '2',
  AUTOMATIONS_RATE_PER_MINUTE: '100000',
};
let available = false;
let db: TestDatabase;
let domain: ModuleProcess | undefined;
let engine: ModuleProcess | undefined;
let publisher: ServiceBroker | undefined;

async function sql<R = any>(query: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as R[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  available = await natsAvailable();
  if (!available) return;
  db = await freshDatabase();
  domain = await startModuleProcess(['identity', 'settings', 'pipeline', 'tickets'], { databaseUrl: db.url, namespace });
}, 120_000);

afterAll(async () => {
  await publisher?.stop();
  await engine?.stop();
  await domain?.stop();
  await db?.drop();
});

it('SIGKILL of the automations process with 500 events in flight: each event handled exactly once, no ticket twice', async () => {
  if (!available) return console.warn('NATS is not reachable: distributed automations test not run');
  const agency = demo.agency(demo.chase.slug);
  const clientId = demo.clientIds(demo.chase.slug)[0]!;
  const workflowId = randomUUID();
  const trigger = { type: 'event', topic: TOPIC, filters: [{ field: 'trigger.title', op: 'startsWith', value: 'Dist ' }] };
  const steps = [
    {
      action: 'tickets:create-ticket',
      params: { clientId: '{{trigger.clientId}}', title: 'Made {{trigger.title}}' },
      delayMinutes: 0,
      continueOnFailure: false,
      requireApproval: false,
    },
  ];
  await sql(`update automations.workflow set enabled = false`);
  await sql(
    `insert into automations.workflow (id, agency_id, name, enabled, trigger, conditions, steps, trigger_kind, trigger_topic, version) values ($1, $2, 'Distributed', true, $3, $4, $5, 'event', $6, 1)`,
    [workflowId, agency.id, JSON.stringify(trigger), JSON.stringify({ mode: 'all', items: [] }), JSON.stringify(steps), TOPIC],
  );
  engine = await startModuleProcess(['automations'], { databaseUrl: db.url, namespace, env: ENGINE_ENV });

  publisher = createBroker({ transporter: natsUrl(), namespace, nodeID: `publisher-${namespace}`, logLevel: 'warn' });
  await publisher.start();
  await ensureStreams(publisher, [TOPIC]);
  const send = (publisher as unknown as { sendToChannel: (name: string, payload: unknown) => Promise<void> }).sendToChannel.bind(publisher);
  const events: DurableEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    id: randomUUID(),
    topic: TOPIC,
    agencyId: agency.id,
    actorId: null,
    occurredAt: new Date().toISOString(),
    data: {
      ticketId: randomUUID(),
      number: 100_000 + i,
      clientId,
      priority: 'low',
      status: 'new',
      assigneeId: null,
      title: `Dist ${i}`,
      category: 'general',
    },
  }));
  for (const e of events) await send(channelName(publisher, TOPIC), e);

  // Kill the engine mid-way: some runs made, most events still in flight.
  await eventually(
    async () => {
      const [{ n }] = await sql(`select count(*)::int as n from automations.run where workflow_id = $1`, [workflowId]);
      if (n < 30) throw new Error(`${n} runs`);
    },
    60_000,
    50,
  );
  const first = engine;
  await engine.stop('SIGKILL');
  const [{ n: atKill }] = await sql(`select count(*)::int as n from automations.run where workflow_id = $1`, [workflowId]);
  expect(atKill).toBeLessThan(EVENTS);
  engine = await startModuleProcess(['automations'], { databaseUrl: db.url, namespace, env: ENGINE_ENV });

  await eventually(
    async () => {
      const [r] = await sql(
        `select count(*)::int as runs, (count(*) filter (where status = 'succeeded'))::int as ok from automations.run where workflow_id = $1`,
        [workflowId],
      );
      if (r.runs < EVENTS || r.ok < EVENTS) throw new Error(`${r.runs} runs, ${r.ok} succeeded`);
    },
    150_000,
    500,
  ).catch(async (err) => {
    const seen = await sql(`select count(*)::int as n from automations.recent_event where topic = $1`, [TOPIC]);
    const statuses = await sql(`select status, count(*)::int from automations.run where workflow_id = $1 group by 1`, [workflowId]);
    const jobs = await sql(`select state, count(*)::int from automations_jobs.job where name = 'automations-step' group by 1`);
    console.log(JSON.stringify({ seen, statuses, jobs, atKill }), engine?.output().slice(-6000), first?.output().slice(-3000));
    throw err;
  });
  const [runs] = await sql(
    `select count(*)::int as n, count(distinct event_id)::int as events from automations.run where workflow_id = $1`,
    [workflowId],
  );
  expect(runs).toEqual({ n: EVENTS, events: EVENTS });
  const [tickets] = await sql(
    `select count(*)::int as n, count(distinct title)::int as titles from tickets.ticket where title like 'Made Dist %'`,
  );
  expect(tickets).toEqual({ n: EVENTS, titles: EVENTS });
}, 240_000);
