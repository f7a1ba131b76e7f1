/**
 * Durable messages: `@moleculer/channels` over NATS JetStream when the broker has a NATS
 * transporter, the in-process Fake adapter otherwise. Topic names get the broker namespace
 * as a prefix so that several deployments (or test runs) can share one NATS server.
 */
import type { ServiceBroker } from 'moleculer';

export interface DurableEvent<T = Record<string, unknown>> {
  /** Unique message id: consumers dedupe on it. */
  id: string;
  topic: string;
  agencyId: string;
  actorId: string | null;
  occurredAt: string;
  data: T;
  /** Set when an automation run caused the event: its id and the chain depth (loop protection). */
  automation?: { runId: string; depth: number };
}

export function channelName(broker: ServiceBroker, topic: string): string {
  return broker.namespace ? `${broker.namespace}.${topic}` : topic;
}

interface NatsLikeAdapter {
  createStream?: (name: string, subjects: string[], opts: Record<string, unknown>) => Promise<unknown>;
}

/** Publishing to a JetStream subject without a stream fails: create the streams we publish to. */
export async function ensureStreams(broker: ServiceBroker, topics: string[]): Promise<void> {
  const adapter = (broker as unknown as { channelAdapter?: NatsLikeAdapter }).channelAdapter;
  if (!adapter?.createStream) return;
  for (const topic of topics) {
    const name = channelName(broker, topic);
    await adapter.createStream(name.split('.').join('_'), [name], {});
  }
}
