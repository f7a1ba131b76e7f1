/**
 * Durable events: written to the outbox in the change's transaction, relayed to
 * @moleculer/channels, consumed once per consumer group (deduplicated by message id), and
 * not lost when the process dies between commit and publish. Over the in-process adapter
 * and over real NATS JetStream between two brokers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { connect } from 'nats';
import { demo } from '@audienceos/db';
import { createBroker, channelName, defineModule, defineService, errors, runtimeOf, type ActionContext, type DurableEvent } from '@audienceos/module-sdk';
import { callerFor, eventually, freshDatabase, natsAvailable, natsUrl, startTestKit, type TestDatabase, type TestKit } from '@audienceos/module-sdk/testing';

const TOPIC = 'probe.thing.made';

const producer = defineModule({
  name: 'probe-pub',
  version: '0.0.1',
  schema: 'probe_pub',
  entities: [],
  migrations: [{ id: '0001', up: 'create table probe_pub.thing (id uuid primary key, agency_id uuid not null, label text not null)' }],
  publishes: [TOPIC],
  manifest: { permissions: [] },
  services: [
    defineService({
      name: 'things',
      actions: {
        make: {
          params: { label: 'string', fail: { type: 'boolean', optional: true } },
          async handler(ctx: ActionContext<{ label: string; fail?: boolean }>) {
            const id = randomUUID();
            await ctx.db.sql('insert into probe_pub.thing (id, agency_id, label) values (?, $agency, ?)', [id, ctx.params.label]);
            ctx.emitDurable(TOPIC, { id, label: ctx.params.label });
            if (ctx.params.fail) throw errors.conflict('refused after emitting', 'REFUSED');
            return { id };
          },
        },
      },
    }),
  ],
});

const consumer = defineModule({
  name: 'probe-sub',
  version: '0.0.1',
  schema: 'probe_sub',
  entities: [],
  migrations: [{ id: '0001', up: 'create table probe_sub.seen (event_id text, agency_id uuid, label text)' }],
  manifest: { permissions: [] },
  services: [
    defineService({
      name: 'watcher',
      channels: {
        [TOPIC]: {
          group: 'probe-watchers',
          async handler(ctx: ActionContext<DurableEvent>, event: DurableEvent) {
            await ctx.db.sql('insert into probe_sub.seen (event_id, agency_id, label) values (?, $agency, ?)', [event.id, String(event.data.label)]);
          },
        },
      },
    }),
  ],
});

async function seen(url: string): Promise<{ event_id: string; label: string; agency_id: string }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('select event_id, label, agency_id from probe_sub.seen order by label')).rows;
  } finally {
    await c.end();
  }
}

describe('in one process (in-process channels)', () => {
  let kit: TestKit;
  beforeAll(async () => {
    kit = await startTestKit([producer, consumer]);
  });
  afterAll(() => kit.stop());

  it('delivers an event emitted by a committed change, with its agency', async () => {
    await kit.as('chase-digital', 'josh').call('things.make', { label: 'a-committed' });
    const rows = await eventually(async () => {
      const r = await seen(kit.db.url);
      if (!r.some((x) => x.label === 'a-committed')) throw new Error('not yet');
      return r;
    });
    expect(rows.find((x) => x.label === 'a-committed')!.agency_id).toBe(demo.chase.id);
  });

  it('emits nothing when the change rolls back', async () => {
    await expect(kit.as('chase-digital', 'josh').call('things.make', { label: 'b-rolled-back', fail: true })).rejects.toMatchObject({ code: 409 });
    await (await runtimeOf(kit.broker, 'probe-pub'))!.relay.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect((await seen(kit.db.url)).map((x) => x.label)).not.toContain('b-rolled-back');
  });

  it('publishes an outbox row committed before a crash (relay picks it up)', async () => {
    const event = { id: randomUUID(), topic: TOPIC, agencyId: demo.chase.id, actorId: null, occurredAt: new Date().toISOString(), data: { label: 'c-after-crash' } };
    const c = new pg.Client({ connectionString: kit.db.url });
    await c.connect();
    await c.query('insert into probe_pub.outbox (id, topic, agency_id, payload) values ($1, $2, $3, $4)', [event.id, TOPIC, event.agencyId, event]);
    await c.end();
    (await runtimeOf(kit.broker, 'probe-pub'))!.relay.kick();
    await eventually(async () => {
      if (!(await seen(kit.db.url)).some((x) => x.label === 'c-after-crash')) throw new Error('not yet');
    });
  });

  it('processes a redelivered message once', async () => {
    const event: DurableEvent = { id: randomUUID(), topic: TOPIC, agencyId: demo.chase.id, actorId: null, occurredAt: new Date().toISOString(), data: { label: 'd-twice' } };
    const send = (kit.broker as unknown as { sendToChannel: (n: string, p: unknown) => Promise<void> }).sendToChannel;
    await send.call(kit.broker, channelName(kit.broker, TOPIC), event);
    await send.call(kit.broker, channelName(kit.broker, TOPIC), event);
    await eventually(async () => {
      if (!(await seen(kit.db.url)).some((x) => x.label === 'd-twice')) throw new Error('not yet');
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await seen(kit.db.url)).filter((x) => x.label === 'd-twice')).toHaveLength(1);
  });
});

describe('across processes over NATS JetStream', () => {
  let db: TestDatabase;
  const namespace = `durable-${randomBytes(4).toString('hex')}`;
  let available = false;

  beforeAll(async () => {
    available = await natsAvailable();
    if (available) db = await freshDatabase();
  });
  afterAll(async () => {
    if (!available) return;
    await db.drop();
    // Streams live on in NATS: remove this run's.
    const nc = await connect({ servers: natsUrl() });
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) if (s.config.name.startsWith(namespace.replace(/\./g, '_'))) await jsm.streams.delete(s.config.name);
    await nc.close();
  });

  it('a message published while the consumer is down arrives when it starts', async () => {
    if (!available) {
      console.warn('NATS is not reachable: JetStream durability not tested here (CI has NATS)');
      return;
    }
    process.env.DATABASE_URL = db.url;
    const pub = createBroker({ transporter: natsUrl(), namespace, nodeID: `pub-${process.pid}`, logLevel: 'warn' });
    producer.services.forEach((s) => pub.createService(s));
    await pub.start();
    // The consumer group must exist for JetStream to keep messages for it: start it once, then stop it.
    const startConsumer = async () => {
      const sub = createBroker({ transporter: natsUrl(), namespace, nodeID: `sub-${process.pid}-${Date.now()}`, logLevel: 'warn' });
      consumer.services.forEach((s) => sub.createService(s));
      await sub.start();
      return sub;
    };
    const first = await startConsumer();
    await first.stop();
    const josh = demo.user('chase-digital', 'josh');
    await callerFor(pub, { id: josh.id, agencyId: demo.chase.id, role: 'manager' }).call('things.make', { label: 'e-while-down' });
    await (await runtimeOf(pub, 'probe-pub'))!.relay.flush();
    const second = await startConsumer();
    try {
      await eventually(async () => {
        if (!(await seen(db.url)).some((x) => x.label === 'e-while-down')) throw new Error('not yet');
      }, 20000);
    } finally {
      await second.stop();
      await pub.stop();
    }
  }, 60000);
});
