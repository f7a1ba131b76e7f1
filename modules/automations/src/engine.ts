/**
 * The engine. Durable domain events (every trigger topic a live manifest declares, plus the
 * topics enabled workflows use) are consumed in the consumer group `automations`; each
 * (workflow, trigger occurrence) is recorded under a unique key (`processed_event`) in the same
 * transaction as the run it starts, so a redelivered event never runs twice. Steps run as
 * pg-boss jobs (PostgreSQL: delays are `startAfter`, they survive restarts, and any number of
 * automation processes share them); each action call carries `meta.idempotencyKey =
 * <runId>:<stepIndex>` and `meta.automation = { runId, depth }`. Schedules, inactivity and KPI
 * thresholds are checked by a cluster-wide pg-boss schedule (`automations-tick`, each minute),
 * each occurrence again under a unique key, so three processes run a tick once.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import PgBoss from 'pg-boss';
import { Context, type ServiceBroker, type Service } from 'moleculer';
import {
  agencyTime,
  announceFrom,
  channelName,
  isInfrastructureFailure,
  now,
  runtimeOf,
  systemCaller,
  weekdayIn,
  type DurableEvent,
  type EntityManager,
} from '@audienceos/module-sdk';
import { buildCatalogue, liveManifests, type Catalogue } from './catalogue';
import { evaluate, needsClient, normalise, renderParams, type Definition, type Trigger } from './definition';

export const STEP_QUEUE = 'automations-step';
export const TICK_QUEUE = 'automations-tick';
const JOB_SCHEMA = 'automations_jobs';
export const RUN_FAILED = 'automations.run.failed';
export const CONSUMER_GROUP = 'automations';
export const MAX_DEPTH = 5;

export type Sql = <R = any>(query: string, params?: unknown[]) => Promise<R[]>;

export function sqlOf(em: EntityManager): Sql {
  return (query, params = []) => em.getConnection().execute(query, params, 'all', em.getTransactionContext()) as Promise<any>;
}

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
/** Tunables (read when used, so tests can change them). */
export const config = {
  maxAttempts: () => env('AUTOMATIONS_MAX_ATTEMPTS', 5),
  retryBaseSeconds: () => env('AUTOMATIONS_RETRY_BASE_SECONDS', 10),
  ratePerMinute: () => env('AUTOMATIONS_RATE_PER_MINUTE', 100),
  retentionDays: () => env('AUTOMATIONS_RUN_RETENTION_DAYS', 90),
  actionTimeoutMs: () => env('AUTOMATIONS_ACTION_TIMEOUT_MS', 30_000),
  pollSeconds: () => Math.max(0.5, env('AUTOMATIONS_JOB_POLL_SECONDS', 0.5)),
  tickCron: () => process.env.AUTOMATIONS_TICK_CRON || '* * * * *',
  stepWorkers: () => Math.max(1, env('AUTOMATIONS_STEP_WORKERS', 4)),
  consumerConcurrency: () => Math.max(1, env('AUTOMATIONS_CONSUMER_CONCURRENCY', 8)),
  /** A step job whose worker died comes back after this long (must exceed the action timeout). */
  jobExpireSeconds: () => Math.max(5, env('AUTOMATIONS_JOB_EXPIRE_SECONDS', 90)),
  maintenanceSeconds: () => Math.max(1, env('AUTOMATIONS_MAINTENANCE_SECONDS', 30)),
};

interface EngineState {
  boss: PgBoss;
  fork: () => EntityManager;
  consumers: Map<string, Service>;
  stopping: boolean;
  /** This process's step workers (woken when a step is queued here for now). */
  workers: string[];
}
const engines = new WeakMap<ServiceBroker, EngineState>();

// ---------------------------------------------------------------- rows

export interface WorkflowRow {
  id: string;
  agency_id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  trigger: Trigger;
  conditions: Definition['conditions'];
  steps: Definition['steps'];
  trigger_kind: string;
  trigger_topic: string | null;
  rate_limit: number | null;
  version: number;
  archived_at: Date | null;
}

export interface RunRow {
  id: string;
  agency_id: string;
  workflow_id: string;
  workflow_version: number;
  status: string;
  reason: string | null;
  trigger: Record<string, unknown>;
  event_id: string | null;
  client_id: string | null;
  depth: number;
  context: Record<string, unknown>;
  kept: boolean;
  started_at: Date;
  finished_at: Date | null;
}

export interface StepRow {
  run_id: string;
  idx: number;
  agency_id: string;
  action: string;
  label: string;
  params: Record<string, any>;
  delay_minutes: number;
  continue_on_failure: boolean;
  require_approval: boolean;
  status: string;
  input: unknown;
  output: unknown;
  error: { message: string; code: unknown } | null;
  attempts: number;
  approved: boolean | null;
  requested_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  wait_until: Date | null;
}

/** Who hears automation changes live: the roles that see workflows, runs and approvals. */
export const LIVE_AUDIENCE = { roles: ['owner', 'admin', 'manager'] } as { roles: Array<'owner' | 'admin' | 'manager'> };

/**
 * Tell open screens (run history, run drawer, approvals) that a run or one of its steps changed
 * status. Call after the transaction that wrote it has committed. Never throws.
 */
export function announceRun(broker: ServiceBroker, agencyId: string, runId: string, op: 'created' | 'updated' = 'updated'): void {
  announceFrom(broker, { module: 'automations', entity: 'run', id: runId, agencyId, op, audience: LIVE_AUDIENCE });
}

export const definitionOf = (w: Pick<WorkflowRow, 'trigger' | 'conditions' | 'steps'>): Definition =>
  normalise({ trigger: w.trigger, conditions: w.conditions, steps: w.steps });

// ---------------------------------------------------------------- jobs

/** pg-boss's `$n` SQL through our `?` runner, so a job is queued inside the caller's transaction. */
function jobDb(sql: Sql) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const params: unknown[] = [];
      const q = text.replace(/\$(\d+)/g, (_m, n: string) => {
        const v = values[Number(n) - 1];
        params.push(v === undefined ? null : v);
        return '?';
      });
      return { rows: await sql(q, params) };
    },
  };
}

interface StepJob {
  agencyId: string;
  runId: string;
  index: number;
}

function bossOf(broker: ServiceBroker): PgBoss {
  const state = engines.get(broker);
  if (!state) throw Object.assign(new Error('automations engine is not started'), { code: 503, retryable: true });
  return state.boss;
}

/** Wake this process's step workers shortly (after the queuing transaction has committed). */
function wakeWorkers(broker: ServiceBroker): void {
  const state = engines.get(broker);
  if (!state) return;
  setTimeout(() => {
    for (const id of state.workers) state.boss.notifyWorker(id);
  }, 20).unref();
}

/** Queue step `index` of a run (in the caller's transaction), after `delaySeconds`. */
async function queueStep(broker: ServiceBroker, sql: Sql, job: StepJob, delaySeconds = 0): Promise<void> {
  // pg-boss compares startAfter with the database clock: a real instant, not the SDK's (tests fix that one).
  const startAfter = delaySeconds > 0 ? new Date(Date.now() + delaySeconds * 1000) : undefined;
  if (!startAfter) wakeWorkers(broker);
  await bossOf(broker).send(STEP_QUEUE, job, {
    db: jobDb(sql),
    startAfter,
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: config.jobExpireSeconds(),
  });
}

/** Write a durable event into this module's outbox (the relay publishes it after commit). */
async function emitEvent(broker: ServiceBroker, sql: Sql, topic: string, agencyId: string, data: Record<string, unknown>): Promise<void> {
  const event: DurableEvent = { id: randomUUID(), topic, agencyId, actorId: null, occurredAt: now().toISOString(), data };
  await sql(`insert into automations.outbox (id, topic, agency_id, payload) values (?, ?, ?, ?::jsonb)`, [
    event.id,
    topic,
    agencyId,
    JSON.stringify(event),
  ]);
  setImmediate(
    () =>
      void runtimeOf(broker, 'automations')
        .then((r) => r?.relay.kick())
        .catch(() => undefined),
  );
}

// ---------------------------------------------------------------- starting runs

export interface Occurrence {
  /** Unique per workflow: event id, `schedule:<tick>`, `inactivity:<client>:<since>`, `kpi:<at>`, `manual:<uuid>`. */
  dedupeKey: string;
  trigger: { type: string; topic?: string; eventId?: string };
  data: Record<string, unknown>;
  clientId: string | null;
  /** 1 for a person's or the platform's event; +1 for each automation in the chain. */
  depth: number;
  /** Manual runs skip conditions and the rate cap. */
  force?: boolean;
}

function systemContext(broker: ServiceBroker, agencyId: string): Context {
  return Context.create(broker, null as never, {}, { meta: { ...systemCaller(agencyId) } });
}

/** The client as the pipeline shows it (null when unknown); infrastructure failures throw (the event is redelivered). */
export async function loadClient(
  broker: ServiceBroker,
  agencyId: string,
  clientId: string | null,
): Promise<Record<string, unknown> | null> {
  if (!clientId || !/^[0-9a-f-]{36}$/i.test(clientId)) return null;
  try {
    return (await broker.call(
      'clients.get',
      { id: clientId },
      { meta: { ...systemCaller(agencyId) }, timeout: 5000, retries: 1 },
    )) as Record<string, unknown>;
  } catch (err) {
    if (isRetryable(err)) throw err;
    return null;
  }
}

/** The context templates and conditions see. */
export async function buildContext(
  broker: ServiceBroker,
  agencyId: string,
  workflow: { id: string; name: string },
  data: Record<string, unknown>,
  client: Record<string, unknown> | null,
  runId: string | null,
): Promise<Record<string, unknown>> {
  const zone = (await agencyTime(systemContext(broker, agencyId))).zone;
  const at = now();
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(at));
  return {
    trigger: data,
    client: client ?? {},
    workflow: { id: workflow.id, name: workflow.name },
    run: { id: runId },
    time: { weekday: weekdayIn(at, zone), hour },
  };
}

/**
 * Start a run of `w` for one occurrence, inside the caller's transaction. Returns the run id,
 * or null when this occurrence was already handled (or its conditions do not pass).
 */
export async function startRun(
  broker: ServiceBroker,
  sql: Sql,
  w: WorkflowRow,
  occ: Occurrence,
): Promise<{ runId: string; status: string } | null> {
  const fresh = await sql(
    `insert into automations.processed_event (workflow_id, dedupe_key, agency_id) values (?, ?, ?) on conflict do nothing returning workflow_id`,
    [w.id, occ.dedupeKey.slice(0, 400), w.agency_id],
  );
  if (fresh.length === 0) return null;
  const def = definitionOf(w);
  const runId = randomUUID();
  const client = needsClient(def) || occ.clientId ? await loadClient(broker, w.agency_id, occ.clientId) : null;
  const context = await buildContext(broker, w.agency_id, w, occ.data, client, runId);
  let status = 'running';
  let reason: string | null = null;
  if (occ.depth > MAX_DEPTH) {
    status = 'loop_stopped';
    reason = `Stopped: this run would be the ${occ.depth}th automation in a chain (more than ${MAX_DEPTH})`;
  } else if (!occ.force) {
    if (!evaluate(def, context).passed) return null;
    const limit = w.rate_limit ?? config.ratePerMinute();
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from automations.run where workflow_id = ? and started_at > ?`, [
      w.id,
      new Date(now().getTime() - 60_000),
    ]);
    if (n >= limit) {
      status = 'skipped';
      reason = `Skipped: more than ${limit} runs in a minute (rate cap)`;
    }
  }
  const startedAt = now();
  const terminal = status !== 'running';
  await sql(
    `insert into automations.run (id, agency_id, workflow_id, workflow_version, status, reason, trigger, event_id, client_id, depth, context, started_at, finished_at)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)`,
    [
      runId,
      w.agency_id,
      w.id,
      w.version,
      status,
      reason,
      JSON.stringify(occ.trigger),
      occ.trigger.eventId ?? null,
      client ? (client.id as string) : occ.clientId,
      occ.depth,
      JSON.stringify(context),
      startedAt,
      terminal ? startedAt : null,
    ],
  );
  const catalogue = currentCatalogue(broker);
  for (const [idx, s] of def.steps.entries()) {
    const label = catalogue.actions.find((a) => a.key === s.action)?.label ?? s.action;
    await sql(
      `insert into automations.run_step (run_id, idx, agency_id, action, label, params, delay_minutes, continue_on_failure, require_approval, status)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)`,
      [
        runId,
        idx,
        w.agency_id,
        s.action,
        label,
        JSON.stringify(s.params),
        s.delayMinutes ?? 0,
        s.continueOnFailure ?? false,
        s.requireApproval ?? false,
        terminal ? 'skipped' : 'pending',
      ],
    );
  }
  await sql(`update automations.processed_event set run_id = ? where workflow_id = ? and dedupe_key = ?`, [
    runId,
    w.id,
    occ.dedupeKey.slice(0, 400),
  ]);
  if (!terminal) await scheduleStep(broker, sql, { agencyId: w.agency_id, runId, index: 0 }, def.steps[0]!.delayMinutes ?? 0);
  return { runId, status };
}

/** Queue a step, marking it (and the run) waiting when it has a delay. */
async function scheduleStep(broker: ServiceBroker, sql: Sql, job: StepJob, delayMinutes: number): Promise<void> {
  if (delayMinutes > 0) {
    const until = new Date(now().getTime() + delayMinutes * 60_000);
    await sql(`update automations.run_step set status = 'waiting', wait_until = ? where run_id = ? and idx = ?`, [
      until,
      job.runId,
      job.index,
    ]);
    await sql(`update automations.run set status = 'waiting' where id = ? and status in ('running', 'waiting')`, [job.runId]);
  } else {
    await sql(`update automations.run set status = 'running' where id = ? and status in ('running', 'waiting', 'awaiting_approval')`, [
      job.runId,
    ]);
  }
  await queueStep(broker, sql, job, delayMinutes * 60);
}

// ---------------------------------------------------------------- executing steps

export function isRetryable(err: unknown): boolean {
  const e = err as { retryable?: boolean; name?: string };
  if (e?.retryable) return true;
  if (e?.name === 'ServiceNotFoundError' || e?.name === 'ServiceNotAvailableError' || e?.name === 'RequestTimeoutError') return true;
  return isInfrastructureFailure(err);
}

function backoffSeconds(attempt: number): number {
  const base = config.retryBaseSeconds() * 2 ** Math.max(0, attempt - 1);
  const jitter = 0.5 + Math.random(); // 50 %–150 %
  return Math.min(3600, base * jitter);
}

function errorOf(err: unknown): { message: string; code: unknown; type?: unknown; data?: unknown } {
  const e = err as { message?: string; code?: unknown; type?: unknown; data?: unknown };
  return { message: String(e?.message ?? err).slice(0, 2000), code: e?.code ?? null, type: e?.type ?? null, data: e?.data ?? null };
}

/** Run one step (a pg-boss job). Safe to run twice: the action call carries the idempotency key. */
export async function executeStep(broker: ServiceBroker, job: StepJob): Promise<void> {
  const state = engines.get(broker);
  if (!state) throw new Error('automations engine is not started');
  let awaiting = false;
  const claimed = await state.fork().transactional(async (tx) => {
    const sql = sqlOf(tx);
    const [run] = await sql<RunRow>(`select * from automations.run where id = ? and agency_id = ? for update`, [job.runId, job.agencyId]);
    if (!run || !['running', 'waiting', 'awaiting_approval'].includes(run.status)) return null;
    const [step] = await sql<StepRow>(`select * from automations.run_step where run_id = ? and idx = ? for update`, [job.runId, job.index]);
    if (!step || !['pending', 'waiting', 'running'].includes(step.status)) return null;
    if (step.require_approval && step.approved !== true) {
      await sql(
        `update automations.run_step set status = 'awaiting_approval', requested_at = coalesce(requested_at, ?), wait_until = null where run_id = ? and idx = ?`,
        [now(), run.id, step.idx],
      );
      await sql(`update automations.run set status = 'awaiting_approval' where id = ?`, [run.id]);
      awaiting = true;
      return null;
    }
    const attempt = step.attempts + 1;
    await sql(
      `update automations.run_step set status = 'running', attempts = ?, started_at = coalesce(started_at, ?), wait_until = null where run_id = ? and idx = ?`,
      [attempt, now(), run.id, step.idx],
    );
    await sql(`update automations.run set status = 'running' where id = ?`, [run.id]);
    return { run, step, attempt };
  });
  if (awaiting || claimed) announceRun(broker, job.agencyId, job.runId);
  if (!claimed) return;
  const { run, step, attempt } = claimed;
  let input: Record<string, unknown> = {};
  let outcome: { ok: true; output: unknown } | { ok: false; error: unknown; retryable: boolean };
  try {
    input = renderParams(step.params, run.context);
    const action = currentCatalogue(broker).actions.find((a) => a.key === step.action && a.available);
    if (!action) {
      const module = step.action.split(':')[0];
      throw Object.assign(new Error(`${module} is not running`), { name: 'ServiceNotAvailableError', code: 503, retryable: true });
    }
    const output = await broker.call(action.action, input, {
      meta: { ...systemCaller(run.agency_id), idempotencyKey: `${run.id}:${step.idx}`, automation: { runId: run.id, depth: run.depth } },
      timeout: config.actionTimeoutMs(),
      retries: 0,
    });
    outcome = { ok: true, output: output ?? null };
  } catch (err) {
    outcome = { ok: false, error: err, retryable: isRetryable(err) };
  }
  let changed = false;
  await state.fork().transactional(async (tx) => {
    const sql = sqlOf(tx);
    const [run2] = await sql<RunRow>(`select * from automations.run where id = ? for update`, [run.id]);
    const mine = await sql<StepRow>(
      `select * from automations.run_step where run_id = ? and idx = ? and status = 'running' and attempts = ? for update`,
      [run.id, step.idx, attempt],
    );
    if (!run2 || mine.length === 0) return; // cancelled meanwhile, or another attempt took over
    changed = true;
    const at = now();
    const cancelled = run2.status === 'cancelled';
    if (outcome.ok) {
      await sql(
        `update automations.run_step set status = 'succeeded', input = ?::jsonb, output = ?::jsonb, error = null, finished_at = ? where run_id = ? and idx = ?`,
        [JSON.stringify(input), JSON.stringify(outcome.output), at, run.id, step.idx],
      );
      if (!cancelled) await advance(broker, sql, run2, step.idx + 1);
      return;
    }
    const error = errorOf(outcome.error);
    if (outcome.retryable && attempt < config.maxAttempts() && !cancelled) {
      const delay = backoffSeconds(attempt);
      await sql(
        `update automations.run_step set status = 'waiting', input = ?::jsonb, error = ?::jsonb, wait_until = ? where run_id = ? and idx = ?`,
        [JSON.stringify(input), JSON.stringify(error), new Date(at.getTime() + delay * 1000), run.id, step.idx],
      );
      await queueStep(broker, sql, { agencyId: run.agency_id, runId: run.id, index: step.idx }, delay);
      return;
    }
    await sql(
      `update automations.run_step set status = 'failed', input = ?::jsonb, error = ?::jsonb, finished_at = ? where run_id = ? and idx = ?`,
      [JSON.stringify(input), JSON.stringify(error), at, run.id, step.idx],
    );
    if (cancelled) return;
    if (step.continue_on_failure) return advance(broker, sql, run2, step.idx + 1);
    await failRun(
      broker,
      sql,
      run2,
      `Step ${step.idx + 1} (${step.label}) failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${error.message}`,
    );
  });
  if (changed) announceRun(broker, run.agency_id, run.id);
}

/** Go on with step `next`, or finish the run when there is none. */
async function advance(broker: ServiceBroker, sql: Sql, run: RunRow, next: number): Promise<void> {
  const [step] = await sql<StepRow>(`select * from automations.run_step where run_id = ? and idx = ?`, [run.id, next]);
  if (!step) {
    const [{ failed }] = await sql<{ failed: number }>(
      `select count(*)::int as failed from automations.run_step where run_id = ? and status = 'failed'`,
      [run.id],
    );
    await sql(`update automations.run set status = 'succeeded', reason = ?, finished_at = ? where id = ?`, [
      failed ? `${failed} step${failed === 1 ? '' : 's'} failed (continued)` : null,
      now(),
      run.id,
    ]);
    return;
  }
  await scheduleStep(broker, sql, { agencyId: run.agency_id, runId: run.id, index: next }, step.delay_minutes);
}

async function failRun(broker: ServiceBroker, sql: Sql, run: RunRow, reason: string): Promise<void> {
  await sql(`update automations.run set status = 'failed', reason = ?, finished_at = ? where id = ?`, [
    reason.slice(0, 2000),
    now(),
    run.id,
  ]);
  await sql(
    `update automations.run_step set status = 'skipped' where run_id = ? and status in ('pending', 'waiting', 'awaiting_approval')`,
    [run.id],
  );
  const [w] = await sql<{ name: string }>(`select name from automations.workflow where id = ?`, [run.workflow_id]);
  await emitEvent(broker, sql, RUN_FAILED, run.agency_id, {
    runId: run.id,
    workflowId: run.workflow_id,
    workflowName: w?.name ?? '',
    clientId: run.client_id,
    reason,
  });
}

/** Approve or reject a step that awaits approval (in the caller's transaction). */
export async function decideStep(
  broker: ServiceBroker,
  sql: Sql,
  run: RunRow,
  index: number,
  approve: boolean,
  userId: string,
  comment: string | null,
): Promise<boolean> {
  const rows = await sql(
    `update automations.run_step set approved = ?, decided_by = ?, decision_comment = ?, status = ?, finished_at = ?
      where run_id = ? and idx = ? and status = 'awaiting_approval' returning idx`,
    [approve, userId, comment, approve ? 'pending' : 'rejected', approve ? null : now(), run.id, index],
  );
  if (rows.length === 0) return false;
  if (approve) {
    await sql(`update automations.run set status = 'running' where id = ?`, [run.id]);
    await queueStep(broker, sql, { agencyId: run.agency_id, runId: run.id, index });
  } else {
    const [step] = await sql<StepRow>(`select * from automations.run_step where run_id = ? and idx = ?`, [run.id, index]);
    if (step?.continue_on_failure) await advance(broker, sql, run, index + 1);
    else {
      await sql(`update automations.run set status = 'cancelled', reason = ?, finished_at = ? where id = ?`, [
        `Step ${index + 1} was rejected${comment ? `: ${comment}` : ''}`,
        now(),
        run.id,
      ]);
      await sql(`update automations.run_step set status = 'skipped' where run_id = ? and status in ('pending', 'waiting')`, [run.id]);
    }
  }
  return true;
}

/** Cancel a run that has not finished. */
export async function cancelRun(sql: Sql, run: RunRow, userId: string): Promise<boolean> {
  if (!['running', 'waiting', 'awaiting_approval'].includes(run.status)) return false;
  await sql(`update automations.run set status = 'cancelled', reason = ?, finished_at = ? where id = ?`, [
    `Cancelled by ${userId === 'system' ? 'the platform' : 'a person'}`,
    now(),
    run.id,
  ]);
  await sql(
    `update automations.run_step set status = 'skipped' where run_id = ? and status in ('pending', 'waiting', 'awaiting_approval')`,
    [run.id],
  );
  return true;
}

/** Retry the failed step of a failed run (same idempotency key: a call that did succeed is not repeated). */
export async function retryFailedStep(broker: ServiceBroker, sql: Sql, run: RunRow): Promise<boolean> {
  const [step] = await sql<StepRow>(`select * from automations.run_step where run_id = ? and status = 'failed' order by idx desc limit 1`, [
    run.id,
  ]);
  if (!step) return false;
  await sql(
    `update automations.run_step set status = 'pending', attempts = 0, error = null, finished_at = null where run_id = ? and idx >= ? and status in ('failed', 'skipped')`,
    [run.id, step.idx],
  );
  await sql(`update automations.run set status = 'running', reason = null, finished_at = null where id = ?`, [run.id]);
  await queueStep(broker, sql, { agencyId: run.agency_id, runId: run.id, index: step.idx });
  return true;
}

// ---------------------------------------------------------------- consuming events

/** Handle one durable event: remember it (samples, last activity) and start the matching workflows. */
export async function ingestEvent(
  broker: ServiceBroker,
  topic: string,
  event: DurableEvent & { automation?: { depth?: number } },
): Promise<void> {
  const state = engines.get(broker);
  if (!state || !event?.id || !event.agencyId || typeof event.data !== 'object' || event.data === null) return;
  const occurredAt = Number.isNaN(Date.parse(event.occurredAt)) ? now() : new Date(event.occurredAt);
  const data = event.data as Record<string, unknown>;
  const startedRuns: string[] = [];
  await state.fork().transactional(async (tx) => {
    const sql = sqlOf(tx);
    await sql(
      `insert into automations.recent_event (agency_id, id, topic, occurred_at, data) values (?, ?, ?, ?, ?::jsonb) on conflict do nothing`,
      [event.agencyId, event.id, topic, occurredAt, JSON.stringify(data)],
    );
    const clientId = typeof data.clientId === 'string' && /^[0-9a-f-]{36}$/i.test(data.clientId) ? data.clientId : null;
    if (clientId && !topic.startsWith('automations.')) {
      await sql(
        `insert into automations.inactivity_state (agency_id, client_id, last_activity_at) values (?, ?, ?)
         on conflict (agency_id, client_id) do update set last_activity_at = greatest(automations.inactivity_state.last_activity_at, excluded.last_activity_at)`,
        [event.agencyId, clientId, occurredAt],
      );
    }
    const workflows = await sql<WorkflowRow>(
      `select * from automations.workflow where agency_id = ? and enabled and archived_at is null and trigger_kind = 'event' and trigger_topic = ?`,
      [event.agencyId, topic],
    );
    const depth = Math.max(0, Number(event.automation?.depth) || 0) + 1;
    for (const w of workflows) {
      const r = await startRun(broker, sql, w, {
        dedupeKey: event.id,
        trigger: { type: 'event', topic, eventId: event.id },
        data: { ...data, eventId: event.id, topic, occurredAt: occurredAt.toISOString() },
        clientId,
        depth,
      });
      if (r) startedRuns.push(r.runId);
    }
  });
  for (const id of startedRuns) announceRun(broker, event.agencyId, id, 'created');
}

// ---------------------------------------------------------------- the catalogue as this process sees it

let knownCache = new Map<string, any>();

/** Live manifests plus remembered ones, for lookups (labels, action names, availability). */
export function currentCatalogue(broker: ServiceBroker, keep: (module: string) => boolean = () => true): Catalogue {
  return buildCatalogue(liveManifests(broker), knownCache, keep);
}

async function rememberManifests(broker: ServiceBroker, state: EngineState): Promise<void> {
  const live = liveManifests(broker);
  const sql = sqlOf(state.fork());
  for (const [module, manifest] of live) {
    await sql(
      `insert into automations.known_module (module, manifest, seen_at) values (?, ?::jsonb, now()) on conflict (module) do update set manifest = excluded.manifest, seen_at = now()`,
      [module, JSON.stringify(manifest)],
    );
  }
  const rows = await sql<{ module: string; manifest: any }>(`select module, manifest from automations.known_module`);
  knownCache = new Map(rows.map((r) => [r.module, r.manifest]));
}

/** Subscribe (group `automations`) to every trigger topic offered now or used by an enabled workflow. */
async function refreshConsumers(broker: ServiceBroker, state: EngineState): Promise<void> {
  if (state.stopping) return;
  const topics = new Set<string>();
  for (const t of currentCatalogue(broker, (m) => liveManifests(broker).has(m)).triggers) topics.add(t.topic);
  const used = await sqlOf(state.fork())<{ topic: string }>(
    `select distinct trigger_topic as topic from automations.workflow where enabled and archived_at is null and trigger_kind = 'event'`,
  );
  for (const r of used) if (r.topic) topics.add(r.topic);
  for (const topic of topics) {
    if (state.consumers.has(topic) || state.stopping) continue;
    const name = `automations-in-${topic.replace(/[^a-zA-Z0-9-]/g, '-')}`;
    const svc = broker.createService({
      name,
      channels: {
        [channelName(broker, topic)]: {
          group: CONSUMER_GROUP,
          maxRetries: 100,
          // Events are independent (each in its own transaction, deduplicated by unique keys): handle several at once.
          maxInFlight: config.consumerConcurrency(),
          context: false,
          handler: (event: DurableEvent) => ingestEvent(broker, topic, event),
        },
      },
    } as never);
    state.consumers.set(topic, svc); // createService starts it on a running broker
  }
}

/** Called when the registry changes (a module started or stopped). */
export async function onServicesChanged(broker: ServiceBroker): Promise<void> {
  const state = engines.get(broker);
  if (!state || state.stopping) return;
  await rememberManifests(broker, state).catch((err) => broker.logger.warn(`automations: ${(err as Error).message}`));
  await refreshConsumers(broker, state).catch((err) => broker.logger.warn(`automations consumers: ${(err as Error).message}`));
}

// ---------------------------------------------------------------- periodic checks

async function workflowsOfKind(sql: Sql, kind: string): Promise<WorkflowRow[]> {
  return sql<WorkflowRow>(`select * from automations.workflow where enabled and archived_at is null and trigger_kind = ? order by id`, [
    kind,
  ]);
}

/** Schedules due since the last check (agency zone, DST-safe via croner), at most 10 per workflow per check. */
async function checkSchedules(broker: ServiceBroker, state: EngineState): Promise<number> {
  let started = 0;
  for (const w of await workflowsOfKind(sqlOf(state.fork()), 'schedule')) {
    const trigger = w.trigger as Extract<Trigger, { type: 'schedule' }>;
    const zone = (await agencyTime(systemContext(broker, w.agency_id))).zone;
    const at = now();
    const startedRuns: string[] = [];
    await state.fork().transactional(async (tx) => {
      const sql = sqlOf(tx);
      const [cursor] = await sql<{ last_tick_at: Date }>(`select last_tick_at from automations.schedule_state where workflow_id = ?`, [
        w.id,
      ]);
      if (!cursor) {
        await sql(`insert into automations.schedule_state (workflow_id, agency_id, last_tick_at) values (?, ?, ?) on conflict do nothing`, [
          w.id,
          w.agency_id,
          at,
        ]);
        return;
      }
      let cron: Cron;
      try {
        cron = new Cron(trigger.cron, { timezone: zone, paused: true });
      } catch {
        return;
      }
      const ticks: Date[] = [];
      let next = cron.nextRun(new Date(cursor.last_tick_at));
      while (next && next.getTime() <= at.getTime() && ticks.length < 10) {
        ticks.push(next);
        next = cron.nextRun(next);
      }
      for (const tick of ticks) {
        const r = await startRun(broker, sql, w, {
          dedupeKey: `schedule:${tick.toISOString()}`,
          trigger: { type: 'schedule' },
          data: { scheduledAt: tick.toISOString() },
          clientId: null,
          depth: 1,
        });
        if (r) {
          started++;
          startedRuns.push(r.runId);
        }
      }
      await sql(`update automations.schedule_state set last_tick_at = greatest(last_tick_at, ?) where workflow_id = ?`, [at, w.id]);
    });
    for (const id of startedRuns) announceRun(broker, w.agency_id, id, 'created');
  }
  return started;
}

/**
 * Clients the engine has not seen any event of yet start their quiet spell when an inactivity
 * workflow of their agency is first checked (once per agency and day at most): the pipeline
 * lists them (system principal), so a client silent since before automations ran is not forgotten.
 */
const baselined = new Map<string, number>();
async function baselineClients(broker: ServiceBroker, state: EngineState, agencyId: string): Promise<void> {
  const last = baselined.get(agencyId);
  if (last && Date.now() - last < 86_400_000) return;
  baselined.set(agencyId, Date.now());
  const at = now();
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    let res: { items: { id: string }[]; nextCursor: string | null };
    try {
      res = (await broker.call(
        'clients.list',
        { limit: 100, ...(cursor ? { cursor } : {}) },
        { meta: { ...systemCaller(agencyId) }, timeout: 10_000, retries: 0 },
      )) as typeof res;
    } catch (err) {
      baselined.delete(agencyId);
      broker.logger.warn(`automations: client list unavailable for inactivity: ${(err as Error).message}`);
      return;
    }
    if (res.items.length) {
      await sqlOf(state.fork())(
        `insert into automations.inactivity_state (agency_id, client_id, last_activity_at) select ?, unnest(?::uuid[]), ? on conflict do nothing`,
        [agencyId, `{${res.items.map((c) => c.id).join(',')}}`, at],
      );
    }
    cursor = res.nextCursor;
    if (!cursor) return;
  }
}

/** Clients quiet for N days: once per quiet spell (the key holds the last activity's instant). */
async function checkInactivity(broker: ServiceBroker, state: EngineState): Promise<number> {
  let started = 0;
  for (const w of await workflowsOfKind(sqlOf(state.fork()), 'inactivity')) {
    await baselineClients(broker, state, w.agency_id);
    const days = Number((w.trigger as { days?: number }).days) || 7;
    const cutoff = new Date(now().getTime() - days * 86_400_000);
    const quiet = await sqlOf(state.fork())<{ client_id: string; last_activity_at: Date }>(
      `select s.client_id, s.last_activity_at from automations.inactivity_state s
        where s.agency_id = ? and s.last_activity_at <= ?
          and not exists (select 1 from automations.processed_event p where p.workflow_id = ? and p.dedupe_key = 'inactivity:' || s.client_id || ':' || to_char(s.last_activity_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        order by s.last_activity_at limit 200`,
      [w.agency_id, cutoff, w.id],
    );
    for (const q of quiet) {
      const since = new Date(q.last_activity_at).toISOString();
      const r = await state.fork().transactional((tx) =>
        startRun(broker, sqlOf(tx), w, {
          dedupeKey: `inactivity:${q.client_id}:${since}`,
          trigger: { type: 'inactivity' },
          data: { clientId: q.client_id, days, lastActivityAt: since },
          clientId: q.client_id,
          depth: 1,
        }),
      );
      if (r) {
        started++;
        announceRun(broker, w.agency_id, r.runId, 'created');
      }
    }
  }
  return started;
}

/** KPI thresholds: fires when the value crosses to the watched side (the side is stored per workflow). */
async function checkKpis(broker: ServiceBroker, state: EngineState): Promise<number> {
  let started = 0;
  for (const w of await workflowsOfKind(sqlOf(state.fork()), 'kpi')) {
    const t = w.trigger as Extract<Trigger, { type: 'kpi' }>;
    const kpi = currentCatalogue(broker).kpis.find((k) => k.key === t.kpi && k.available);
    if (!kpi) continue;
    const to = now();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    let value: number | null;
    try {
      const answer = (await broker.call(
        kpi.action,
        { id: kpi.id, from: from.toISOString(), to: to.toISOString() },
        { meta: { ...systemCaller(w.agency_id) }, timeout: 10_000, retries: 0 },
      )) as { value: number | null };
      value = typeof answer?.value === 'number' ? answer.value : null;
    } catch (err) {
      broker.logger.warn(`automations: KPI ${t.kpi} unavailable: ${(err as Error).message}`);
      continue;
    }
    if (value === null) continue;
    const r = await state.fork().transactional(async (tx) => {
      const sql = sqlOf(tx);
      const [prev] = await sql<{ side: string }>(`select side from automations.kpi_state where workflow_id = ? for update`, [w.id]);
      const side = value! > t.value ? 'above' : value! < t.value ? 'below' : (prev?.side ?? 'below');
      await sql(
        `insert into automations.kpi_state (workflow_id, agency_id, side, value, checked_at) values (?, ?, ?, ?, ?)
         on conflict (workflow_id) do update set side = excluded.side, value = excluded.value, checked_at = excluded.checked_at`,
        [w.id, w.agency_id, side, value, to],
      );
      if (!prev || prev.side === side || side !== t.direction) return null;
      return startRun(broker, sql, w, {
        dedupeKey: `kpi:${to.toISOString()}`,
        trigger: { type: 'kpi' },
        data: { kpi: t.kpi, value, threshold: t.value, direction: t.direction },
        clientId: null,
        depth: 1,
      });
    });
    if (r) {
      started++;
      announceRun(broker, w.agency_id, r.runId, 'created');
    }
  }
  return started;
}

/** Retention: runs older than AUTOMATIONS_RUN_RETENTION_DAYS (not kept, finished), old dedupe keys, samples beyond 50 per topic. */
async function prune(state: EngineState): Promise<number> {
  const sql = sqlOf(state.fork());
  const cutoff = new Date(now().getTime() - config.retentionDays() * 86_400_000);
  const runs = await sql(`delete from automations.run where started_at < ? and not kept and finished_at is not null returning id`, [
    cutoff,
  ]);
  await sql(`delete from automations.processed_event where created_at < ? and dedupe_key not like 'inactivity:%'`, [cutoff]);
  await sql(
    `delete from automations.recent_event e using (
        select agency_id, id from (select agency_id, id, row_number() over (partition by agency_id, topic order by occurred_at desc) as n from automations.recent_event) x where n > 50
      ) old where e.agency_id = old.agency_id and e.id = old.id`,
  );
  return runs.length;
}

/** One pass of every periodic check (the pg-boss schedule calls it each minute; tests call it with a fixed clock). */
export async function tick(broker: ServiceBroker): Promise<{ schedules: number; inactivity: number; kpis: number; pruned: number }> {
  const state = engines.get(broker);
  if (!state) throw new Error('automations engine is not started');
  const schedules = await checkSchedules(broker, state);
  const inactivity = await checkInactivity(broker, state);
  const kpis = await checkKpis(broker, state);
  const pruned = await prune(state);
  return { schedules, inactivity, kpis, pruned };
}

/** Mark a newly enabled schedule's cursor at now (ticks before enabling do not run). */
export async function resetSchedule(sql: Sql, workflowId: string, agencyId: string): Promise<void> {
  await sql(
    `insert into automations.schedule_state (workflow_id, agency_id, last_tick_at) values (?, ?, ?) on conflict (workflow_id) do update set last_tick_at = excluded.last_tick_at`,
    [workflowId, agencyId, now()],
  );
  await sql(`delete from automations.kpi_state where workflow_id = ?`, [workflowId]);
}

// ---------------------------------------------------------------- lifecycle

export async function startEngine(broker: ServiceBroker, fork: () => EntityManager, connectionString: string): Promise<void> {
  const boss = new PgBoss({
    connectionString,
    schema: JOB_SCHEMA,
    max: 4,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: config.maintenanceSeconds(),
    application_name: 'automations-jobs',
  });
  boss.on('error', (err) => broker.logger.warn(`automations job queue: ${err.message}`));
  await boss.start();
  await boss.createQueue(STEP_QUEUE, {
    name: STEP_QUEUE,
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: config.jobExpireSeconds(),
  });
  await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, retryLimit: 0, expireInSeconds: 300 });
  const state: EngineState = { boss, fork, consumers: new Map(), stopping: false, workers: [] };
  engines.set(broker, state);
  // Several workers so that one slow action does not hold a whole batch back.
  for (let i = 0; i < config.stepWorkers(); i++) {
    state.workers.push(
      await boss.work<StepJob>(STEP_QUEUE, { batchSize: 4, pollingIntervalSeconds: config.pollSeconds() }, async (jobs) => {
        await Promise.all(jobs.map((j) => executeStep(broker, j.data)));
      }),
    );
  }
  if (process.env.AUTOMATIONS_TICK !== 'off') {
    await boss.schedule(TICK_QUEUE, config.tickCron(), {}, { tz: 'UTC' });
    await boss.work(TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
      await tick(broker);
    });
  }
  await rememberManifests(broker, state);
  await refreshConsumers(broker, state);
}

export async function stopEngine(broker: ServiceBroker): Promise<void> {
  const state = engines.get(broker);
  if (!state) return;
  state.stopping = true;
  engines.delete(broker);
  for (const svc of state.consumers.values()) await broker.destroyService(svc).catch(() => undefined);
  await state.boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}

export function engineRunning(broker: ServiceBroker): boolean {
  return engines.has(broker);
}

/** Queue a run's first step etc. from an action's transaction (manual runs, retries). */
export { queueStep, scheduleStep };
