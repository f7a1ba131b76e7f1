/**
 * Transactional outbox. `ctx.emitDurable()` buffers events; the action wrapper writes them
 * into `<schema>.outbox` inside the same transaction as the change, and the relay publishes
 * committed rows to the durable channel afterwards. A crash between commit and publish
 * only delays the message: the relay finds the row on its next pass.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceBroker } from 'moleculer';
import { channelName, ensureStreams, type DurableEvent } from './channels';

export function newEvent(topic: string, agencyId: string, actorId: string | null, data: Record<string, unknown>): DurableEvent {
  return { id: randomUUID(), topic, agencyId, actorId, occurredAt: new Date().toISOString(), data };
}

export async function writeOutbox(em: EntityManager, schema: string, events: DurableEvent[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map(() => '(?, ?, ?, ?::jsonb)').join(', ');
  const values = events.flatMap((e) => [e.id, e.topic, e.agencyId, JSON.stringify(e)]);
  await em.getConnection().execute(
    `insert into "${schema}".outbox (id, topic, agency_id, payload) values ${rows}`,
    values,
    'run',
    em.getTransactionContext(),
  );
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly streamsReady = new Set<string>();

  constructor(
    private readonly broker: ServiceBroker,
    private readonly em: () => EntityManager,
    private readonly schema: string,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Publish what is pending now (coalesces concurrent kicks into one more pass). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.broker.logger.warn(`outbox relay (${this.schema}): ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publish until nothing is pending; resolves when done (tests and shutdown use it). */
  async flush(): Promise<void> {
    await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const published = await this.em().transactional(async (tx) => {
        const rows = (await tx.getConnection().execute(
          `select id, topic, payload from "${this.schema}".outbox where published_at is null
             order by created_at limit 100 for update skip locked`,
          [],
          'all',
          tx.getTransactionContext(),
        )) as { id: string; topic: string; payload: DurableEvent }[];
        for (const row of rows) {
          try {
            await this.publish(row.topic, row.payload);
            await tx.getConnection().execute(
              `update "${this.schema}".outbox set published_at = now(), attempts = attempts + 1 where id = ?`,
              [row.id],
              'run',
              tx.getTransactionContext(),
            );
          } catch (err) {
            await tx.getConnection().execute(
              `update "${this.schema}".outbox set attempts = attempts + 1, last_error = ? where id = ?`,
              [String((err as Error).message).slice(0, 500), row.id],
              'run',
              tx.getTransactionContext(),
            );
            throw err;
          }
        }
        return rows.length;
      });
      if (published < 100) return;
    }
  }

  private async publish(topic: string, event: DurableEvent): Promise<void> {
    const name = channelName(this.broker, topic);
    // Streams are ensured once per topic, but only once the adapter could really create them
    // (not yet connected → try on the next pass), and again after a failed publish (NATS 503:
    // no stream), so a relay that started before NATS was ready does not stay stuck.
    if (!this.streamsReady.has(name) && (await ensureStreams(this.broker, [topic]))) this.streamsReady.add(name);
    const send = (this.broker as unknown as { sendToChannel?: (n: string, p: unknown, o?: unknown) => Promise<void> }).sendToChannel;
    if (send) {
      try {
        await send.call(this.broker, name, event, { headers: { 'aos-event-id': event.id } });
      } catch (err) {
        this.streamsReady.delete(name);
        throw err;
      }
    }
    // Plain event for live updates and cache invalidation (may be lost; that is fine for them).
    this.broker.broadcast(topic, event);
  }
}
