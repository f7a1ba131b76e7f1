/**
 * Automations (issue 12): event → action latency (p50/p95) and throughput (events/s) of the
 * engine over NATS JetStream — durable consumer (group `automations`), dedupe, run + step rows,
 * a pg-boss step job, the action call — as ratios to the bare channel delivery (publish →
 * a plain consumer's handler) measured in the same run on the same NATS and machine.
 * AUTO_BENCH_EVENTS (default 300) events each way, published as fast as possible.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { demo, listInstalledModules, loadModule, prepareDatabase, startEmbeddedPostgres } from '@audienceos/db';
import { channelName, createBroker, ensureStreams } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase, natsAvailable, natsUrl } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';

const EVENTS = Number(process.env.AUTO_BENCH_EVENTS ?? 300);
const TOPIC = 'bench.automation.event';

function stats(samples: number[], startedAt: number, endedAt: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => +sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(1);
  return {
    n: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    eventsPerSecond: +((sorted.length / (endedAt - startedAt)) * 1000).toFixed(1),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export default {
  name: 'automations',
  async run(): Promise<Record<string, unknown>> {
    if (!(await natsAvailable())) return { skipped: 'NATS is not reachable (NATS_URL)' };
    let serverUrl = process.env.DATABASE_URL;
    let stopPg: (() => Promise<void>) | null = null;
    if (!serverUrl) {
      const h = await startEmbeddedPostgres({
        dataDir: path.join(__dirname, '..', '.data', 'pg-bench'),
        port: 54341,
        database: 'postgres',
      });
      serverUrl = h.url;
      stopPg = () => h.stop();
    }
    const name = `aos_bench_auto_${Date.now().toString(36)}`;
    const url = await createDatabase(serverUrl, name);
    const namespace = `bench-auto-${Date.now().toString(36)}`;
    const wanted = ['identity', 'settings', 'automations'];
    const modules = listInstalledModules()
      .filter((m) => wanted.includes(m.module))
      .map((m) => loadModule<any>(m));
    await prepareDatabase(url, modules, { seed: true, log: () => undefined });
    process.env.DATABASE_URL = url;
    process.env.AUTOMATIONS_TICK = 'off';
    const app = await startApp({
      modules: wanted,
      transporter: natsUrl(),
      namespace,
      gateway: false,
      logLevel: 'warn',
      log: () => undefined,
    });
    const publisher = createBroker({ transporter: natsUrl(), namespace, nodeID: `${namespace}-publisher`, logLevel: 'warn' });
    const channelSamples: number[] = [];
    const actionSamples: number[] = [];
    // The baseline: a plain durable consumer of the same kind of message.
    publisher.createService({
      name: 'bench-baseline',
      channels: {
        [channelName(publisher, 'bench.baseline')]: {
          group: 'bench',
          maxInFlight: 8,
          context: false,
          handler: (e: { data: { sentAt: number } }) => void channelSamples.push(Date.now() - e.data.sentAt),
        },
      },
    } as never);
    // The action the workflow calls, declared like any module's action.
    app.broker.createService({
      name: 'bench',
      metadata: {
        audienceos: {
          module: 'bench',
          version: '0.0.1',
          permissions: [],
          triggers: [{ topic: TOPIC, label: 'Bench event', fields: { sentAt: 'number', clientId: 'uuid' } }],
          actions: [{ id: 'record', label: 'Record', action: 'bench.record', params: { sentAt: 'number' } }],
        },
      },
      actions: {
        record(ctx: { params: { sentAt: number | string } }) {
          actionSamples.push(Date.now() - Number(ctx.params.sentAt));
          return { ok: true };
        },
      },
    });
    await publisher.start();
    await ensureStreams(publisher, [TOPIC, 'bench.baseline']);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const agency = demo.agency(demo.chase.slug);
      await db.query(
        `insert into automations.workflow (id, agency_id, name, enabled, trigger, conditions, steps, trigger_kind, trigger_topic, rate_limit, version)
         values ($1, $2, 'Bench', true, $3, '{"mode":"all","items":[]}', $4, 'event', $5, 1000000, 1)`,
        [
          randomUUID(),
          agency.id,
          JSON.stringify({ type: 'event', topic: TOPIC }),
          JSON.stringify([{ action: 'bench:record', params: { sentAt: '{{trigger.sentAt}}' } }]),
          TOPIC,
        ],
      );
      // The engine subscribes to the topic when the registry (or a workflow) offers it.
      await new Promise((r) => setTimeout(r, 3000));
      const send = (publisher as unknown as { sendToChannel: (n: string, p: unknown) => Promise<void> }).sendToChannel.bind(publisher);
      const publish = async (topic: string, count: number) => {
        for (let i = 0; i < count; i++) {
          await send(channelName(publisher, topic), {
            id: randomUUID(),
            topic,
            agencyId: agency.id,
            actorId: null,
            occurredAt: new Date().toISOString(),
            data: { sentAt: Date.now() },
          });
        }
      };
      let t0 = Date.now();
      await publish('bench.baseline', EVENTS);
      await waitFor(() => channelSamples.length >= EVENTS, 120_000);
      const channel = stats(channelSamples, t0, Date.now());
      t0 = Date.now();
      await publish(TOPIC, EVENTS);
      await waitFor(() => actionSamples.length >= EVENTS, 300_000);
      const automation = stats(actionSamples, t0, Date.now());
      return {
        events: EVENTS,
        channel,
        automation,
        ratios: {
          p50: +(automation.p50Ms / Math.max(0.1, channel.p50Ms)).toFixed(1),
          p95: +(automation.p95Ms / Math.max(0.1, channel.p95Ms)).toFixed(1),
          throughput: +(automation.eventsPerSecond / channel.eventsPerSecond).toFixed(3),
        },
      };
    } finally {
      await db.end();
      await publisher.stop();
      await app.stop();
      await dropDatabase(serverUrl, name).catch(() => undefined);
      if (stopPg) await stopPg();
    }
  },
};
