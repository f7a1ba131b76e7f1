/** `/metrics` in Prometheus text, from the broker's own metric registry (no extra port). */
import { MetricReporters, type ServiceBroker } from 'moleculer';

export function prometheusText(broker: ServiceBroker): string {
  const Reporter = MetricReporters.Prometheus as unknown as new (opts: Record<string, unknown>) => {
    registry: unknown;
    opts: Record<string, unknown>;
    generatePrometheusResponse(): string;
  };
  // Only the formatter is used: `init()` would open the reporter's own HTTP port.
  const reporter = new Reporter({ port: 0 });
  reporter.registry = broker.metrics;
  return reporter.generatePrometheusResponse();
}
