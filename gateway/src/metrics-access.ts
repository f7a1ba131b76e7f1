/**
 * Who may read `/metrics` (issue 8 §6). Metrics name every action, node and error rate: not
 * for the public. Two ways, both configurable:
 * - `METRICS_TOKEN`: `/metrics` on the public port answers only `Authorization: Bearer <token>`
 *   (401 otherwise);
 * - `METRICS_PORT` (+ `METRICS_HOST`, default 127.0.0.1): `/metrics` is served on that
 *   internal port only (no token needed there, unless METRICS_TOKEN is set too) and the
 *   public port does not have it.
 * With neither, the public `/metrics` answers 403 METRICS_NOT_CONFIGURED.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { ServiceBroker } from 'moleculer';
import { MoleculerClientError } from '@audienceos/module-sdk';
import { sendJsonError } from './errors';
import { prometheusText } from './metrics';

export interface MetricsAccess {
  token: string | null;
  port: number | null;
  host: string;
}

export function metricsAccess(env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const port = env.METRICS_PORT ? Number(env.METRICS_PORT) : null;
  return { token: env.METRICS_TOKEN || null, port: port !== null && Number.isInteger(port) && port >= 0 ? port : null, host: env.METRICS_HOST ?? '127.0.0.1' };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  const given = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
  return timingSafeEqual(digest(given), digest(token));
}

/** moleculer-web route middleware for the public `/metrics` route. */
export function metricsGuard(access: MetricsAccess) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    if (!access.token) return next(new MoleculerClientError('Metrics are not exposed here: set METRICS_TOKEN or METRICS_PORT', 403, 'METRICS_NOT_CONFIGURED'));
    if (!bearerMatches(req, access.token)) return next(new MoleculerClientError('A metrics token is required', 401, 'UNAUTHORIZED'));
    next();
  };
}

/** The internal metrics port (when `METRICS_PORT` is set); resolves with the server. */
export function startMetricsServer(broker: ServiceBroker, access: MetricsAccess): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return sendJsonError(res, { name: 'NotFoundError', message: 'Not found', code: 404, type: 'NOT_FOUND' });
    if (access.token && !bearerMatches(req, access.token)) return sendJsonError(res, { name: 'UnauthorizedError', message: 'A metrics token is required', code: 401, type: 'UNAUTHORIZED' });
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(prometheusText(broker));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(access.port ?? 0, access.host, () => resolve(server));
  });
}
