/**
 * The HTTP edge (moleculer-web). Routes under `/api/v1` come from the services' own `rest`
 * declarations (autoAliases, restricted mapping): adding a module changes nothing here.
 * Secure by default: every route needs a valid access token unless its action says
 * `auth: 'public'`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import ApiGateway from 'moleculer-web';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import type passport from 'passport';
import { MoleculerClientError, signCaller, type CallerUser, type Meta } from '@audienceos/module-sdk';
import { enabledModules, isEnabled } from './enabled-modules';
import { moduleOfService } from './registry';
import type { GatewayConfig } from './config';
import { verifyJsonBody } from './body-guard';
import { sendJsonError, toErrorBody } from './errors';
import { clientIp, securityHeaders } from './http';
import { createPassport, runStrategy } from './passport';
import { metricsAccess, metricsGuard, startMetricsServer } from './metrics-access';
import { closeRateLimitPool, enforceRateLimit, limitKind, rateLimitConfig } from './rate-limit';
import { keepRawBody, rawBodyToMeta } from './raw-body';
import { staticFiles } from './static';
import { streamHeadersToMeta } from './stream-routes';
import { mountLiveStream } from './live.service';

type Req = IncomingMessage & { $action?: { auth?: string }; $ctx?: Context<unknown, Meta> };

export function apiService(config: GatewayConfig, setPassport: (p: passport.PassportStatic) => void): ServiceSchema {
  const cors = config.corsOrigins.length
    ? { origin: config.corsOrigins, credentials: true, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'If-Match'], exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id'], maxAge: 600 }
    : undefined;
  const bodyParsers = { json: { limit: config.bodyLimit, strict: true, verify: verifyJsonBody }, urlencoded: false };
  const common = { cors, bodyParsers, mappingPolicy: 'restrict' as const, logging: true };
  const limits = rateLimitConfig();
  const metrics = metricsAccess();
  let metricsServer: Server | null = null;
  const passReq = (action: string) => ({ action, passReqResToParams: true });

  const routes: Record<string, unknown>[] = [
    {
      ...common,
      path: '/api/v1/auth',
      authentication: true,
      aliases: {
        'POST /login': passReq('session.login'),
        'POST /refresh': passReq('session.refresh'),
        'POST /logout': passReq('session.logout'),
        'GET /me': 'session.me',
      },
    },
    {
      ...common,
      path: '/api/v1',
      authentication: true,
      authorization: true,
      autoAliases: true,
      aliases: { 'GET /modules': 'platform.modules', 'GET /openapi.json': 'platform.openapi', 'POST /live/ticket': 'live.ticket' },
    },
    {
      ...common,
      path: '/api/docs',
      aliases: { 'GET /': 'platform.docs', 'GET /style.css': 'platform.docsStyle', 'GET /app.js': 'platform.docsScript' },
    },
    { ...common, path: '/health', aliases: { 'GET /live': 'platform.live', 'GET /ready': 'platform.ready' } },
  ];
  // /metrics: on the public port only behind METRICS_TOKEN, or only on METRICS_PORT (metrics-access.ts).
  if (metrics.port === null) routes.push({ ...common, path: '/metrics', use: [metricsGuard(metrics)], aliases: { 'GET /': 'platform.metrics' } });
  if (config.webRoot) routes.push({ path: '/', bodyParsers: false, mappingPolicy: 'restrict', use: [staticFiles(config.webRoot, config.extraRemotes)], aliases: {} });

  return {
    name: 'api',
    mixins: [ApiGateway],
    settings: {
      port: config.port,
      ip: config.host,
      use: [securityHeaders],
      routes,
      // Alias tables are rebuilt when services come and go; keep the window short.
      debounceTime: 100,
      log4XXResponses: false,
      logRequest: 'debug',
      logResponse: 'debug',
      onError(req: IncomingMessage, res: ServerResponse, err: Error) {
        sendJsonError(res, err as never, (e) => (this as unknown as { logger: { error: (...a: unknown[]) => void } }).logger.error('Unhandled error', e));
      },
    },
    created(this: { passport?: passport.PassportStatic; broker: Context['broker'] }) {
      this.passport = createPassport(this.broker, config);
      setPassport(this.passport);
    },
    methods: {
      /** moleculer-web logs every non-numeric error code as a server error; log only what the client sees as a 5xx (4xx stay quiet). */
      errorHandler(this: { logger: { error: (...a: unknown[]) => void }; sendError: (...a: unknown[]) => void }, req: IncomingMessage, res: ServerResponse, err: Error) {
        if (toErrorBody(err as never).status >= 500) this.logger.error('Request error!', err);
        this.sendError(req, res, err);
      },
      async authenticate(this: { passport: passport.PassportStatic }, ctx: Context<unknown, Meta>, _route: unknown, req: Req, res: ServerResponse) {
        if (req.$action?.auth === 'public') return null;
        const user = await runStrategy<CallerUser>(this.passport, 'jwt', req, res);
        Object.assign(ctx.meta, signCaller(user));
        return ctx.meta.user;
      },
      /** A module the caller's agency switched off answers 403 on its routes, not just hidden. */
      async authorize(this: { broker: Context['broker'] }, ctx: Context<unknown, Meta>, _route: unknown, req: Req & { $action?: { name?: string } }) {
        const actionName = req.$action?.name;
        if (!actionName || !ctx.meta.user) return;
        const serviceName = actionName.slice(0, actionName.lastIndexOf('.'));
        const module = moduleOfService(this.broker, serviceName);
        if (!module) return;
        if (!isEnabled(await enabledModules(ctx), module)) {
          throw new MoleculerClientError(`The ${module} module is switched off for your agency`, 403, 'MODULE_DISABLED', { module });
        }
        const kind = limitKind(req.method, req.$action as { expensive?: unknown });
        if (kind) await enforceRateLimit(limits, ctx.meta.user, kind, (m) => this.broker.logger.warn(m));
      },
    },
    // An HTTP request is not replayable (its body stream is consumed): never retry the
    // gateway's own entry action; the calls it makes are retried on their own.
    actions: { rest: { retryPolicy: { enabled: false } } },
    async started(this: { broker: ServiceBroker; server: Server; logger: { info: (m: string) => void } }) {
      // GET /api/v1/live (SSE, ticket-authenticated) is served before moleculer-web: see live.service.ts.
      mountLiveStream(this.broker, this.server, securityHeaders);
      if (metrics.port === null) return;
      metricsServer = await startMetricsServer(this.broker, metrics);
      const address = metricsServer.address();
      this.logger.info(`metrics on http://${metrics.host}:${typeof address === 'object' && address ? address.port : metrics.port}/metrics`);
    },
    async stopped() {
      await closeRateLimitPool();
      await new Promise((r) => (metricsServer ? metricsServer.close(r) : r(undefined)));
      metricsServer = null;
    },
  } as unknown as ServiceSchema;
}

/** Copies request facts into `ctx.meta` for every API route. */
export function withRequestMeta(schema: ServiceSchema, config: GatewayConfig): ServiceSchema {
  const settings = schema.settings as { routes: Record<string, unknown>[] };
  for (const route of settings.routes) {
    keepRawBody(route);
    route.onBeforeCall = (ctx: Context<unknown, Meta>, _route: unknown, req: IncomingMessage, res: ServerResponse) => {
      rawBodyToMeta(ctx, req);
      streamHeadersToMeta(ctx, req);
      const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
      res.setHeader('X-Request-Id', requestId);
      // An API answer is never served from a cache. Its ETag is the record's edit version (for
      // If-Match), not the identity of the representation: status, SLA state or extraction progress
      // change without it. Left alone, moleculer-web answered a browser's If-None-Match with 304 and
      // the browser kept showing a document "extracting" after it was indexed.
      res.setHeader('Cache-Control', 'no-store');
      delete req.headers['if-none-match'];
      delete req.headers['if-modified-since'];
      ctx.meta.requestId = requestId;
      ctx.meta.clientIp = clientIp(req, config);
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && key) ctx.meta.idempotencyKey = key;
      // Optimistic concurrency: the version the client loaded (the SDK's assertVersion checks it).
      const ifMatch = req.headers['if-match'];
      if (typeof ifMatch === 'string' && ifMatch) {
        ctx.meta.ifMatch = ifMatch.slice(0, 200);
        // Only the routed action checks it, not whatever that action calls in turn.
        const routed = (req as IncomingMessage & { $action?: { name?: string } }).$action?.name;
        if (routed) ctx.meta.ifMatchAction = routed;
      }
    };
  }
  return schema;
}
