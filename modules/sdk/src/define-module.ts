/**
 * The module contract. `defineService()` describes one Moleculer service of a module in the
 * style of Moleculer's TypeScript template (`rest`, `params` next to the handler) plus what
 * the platform needs (`permissions`, `auth`); `defineModule()` binds services to their
 * database schema, migrations, seed and manifest (`metadata.audienceos`).
 *
 * Every action handler runs through `wrapAction`: the caller's signature is verified (401
 * otherwise, also for calls that come over the broker), the permission is checked against
 * the role matrix (403), the handler gets its own forked EntityManager inside a MikroORM
 * RequestContext, mutations run in one transaction together with their outbox rows.
 */
import { RequestContext, type EntityManager, type EntitySchema } from '@mikro-orm/postgresql';
import { Context, type ServiceBroker, type ServiceSchema, type Service } from 'moleculer';
import type { DatabaseModule, GenerateContext, Migration, SeedContext } from '@audienceos/db';
import { assertKpiRange, assertStorablePayload, isKpiAction, rethrowMapped, tagsTransactions, tagTransaction } from './action-guards';
import { systemCaller, verifiedCaller } from './caller';
import { channelName, type DurableEvent } from './channels';
import { errors, MoleculerError } from './errors';
import { withIdempotency } from './idempotency';
import { newEvent, writeOutbox } from './outbox';
import { roleHas } from './permissions';
import { platformMigrations } from './platform-migrations';
import { acquireRuntime, releaseRuntime, type ModuleRuntime } from './runtime';
import { TenantScope } from './tenant';
import type { CallerUser, Meta, ModuleManifest } from './types';

/** What a handler gets: Moleculer's context plus the verified caller and tenant-scoped data. */
export type ActionContext<P = Record<string, any>> = Context<P, Meta> & {
  /** The verified caller (undefined only in `auth: 'public'` actions). */
  user: CallerUser;
  /** This call's own EntityManager (inside the transaction for mutations). */
  em: EntityManager;
  /** Tenant-scoped data access for the caller's agency. */
  db: TenantScope;
  /** Queue a durable event; written to the outbox in this call's transaction. */
  emitDurable(topic: string, data: Record<string, unknown>): void;
  /** Run a create exactly once per `Idempotency-Key` (same key + other body → 422). */
  idempotent<T>(work: () => Promise<T>): Promise<T>;
  /** Run `fn` once this call's transaction has committed (e.g. broadcast a cache invalidation); errors are logged, not thrown. */
  afterCommit(fn: () => unknown): void;
};

export type RestRoute = string | { method: string; path: string; type?: 'stream' };

export interface ModuleAction<P = any> {
  /**
   * `"GET /path"`, or `{ method, path, type: 'stream' }` for a route that gets the raw request
   * body as `ctx.stream` (uploads; the gateway adds `ctx.meta.streamHeaders`), or a list.
   */
  rest?: RestRoute | RestRoute[];
  params?: Record<string, unknown>;
  /** Permissions the caller's role must have, e.g. `['tickets:write']`. */
  permissions?: string[];
  /** `public`: callable without a signed-in user (login, health). Default: `user`. */
  auth?: 'public' | 'user';
  /** Signed webhooks: the gateway hands the exact request bytes as `ctx.meta.rawBody` and the headers as `ctx.meta.webhookHeaders`. */
  rawBody?: boolean;
  /** Runs in a transaction with its outbox rows. Default: true unless `rest` is a GET. */
  mutation?: boolean;
  /** A read that costs real work (KPIs, exports): rate-limited like writes. KPI providers are marked automatically. */
  expensive?: boolean;
  /** Reject unknown params (mass assignment). Default true. */
  strict?: boolean;
  summary?: string;
  visibility?: 'published' | 'public' | 'protected';
  timeout?: number;
  handler(this: Service, ctx: ActionContext<P>): Promise<unknown> | unknown;
}

export interface ChannelHandler {
  /** Consumer group: each group gets every message once (e.g. `automations`). */
  group?: string;
  maxRetries?: number;
  handler(this: Service, ctx: ActionContext<DurableEvent>, event: DurableEvent): Promise<void> | void;
}

export interface ModuleServiceSchema {
  name: string;
  settings?: Record<string, unknown> & { rest?: string };
  actions?: Record<string, ModuleAction>;
  /** Durable topic → handler (idempotent by message id, runs as the system principal). */
  channels?: Record<string, ChannelHandler>;
  events?: ServiceSchema['events'];
  methods?: ServiceSchema['methods'];
  dependencies?: ServiceSchema['dependencies'];
  created?: ServiceSchema['created'];
  started?: (this: Service) => Promise<void> | void;
  stopped?: (this: Service) => Promise<void> | void;
}

export function defineService(schema: ModuleServiceSchema): ModuleServiceSchema {
  return schema;
}

export interface ModuleDefinitionInput {
  name: string;
  version: string;
  /** Postgres schema owned by this module. */
  schema: string;
  entities: EntitySchema<any, any>[];
  migrations: Migration[];
  manifest: Omit<ModuleManifest, 'module' | 'version'>;
  services: ModuleServiceSchema[];
  /** Durable topics this module publishes (their streams are created at start). */
  publishes?: string[];
  seed?: (ctx: SeedContext) => Promise<void>;
  seedAfter?: string[];
  /** Bulk data for benchmarks (`npm run db:generate`). */
  generate?: (ctx: GenerateContext) => Promise<void>;
}

export interface ModuleDefinition extends DatabaseModule {
  version: string;
  manifest: ModuleManifest;
  publishes: string[];
  /** Moleculer service schemas, ready for `broker.createService()`. */
  services: ServiceSchema[];
}

function isReadRoute(rest: ModuleAction['rest']): boolean {
  const first = Array.isArray(rest) ? rest[0] : rest;
  return typeof first === 'string' && /^GET\s/i.test(first);
}

type RuntimeHolder = Service & { aos?: ModuleRuntime };

function enrich(ctx: Context<any, Meta>, em: EntityManager, caller: CallerUser | null, def: ModuleDefinition, pending: DurableEvent[], actionName: string, after: (() => unknown)[] = []): ActionContext {
  const enriched = ctx as ActionContext;
  enriched.afterCommit = (fn) => void after.push(fn);
  enriched.user = caller as CallerUser;
  enriched.em = em;
  enriched.db = caller ? new TenantScope(em, caller.agencyId) : (undefined as unknown as TenantScope);
  enriched.emitDurable = (topic, data) => {
    if (!caller) throw new Error('emitDurable needs a caller with an agency');
    assertStorablePayload(topic, data);
    const event = newEvent(topic, caller.agencyId, caller.role === 'system' ? null : caller.id, data);
    // An event caused by an automation carries the chain depth (loop protection, issue 12).
    const automation = ctx.meta.automation as { runId?: unknown; depth?: unknown } | undefined;
    if (automation && typeof automation.runId === 'string' && Number.isInteger(automation.depth)) {
      event.automation = { runId: automation.runId, depth: automation.depth as number };
    }
    pending.push(event);
  };
  enriched.idempotent = async (work) => {
    if (!caller) return work();
    const { result, replayed } = await withIdempotency(
      enriched.em,
      def.schema,
      { agencyId: caller.agencyId, action: actionName, key: ctx.meta.idempotencyKey },
      ctx.params,
      work,
    );
    if (replayed) {
      pending.length = 0; // the original call already emitted its events
      ctx.meta.$responseHeaders = { ...(ctx.meta.$responseHeaders ?? {}), 'Idempotent-Replayed': 'true' };
    }
    return result;
  };
  return enriched;
}

/** Run `work` with a forked EntityManager; mutations in one transaction with their outbox rows. */
async function runInContext<T>(
  service: RuntimeHolder,
  def: ModuleDefinition,
  ctx: Context<any, Meta>,
  caller: CallerUser | null,
  mutation: boolean,
  actionName: string,
  work: (ctx: ActionContext) => Promise<T>,
): Promise<T> {
  const runtime = service.aos;
  if (!runtime) throw new MoleculerError(`Module ${def.name} is not ready`, 503, 'MODULE_NOT_READY');
  const em = runtime.orm.em.fork();
  const pending: DurableEvent[] = [];
  const after: (() => unknown)[] = [];
  const result = await RequestContext.create(em, async () => {
    if (!mutation) return work(enrich(ctx, em, caller, def, pending, actionName, after));
    return em.transactional(async (tx) => {
      if (tagsTransactions()) await tagTransaction(tx, actionName);
      const out = await work(enrich(ctx, tx, caller, def, pending, actionName, after));
      await tx.flush();
      await writeOutbox(tx, def.schema, pending);
      return out;
    });
  });
  if (pending.length) runtime.relay.kick();
  for (const fn of after) await Promise.resolve().then(fn).catch((err) => ctx.broker.logger.warn(`afterCommit of ${actionName} failed: ${(err as Error).message}`));
  return result;
}

function wrapAction(def: ModuleDefinition, serviceName: string, name: string, action: ModuleAction) {
  const mutation = action.mutation ?? !isReadRoute(action.rest);
  const { handler, permissions = [], auth = 'user', strict = true, summary, mutation: _m, ...rest } = action;
  const params = action.params;
  // Unknown fields are refused field by field (fastest-validator's $$strict reports them as one
  // error without a field): no mass assignment of agencyId, ids, timestamps or roles.
  const allowed = new Set(Object.keys(params ?? {}).filter((k) => !k.startsWith('$$')));
  const kpi = isKpiAction(def.manifest, `${serviceName}.${name}`);
  return {
    ...rest,
    params,
    permissions,
    auth,
    summary,
    expensive: action.expensive ?? kpi,
    async handler(this: RuntimeHolder, ctx: Context<any, Meta>) {
      if (strict && ctx.params && typeof ctx.params === 'object') {
        const unknown = Object.keys(ctx.params).filter((k) => !allowed.has(k) && !k.startsWith('$'));
        if (unknown.length) {
          throw errors.invalid(unknown.map((field) => ({ field, message: `The '${field}' field cannot be set here`, type: 'forbidden' })));
        }
      }
      const caller = verifiedCaller(ctx.meta);
      if (auth !== 'public') {
        if (!caller) throw errors.unauthorized();
        for (const permission of permissions) {
          if (!roleHas(caller.role, permission, def.manifest.permissions)) throw errors.forbidden(permission, caller.role);
        }
      }
      if (kpi) assertKpiRange(ctx.params);
      return runInContext(this, def, ctx, caller, mutation, `${serviceName}.${name}`, (c) => Promise.resolve(handler.call(this, c))).catch(rethrowMapped);
    },
  };
}

function wrapChannel(def: ModuleDefinition, serviceName: string, topic: string, channel: ChannelHandler) {
  const group = channel.group ?? `${def.name}.${serviceName}`;
  return {
    group,
    maxRetries: channel.maxRetries ?? 5,
    context: false,
    async handler(this: RuntimeHolder, event: DurableEvent) {
      if (!event?.id || !event.agencyId) {
        this.logger.warn(`dropping malformed durable message on ${topic}`);
        return;
      }
      const meta = { ...systemCaller(event.agencyId) } as Meta;
      const ctx = Context.create(this.broker, null as never, event, { meta }) as Context<any, Meta>;
      await runInContext(this, def, ctx, meta.user!, true, `${serviceName}.${topic}`, async (c) => {
        // Dedupe: a message seen before (redelivery after a crash) is acknowledged and skipped.
        const fresh = await c.em.getConnection().execute(
          `insert into "${def.schema}".inbox (consumer, message_id) values (?, ?) on conflict do nothing returning message_id`,
          [group, event.id],
          'all',
          c.em.getTransactionContext(),
        );
        if ((fresh as unknown[]).length === 0) return;
        await channel.handler.call(this, c as ActionContext<DurableEvent>, event);
      });
    },
  };
}

function toServiceSchema(def: ModuleDefinition, schema: ModuleServiceSchema): ServiceSchema {
  const actions = Object.fromEntries(Object.entries(schema.actions ?? {}).map(([name, a]) => [name, wrapAction(def, schema.name, name, a)]));
  const userStarted = schema.started;
  const userStopped = schema.stopped;
  const out: ServiceSchema & { channels?: Record<string, unknown> } = {
    name: schema.name,
    settings: (schema.settings ?? {}) as ServiceSchema['settings'],
    metadata: { audienceos: def.manifest },
    dependencies: schema.dependencies,
    actions: actions as ServiceSchema['actions'],
    events: schema.events,
    methods: schema.methods,
    created: schema.created,
    async started(this: RuntimeHolder) {
      this.aos = await acquireRuntime(this.broker, def);
      if (userStarted) await userStarted.call(this);
    },
    async stopped(this: RuntimeHolder) {
      if (userStopped) await userStopped.call(this);
      await releaseRuntime(this.broker, def);
      this.aos = undefined;
    },
  };
  return out;
}

/** Channel subscriptions need the broker (namespace prefix): resolved when the service is created. */
function withChannels(def: ModuleDefinition, schema: ModuleServiceSchema, service: ServiceSchema): ServiceSchema {
  if (!schema.channels) return service;
  return {
    ...service,
    merged(this: { broker: ServiceBroker }, s: ServiceSchema & { channels?: Record<string, unknown> }) {
      s.channels = Object.fromEntries(
        Object.entries(schema.channels!).map(([topic, ch]) => [channelName(this.broker, topic), wrapChannel(def, schema.name, topic, ch)]),
      );
    },
  } as ServiceSchema;
}

export function defineModule(input: ModuleDefinitionInput): ModuleDefinition {
  const def: ModuleDefinition = {
    name: input.name,
    version: input.version,
    schema: input.schema,
    entities: input.entities,
    migrations: [...platformMigrations(input.schema), ...input.migrations],
    manifest: { module: input.name, version: input.version, ...input.manifest },
    publishes: input.publishes ?? [],
    seed: input.seed,
    seedAfter: input.seedAfter,
    generate: input.generate,
    services: [],
  };
  def.services = input.services.map((s) => withChannels(def, s, toServiceSchema(def, s)));
  return def;
}

/** Is this broker-registered service part of a module (has a manifest)? */
export function manifestOf(service: { metadata?: Record<string, unknown> }): ModuleManifest | null {
  const m = service.metadata?.audienceos as ModuleManifest | undefined;
  return m?.module ? m : null;
}
