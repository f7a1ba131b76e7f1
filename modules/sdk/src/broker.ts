/**
 * The broker every process uses (one-process run, a module alone, tests): fault tolerance on
 * (timeouts, retries for retryable errors only, circuit breaker, bulkhead, graceful
 * shutdown), metrics for the gateway's /metrics, and durable channels on the same transport.
 */
import { ServiceBroker, type BrokerOptions } from 'moleculer';
import { Middleware as ChannelsMiddleware } from '@moleculer/channels';
import { GuardedValidator } from './validator';

export interface CreateBrokerOptions {
  nodeID?: string;
  /** `nats://host:port`; `null` for one process (the default when TRANSPORTER is unset). */
  transporter?: string | null;
  namespace?: string;
  logLevel?: BrokerOptions['logLevel'];
  /** Extra broker options (merged last). */
  overrides?: Partial<BrokerOptions>;
}

const INFRASTRUCTURE_ERRORS = new Set(['RequestTimeoutError', 'ServiceNotAvailableError', 'RequestRejectedError', 'BrokerDisconnectedError', 'QueueIsFullError']);

/**
 * What the circuit breaker counts as a failure: infrastructure only (timeouts, lost
 * connections, a service not available) or an error a service marks 5xx with a NUMERIC
 * code. A client's bad input (4xx), and PostgreSQL's string SQLSTATE codes (`'23502' >= 500`
 * is true in JavaScript), must never switch an action off for every agency.
 */
export function isInfrastructureFailure(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; code?: unknown };
  if (e.name && INFRASTRUCTURE_ERRORS.has(e.name)) return true;
  return typeof e.code === 'number' && e.code >= 500;
}

function channelsAdapter(transporter: string | null) {
  if (transporter && transporter.startsWith('nats://')) return { type: 'NATS', options: { nats: { url: transporter } } };
  return { type: 'Fake' };
}

export function createBroker(options: CreateBrokerOptions = {}): ServiceBroker {
  const transporter = options.transporter !== undefined ? options.transporter : (process.env.TRANSPORTER ?? null);
  const logLevel = options.logLevel ?? ((process.env.LOG_LEVEL as BrokerOptions['logLevel']) || 'info');
  return new ServiceBroker({
    nodeID: options.nodeID ?? process.env.NODE_ID ?? undefined,
    namespace: options.namespace ?? process.env.BROKER_NAMESPACE ?? '',
    transporter: (transporter ?? undefined) as BrokerOptions['transporter'],
    logger: logLevel ? { type: 'Console', options: { level: logLevel, formatter: 'short', colors: process.stdout.isTTY } } : false,
    requestTimeout: Number(process.env.REQUEST_TIMEOUT_MS ?? 15000),
    retryPolicy: {
      enabled: true,
      retries: 2,
      delay: 100,
      maxDelay: 1000,
      factor: 2,
      check: (err: Error) => Boolean((err as { retryable?: boolean }).retryable),
    },
    circuitBreaker: { enabled: true, threshold: 0.5, minRequestCount: 20, windowTime: 60, halfOpenTime: 10000, check: isInfrastructureFailure },
    validator: new GuardedValidator(),
    bulkhead: { enabled: true, concurrency: 20, maxQueueSize: 200 },
    tracking: { enabled: true, shutdownTimeout: 10000 },
    heartbeatInterval: 2,
    heartbeatTimeout: 6,
    registry: { strategy: 'RoundRobin', preferLocal: true },
    metrics: { enabled: true, reporter: [] },
    middlewares: [ChannelsMiddleware({ adapter: channelsAdapter(transporter), context: false } as unknown as Parameters<typeof ChannelsMiddleware>[0])],
    ...options.overrides,
  });
}
