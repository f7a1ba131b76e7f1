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
  /** The JetStream manager: null until the adapter has connected. */
  manager?: unknown;
  /** The subject the adapter really publishes `sendToChannel(name)` to (it adds its own prefix). */
  addPrefixTopic?: (name: string) => string;
}

/**
 * Publishing to a JetStream subject without a stream fails: create the streams we publish to.
 * Resolves false when the NATS adapter has not connected yet (a module's runtime starts before
 * the channels middleware connects; the adapter would only log the failure): try again later.
 */
export async function ensureStreams(broker: ServiceBroker, topics: string[]): Promise<boolean> {
  const adapter = (broker as unknown as { channelAdapter?: NatsLikeAdapter }).channelAdapter;
  if (!adapter?.createStream) return true;
  if (!adapter.manager) return false;
  for (const topic of topics) {
    // The same stream (name and subject) a consumer's subscription creates for this channel.
    const subject = adapter.addPrefixTopic ? adapter.addPrefixTopic(channelName(broker, topic)) : channelName(broker, topic);
    await adapter.createStream(subject.split('.').join('_'), [subject], {});
  }
  return true;
}
