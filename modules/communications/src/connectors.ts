/**
 * The connector contract, seen from the inbox. A connector is any running service whose
 * manifest declares `connector: { id, label, capabilities }`; communications finds it in the
 * live service registry by source id and talks to it only through these actions:
 *   `<service>.send({ messageId, text, subject, conversation: { externalId, channel, ref }, replyTo })`
 *       → `{ externalId, ref? }`; throws a retryable Moleculer error for a transient failure
 *       (provider 5xx, timeout) and a client error (4xx) for a permanent one.
 *   `<service>.status()` → `{ connected, account? }` (for the "connect a source" screen).
 * Connectors deliver messages in through `communications.ingest` (see actions/ingest.ts).
 */
import type { ServiceBroker } from 'moleculer';

export interface ConnectorDeclaration {
  id: string;
  label: string;
  capabilities: string[];
}

export interface RunningConnector extends ConnectorDeclaration {
  service: string;
}

/** Every connector that is up now (one per source id: the first found). */
export function runningConnectors(broker: ServiceBroker): RunningConnector[] {
  const seen = new Map<string, RunningConnector>();
  for (const s of broker.registry.getServiceList({ onlyAvailable: true, withActions: false }) as {
    name: string;
    metadata?: Record<string, any>;
  }[]) {
    const c = s.metadata?.audienceos?.connector as ConnectorDeclaration | undefined;
    if (c?.id && !seen.has(c.id))
      seen.set(c.id, {
        id: c.id,
        label: c.label ?? c.id,
        capabilities: Array.isArray(c.capabilities) ? c.capabilities : [],
        service: s.name,
      });
  }
  return [...seen.values()];
}

export function connectorFor(broker: ServiceBroker, source: string): RunningConnector | null {
  return runningConnectors(broker).find((c) => c.id === source) ?? null;
}
