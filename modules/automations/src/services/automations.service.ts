/**
 * `automations`: workflows, the catalogue, templates, dry runs, the run log, approvals and
 * statistics at `/api/v1/automations/…` (owners/admins write, managers read, members are
 * refused: 403). The engine itself lives in `../engine.ts`; this service starts it.
 */
import { randomUUID } from 'node:crypto';
import {
  agencyZone,
  announce,
  assertVersion,
  defineService,
  errors,
  likePattern,
  now,
  setETag,
  textMatchSql,
  type ActionContext,
} from '@audienceos/module-sdk';
import type { Service } from 'moleculer';
import { buildCatalogue, liveManifests } from '../catalogue';
import {
  definitionParams,
  evaluate,
  normalise,
  renderParams,
  sampleContext,
  validateDefinition,
  variablesOf,
  type Definition,
  type Trigger,
} from '../definition';
import { runDto, stepDto, workflowDto, type WorkflowExtras } from '../dto';
import {
  buildContext,
  cancelRun,
  currentCatalogue,
  decideStep,
  LIVE_AUDIENCE,
  definitionOf,
  loadClient,
  onServicesChanged,
  resetSchedule,
  retryFailedStep,
  sqlOf,
  startEngine,
  startRun,
  stopEngine,
  tick,
  type RunRow,
  type StepRow,
  type WorkflowRow,
} from '../engine';
import { automationKpis } from '../kpis';
import { TEMPLATES } from '../templates';

type Ctx<P = Record<string, any>> = ActionContext<P>;
const READ = ['automations:read'];
const WRITE = ['automations:write'];
const idParam = { id: { type: 'uuid' } } as const;
const limitParam = { type: 'number', integer: true, min: 1, max: 100, convert: true, optional: true } as const;
const cursorParam = { type: 'string', max: 500, optional: true } as const;

function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      /^[0-9a-f-]{36}$/i.test(String(v[1]))
    ) {
      const year = new Date(v[0]).getUTCFullYear();
      if (year >= 1970 && year <= 9999) return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw errors.badRequest('The cursor is not valid (start from the first page)', 'INVALID_CURSOR');
}
const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');

async function loadWorkflow(ctx: Ctx, id: string, lock = false): Promise<WorkflowRow & WorkflowExtras> {
  const [row] = await ctx.db.sql<WorkflowRow & WorkflowExtras>(
    `select * from automations.workflow where id = ? and agency_id = $agency and archived_at is null${lock ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw errors.notFound('Workflow', id);
  return row;
}

async function withStats(ctx: Ctx, rows: (WorkflowRow & WorkflowExtras)[]): Promise<(WorkflowRow & WorkflowExtras)[]> {
  if (!rows.length) return rows;
  const since = new Date(now().getTime() - 7 * 86_400_000);
  const stats = await ctx.db.sql<{ workflow_id: string; runs7d: number; succeeded7d: number; failed7d: number }>(
    `select workflow_id, count(*)::int as runs7d, (count(*) filter (where status = 'succeeded'))::int as succeeded7d,
            (count(*) filter (where status = 'failed'))::int as failed7d
       from automations.run where agency_id = $agency and workflow_id = any(?::uuid[]) and started_at >= ? group by workflow_id`,
    [`{${rows.map((r) => r.id).join(',')}}`, since],
  );
  const last = await ctx.db.sql<{ workflow_id: string; id: string; status: string; started_at: Date }>(
    `select distinct on (workflow_id) workflow_id, id, status, started_at from automations.run
      where agency_id = $agency and workflow_id = any(?::uuid[]) order by workflow_id, started_at desc, id desc`,
    [`{${rows.map((r) => r.id).join(',')}}`],
  );
  return rows.map((r) => {
    const s = stats.find((x) => x.workflow_id === r.id);
    const l = last.find((x) => x.workflow_id === r.id);
    return {
      ...r,
      ...(s ?? {}),
      last_run_id: l?.id ?? null,
      last_run_status: l?.status ?? null,
      last_run_started_at: l?.started_at ?? null,
    };
  });
}

async function describe(ctx: Ctx, id: string) {
  const [row] = await withStats(ctx, [await loadWorkflow(ctx, id)]);
  return workflowDto(ctx.broker, row!);
}

/** The catalogue offered for saving: live modules only (a workflow cannot be built on a module that is down). */
function liveCatalogue(ctx: Ctx) {
  return buildCatalogue(liveManifests(ctx.broker), new Map());
}

async function validated(
  ctx: Ctx,
  input: { trigger: Trigger; conditions?: Partial<Definition['conditions']>; steps: Definition['steps'] },
  workflow: { id: string; name: string },
): Promise<Definition> {
  const def = normalise(input);
  validateDefinition(def, liveCatalogue(ctx), workflow, await agencyZone(ctx));
  return def;
}

/** Save a version row and (re)arm the trigger state; refresh consumers after commit. */
async function afterSave(
  ctx: Ctx,
  w: { id: string; version: number; enabled: boolean; trigger: Trigger },
  def: Definition & { name: string; description: string | null },
): Promise<void> {
  await ctx.db.sql(
    `insert into automations.workflow_version (workflow_id, version, agency_id, definition, created_by, created_at) values (?, ?, $agency, ?::jsonb, ?, ?) on conflict do nothing`,
    [w.id, w.version, JSON.stringify(def), ctx.user.role === 'system' ? null : ctx.user.id, now()],
  );
  ctx.afterCommit(() => onServicesChanged(ctx.broker));
}

const workflowBody = {
  name: { type: 'string', min: 1, max: 200, trim: true },
  description: { type: 'string', max: 2000, optional: true, nullable: true },
  enabled: { type: 'boolean', optional: true },
  rateLimitPerMinute: { type: 'number', integer: true, min: 1, max: 10_000, optional: true, nullable: true },
  ...definitionParams,
};

export const automationsService = defineService({
  name: 'automations',
  settings: { rest: '/automations' },
  events: {
    '$services.changed'(this: Service) {
      void onServicesChanged(this.broker);
    },
  },
  actions: {
    kpi: automationKpis.action,

    catalogue: {
      rest: 'GET /catalogue',
      summary: 'Triggers, actions and KPIs of the running modules (plugins included), with the template variables per trigger',
      permissions: READ,
      async handler(ctx: Ctx) {
        const used = await ctx.db.sql<{ trigger: Trigger; steps: { action: string }[] }>(
          `select trigger, steps from automations.workflow where agency_id = $agency and archived_at is null`,
        );
        const usedModules = new Set<string>();
        for (const u of used) {
          if (u.trigger?.type === 'event') usedModules.add(String(u.trigger.topic).split('.')[0]!);
          for (const s of u.steps ?? []) usedModules.add(String(s.action).split(':')[0]!);
        }
        const cat = currentCatalogue(ctx.broker, (m) => usedModules.has(m));
        return {
          triggers: cat.triggers,
          actions: cat.actions.map(({ action: _a, ...a }) => a),
          kpis: cat.kpis.map(({ action: _a, ...k }) => k),
          variables: variablesOf(cat),
        };
      },
    },

    templates: {
      rest: 'GET /templates',
      summary: 'Ready-made workflows to start from',
      permissions: READ,
      handler() {
        return { items: TEMPLATES };
      },
    },

    list: {
      rest: 'GET /workflows',
      summary: 'Workflows, most recently changed first (`enabled`, `q` on the name); keyset cursor',
      permissions: READ,
      params: {
        enabled: { type: 'boolean', convert: true, optional: true },
        q: { type: 'string', max: 200, optional: true },
        cursor: cursorParam,
        limit: limitParam,
      },
      async handler(ctx: Ctx<{ enabled?: boolean; q?: string; cursor?: string; limit?: number }>) {
        const limit = ctx.params.limit ?? 25;
        const where: string[] = ['agency_id = $agency', 'archived_at is null'];
        const args: unknown[] = [];
        if (ctx.params.enabled !== undefined) {
          where.push('enabled = ?');
          args.push(ctx.params.enabled);
        }
        if (ctx.params.q?.trim()) {
          where.push(textMatchSql('name'));
          args.push(likePattern(ctx.params.q.trim()));
        }
        const cursor = decodeCursor(ctx.params.cursor);
        if (cursor) {
          where.push('(updated_at, id) < (?::timestamptz, ?::uuid)');
          args.push(cursor[0], cursor[1]);
        }
        const rows = await ctx.db.sql<WorkflowRow & WorkflowExtras>(
          `select * from automations.workflow where ${where.join(' and ')} order by updated_at desc, id desc limit ${limit + 1}`,
          args,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: (await withStats(ctx, page)).map((w) => workflowDto(ctx.broker, w)),
          nextCursor: rows.length > limit && last ? encodeCursor(last.updated_at!, last.id) : null,
        };
      },
    },

    create: {
      rest: 'POST /workflows',
      summary: 'Create a workflow (422 with the field path for an unknown trigger/action/variable or a bad cron); version 1',
      permissions: WRITE,
      params: { ...workflowBody, templateId: { type: 'string', max: 100, optional: true } },
      async handler(ctx: Ctx<any>) {
        const id = randomUUID();
        const p = ctx.params;
        const def = await validated(ctx, p, { id, name: p.name });
        const at = now();
        const enabled = p.enabled ?? false;
        await ctx.db.sql(
          `insert into automations.workflow (id, agency_id, name, description, enabled, trigger, conditions, steps, trigger_kind, trigger_topic, rate_limit, template_id, version, created_by, created_at, updated_at)
           values (?, $agency, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, 1, ?, ?, ?)`,
          [
            id,
            p.name,
            p.description ?? null,
            enabled,
            JSON.stringify(def.trigger),
            JSON.stringify(def.conditions),
            JSON.stringify(def.steps),
            def.trigger.type,
            def.trigger.type === 'event' ? def.trigger.topic : null,
            p.rateLimitPerMinute ?? null,
            p.templateId ?? null,
            ctx.user.role === 'system' ? null : ctx.user.id,
            at,
            at,
          ],
        );
        if (enabled) await resetSchedule(sqlOf(ctx.em), id, ctx.user.agencyId);
        await afterSave(
          ctx,
          { id, version: 1, enabled, trigger: def.trigger },
          { ...def, name: p.name, description: p.description ?? null },
        );
        ctx.meta.$statusCode = 201;
        setETag(ctx, 1);
        liveWorkflow(ctx, id, 'created', 1);
        return describe(ctx, id);
      },
    },

    get: {
      rest: 'GET /workflows/:id',
      permissions: READ,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const dto = await describe(ctx, ctx.params.id);
        setETag(ctx, dto.version);
        return dto;
      },
    },

    update: {
      rest: 'PATCH /workflows/:id',
      summary: 'Change a workflow (If-Match → 412 when stale); every save is a new version that later runs record',
      permissions: WRITE,
      params: Object.fromEntries(
        Object.entries({ ...idParam, ...workflowBody }).map(([k, v]) => [k, k === 'id' ? v : { ...(v as object), optional: true }]),
      ),
      async handler(ctx: Ctx<any>) {
        const row = await loadWorkflow(ctx, ctx.params.id, true);
        await assertVersion(ctx, row.version, () => describe(ctx, row.id));
        const p = ctx.params;
        const name = p.name ?? row.name;
        const current = definitionOf(row);
        const def = await validated(
          ctx,
          { trigger: p.trigger ?? current.trigger, conditions: p.conditions ?? current.conditions, steps: p.steps ?? current.steps },
          { id: row.id, name },
        );
        const enabled = p.enabled ?? row.enabled;
        const version = row.version + 1;
        await ctx.db.sql(
          `update automations.workflow set name = ?, description = ?, enabled = ?, trigger = ?::jsonb, conditions = ?::jsonb, steps = ?::jsonb, trigger_kind = ?, trigger_topic = ?,
                  rate_limit = ?, version = ?, updated_at = ? where id = ? and agency_id = $agency`,
          [
            name,
            p.description === undefined ? row.description : p.description,
            enabled,
            JSON.stringify(def.trigger),
            JSON.stringify(def.conditions),
            JSON.stringify(def.steps),
            def.trigger.type,
            def.trigger.type === 'event' ? def.trigger.topic : null,
            p.rateLimitPerMinute === undefined ? row.rate_limit : p.rateLimitPerMinute,
            version,
            now(),
            row.id,
          ],
        );
        if (enabled && (!row.enabled || JSON.stringify(def.trigger) !== JSON.stringify(current.trigger)))
          await resetSchedule(sqlOf(ctx.em), row.id, ctx.user.agencyId);
        await afterSave(
          ctx,
          { id: row.id, version, enabled, trigger: def.trigger },
          { ...def, name, description: p.description ?? row.description },
        );
        setETag(ctx, version);
        liveWorkflow(ctx, row.id, 'updated', version);
        return describe(ctx, row.id);
      },
    },

    remove: {
      rest: 'DELETE /workflows/:id',
      summary: 'Archive a workflow (it stops; its runs stay in the log)',
      permissions: WRITE,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const row = await loadWorkflow(ctx, ctx.params.id, true);
        await assertVersion(ctx, row.version);
        await ctx.db.sql(
          `update automations.workflow set archived_at = ?, enabled = false, updated_at = ? where id = ? and agency_id = $agency`,
          [now(), now(), row.id],
        );
        liveWorkflow(ctx, row.id, 'deleted');
        return { id: row.id, archived: true };
      },
    },

    enable: {
      rest: 'POST /workflows/:id/enable',
      permissions: WRITE,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const row = await loadWorkflow(ctx, ctx.params.id, true);
        // A workflow saved while its module ran must still be valid now (e.g. its action still exists).
        await validated(ctx, definitionOf(row), { id: row.id, name: row.name });
        if (!row.enabled) {
          await ctx.db.sql(`update automations.workflow set enabled = true, updated_at = ? where id = ? and agency_id = $agency`, [
            now(),
            row.id,
          ]);
          await resetSchedule(sqlOf(ctx.em), row.id, ctx.user.agencyId);
          ctx.afterCommit(() => onServicesChanged(ctx.broker));
          liveWorkflow(ctx, row.id, 'updated', row.version);
        }
        return describe(ctx, row.id);
      },
    },

    disable: {
      rest: 'POST /workflows/:id/disable',
      permissions: WRITE,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const row = await loadWorkflow(ctx, ctx.params.id, true);
        if (row.enabled)
          await ctx.db.sql(`update automations.workflow set enabled = false, updated_at = ? where id = ? and agency_id = $agency`, [
            now(),
            row.id,
          ]);
        if (row.enabled) liveWorkflow(ctx, row.id, 'updated', row.version);
        return describe(ctx, row.id);
      },
    },

    test: {
      rest: 'POST /workflows/:id/test',
      summary:
        'Dry run with a sample (trigger fields), a recent real event (`eventId`) or a client: which conditions pass, what each step would do. Writes nothing',
      permissions: READ,
      mutation: false,
      params: {
        ...idParam,
        sample: { type: 'object', optional: true },
        eventId: { type: 'string', max: 200, optional: true },
        clientId: { type: 'uuid', optional: true },
      },
      async handler(ctx: Ctx<{ id: string; sample?: Record<string, unknown>; eventId?: string; clientId?: string }>) {
        const w = await loadWorkflow(ctx, ctx.params.id);
        const def = definitionOf(w);
        const cat = currentCatalogue(ctx.broker);
        let data: Record<string, unknown>;
        if (ctx.params.eventId) {
          const [ev] = await ctx.db.sql<{ data: Record<string, unknown>; topic: string; occurred_at: Date }>(
            `select data, topic, occurred_at from automations.recent_event where agency_id = $agency and id = ?`,
            [ctx.params.eventId],
          );
          if (!ev)
            throw errors.invalid({
              field: 'eventId',
              message: 'No recent event with this id',
              type: 'unknownEvent',
              actual: ctx.params.eventId,
            });
          data = { ...ev.data, eventId: ctx.params.eventId, topic: ev.topic, occurredAt: new Date(ev.occurred_at).toISOString() };
        } else if (ctx.params.sample) data = ctx.params.sample;
        else data = sampleContext(def.trigger, cat, w).trigger as Record<string, unknown>;
        const clientId = ctx.params.clientId ?? (typeof data.clientId === 'string' ? data.clientId : null);
        if (ctx.params.clientId) data = { ...data, clientId };
        const client = await loadClient(ctx.broker, ctx.user.agencyId, clientId).catch(() => null);
        const context = await buildContext(ctx.broker, ctx.user.agencyId, w, data, client, null);
        const { passed, results } = evaluate(def, context);
        const steps = def.steps.map((s, index) => {
          const action = cat.actions.find((a) => a.key === s.action);
          const label = action?.label ?? s.action;
          let params: Record<string, unknown>;
          try {
            params = renderParams(s.params, context);
          } catch (err) {
            params = { error: (err as Error).message };
          }
          const summary = Object.entries(params)
            .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
            .join('; ');
          const wait = s.delayMinutes ? `after ${s.delayMinutes} min, ` : '';
          const approval = s.requireApproval ? ' (after approval)' : '';
          return {
            index,
            action: s.action,
            label,
            params,
            wouldDo: `${wait}${label}${approval}${summary ? ` — ${summary}` : ''}`,
            delayMinutes: s.delayMinutes ?? 0,
            requireApproval: s.requireApproval ?? false,
            available: action?.available ?? false,
          };
        });
        return { passed, conditions: results, steps };
      },
    },

    samples: {
      rest: 'GET /workflows/:id/samples',
      summary: "Recent real events of the workflow's trigger topic (newest first, at most 20)",
      permissions: READ,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const w = await loadWorkflow(ctx, ctx.params.id);
        if (w.trigger_kind !== 'event') return { items: [] };
        const rows = await ctx.db.sql<{ id: string; occurred_at: Date; data: unknown }>(
          `select id, occurred_at, data from automations.recent_event where agency_id = $agency and topic = ? order by occurred_at desc limit 20`,
          [w.trigger_topic],
        );
        return { items: rows.map((r) => ({ eventId: r.id, occurredAt: new Date(r.occurred_at).toISOString(), data: r.data })) };
      },
    },

    run: {
      rest: 'POST /workflows/:id/run',
      summary: 'Run now (manual trigger, or "Run now" for any trigger) for an optional client → 202 { runId }',
      permissions: WRITE,
      params: { ...idParam, clientId: { type: 'uuid', optional: true } },
      async handler(ctx: Ctx<{ id: string; clientId?: string }>) {
        const w = await loadWorkflow(ctx, ctx.params.id);
        if (ctx.params.clientId) {
          const client = await loadClient(ctx.broker, ctx.user.agencyId, ctx.params.clientId);
          if (!client)
            throw errors.invalid({ field: 'clientId', message: 'No such client', type: 'unknownClient', actual: ctx.params.clientId });
        }
        const started = await startRun(ctx.broker, sqlOf(ctx.em), w, {
          dedupeKey: `manual:${randomUUID()}`,
          trigger: { type: 'manual' },
          data: { clientId: ctx.params.clientId ?? null, runBy: ctx.user.id },
          clientId: ctx.params.clientId ?? null,
          depth: Math.max(0, Number((ctx.meta.automation as { depth?: number } | undefined)?.depth) || 0) + 1,
          force: true,
        });
        ctx.meta.$statusCode = 202;
        liveRun(ctx, started!.runId, 'created');
        return { runId: started!.runId, status: started!.status };
      },
    },

    runs: {
      rest: 'GET /runs',
      summary: 'The run log, newest first (`workflowId`, `status`, `from`/`to` on the start); keyset cursor',
      permissions: READ,
      params: {
        workflowId: { type: 'uuid', optional: true },
        status: {
          type: 'enum',
          values: ['running', 'waiting', 'awaiting_approval', 'succeeded', 'failed', 'cancelled', 'skipped', 'loop_stopped'],
          optional: true,
        },
        from: { type: 'date', convert: true, optional: true },
        to: { type: 'date', convert: true, optional: true },
        cursor: cursorParam,
        limit: limitParam,
      },
      async handler(ctx: Ctx<{ workflowId?: string; status?: string; from?: Date; to?: Date; cursor?: string; limit?: number }>) {
        const limit = ctx.params.limit ?? 25;
        const where = ['r.agency_id = $agency'];
        const args: unknown[] = [];
        for (const d of [ctx.params.from, ctx.params.to]) {
          if (d && (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 9999))
            throw errors.invalid({ field: d === ctx.params.from ? 'from' : 'to', message: 'Not a valid date', type: 'date' });
        }
        if (ctx.params.workflowId) {
          where.push('r.workflow_id = ?');
          args.push(ctx.params.workflowId);
        }
        if (ctx.params.status) {
          where.push('r.status = ?');
          args.push(ctx.params.status);
        }
        if (ctx.params.from) {
          where.push('r.started_at >= ?');
          args.push(ctx.params.from);
        }
        if (ctx.params.to) {
          where.push('r.started_at < ?');
          args.push(ctx.params.to);
        }
        const cursor = decodeCursor(ctx.params.cursor);
        if (cursor) {
          where.push('(r.started_at, r.id) < (?::timestamptz, ?::uuid)');
          args.push(cursor[0], cursor[1]);
        }
        const rows = await ctx.db.sql<RunRow & { workflow_name: string }>(
          `select r.*, w.name as workflow_name from automations.run r join automations.workflow w on w.id = r.workflow_id
            where ${where.join(' and ')} order by r.started_at desc, r.id desc limit ${limit + 1}`,
          args,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map(runDto), nextCursor: rows.length > limit && last ? encodeCursor(last.started_at, last.id) : null };
      },
    },

    getRun: {
      rest: 'GET /runs/:id',
      summary: 'One run with its steps (input, output, error, attempts, timings)',
      permissions: READ,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const run = await loadRun(ctx, ctx.params.id);
        const steps = await ctx.db.sql<StepRow>(
          `select * from automations.run_step where run_id = ? and agency_id = $agency order by idx`,
          [run.id],
        );
        return { ...runDto(run), steps: steps.map(stepDto) };
      },
    },

    retry: {
      rest: 'POST /runs/:id/retry',
      summary:
        "Retry a finished run from the start (a new run with the workflow's current version) or only its failed step (same run) → 202 { runId }",
      permissions: WRITE,
      params: { ...idParam, from: { type: 'enum', values: ['start', 'failedStep'] } },
      async handler(ctx: Ctx<{ id: string; from: 'start' | 'failedStep' }>) {
        const run = await loadRun(ctx, ctx.params.id, true);
        if (ctx.params.from === 'failedStep') {
          if (run.status !== 'failed' || !(await retryFailedStep(ctx.broker, sqlOf(ctx.em), run)))
            throw errors.conflict('Only a failed run can retry its failed step', 'RUN_NOT_FAILED', { status: run.status });
          ctx.meta.$statusCode = 202;
          liveRun(ctx, run.id);
          return { runId: run.id };
        }
        if (['running', 'waiting', 'awaiting_approval'].includes(run.status))
          throw errors.conflict('This run has not finished: cancel it first', 'RUN_ACTIVE', { status: run.status });
        const w = await loadWorkflow(ctx, run.workflow_id);
        const started = await startRun(ctx.broker, sqlOf(ctx.em), w, {
          dedupeKey: `retry:${randomUUID()}`,
          trigger: run.trigger as RunRow['trigger'] & { type: string },
          data: (run.context?.trigger ?? {}) as Record<string, unknown>,
          clientId: run.client_id,
          depth: run.depth,
          force: true,
        });
        ctx.meta.$statusCode = 202;
        liveRun(ctx, started!.runId, 'created');
        return { runId: started!.runId };
      },
    },

    cancel: {
      rest: 'POST /runs/:id/cancel',
      permissions: WRITE,
      params: idParam,
      async handler(ctx: Ctx<{ id: string }>) {
        const run = await loadRun(ctx, ctx.params.id, true);
        if (!(await cancelRun(sqlOf(ctx.em), run, ctx.user.id)))
          throw errors.conflict('This run has already finished', 'RUN_FINISHED', { status: run.status });
        liveRun(ctx, run.id);
        return runDto({ ...(await loadRun(ctx, run.id)) });
      },
    },

    keep: {
      rest: 'POST /runs/:id/keep',
      summary: 'Keep a run past the retention period (or let it go)',
      permissions: WRITE,
      params: { ...idParam, kept: { type: 'boolean' } },
      async handler(ctx: Ctx<{ id: string; kept: boolean }>) {
        const run = await loadRun(ctx, ctx.params.id, true);
        await ctx.db.sql(`update automations.run set kept = ? where id = ? and agency_id = $agency`, [ctx.params.kept, run.id]);
        liveRun(ctx, run.id);
        return runDto({ ...run, kept: ctx.params.kept });
      },
    },

    approvals: {
      rest: 'GET /approvals',
      summary: 'Steps waiting for approval, oldest first',
      permissions: READ,
      async handler(ctx: Ctx) {
        const rows = await ctx.db.sql<
          StepRow & { workflow_id: string; workflow_name: string; client_id: string | null; context: Record<string, unknown> }
        >(
          `select s.*, r.workflow_id, w.name as workflow_name, r.client_id, r.context from automations.run_step s
             join automations.run r on r.id = s.run_id join automations.workflow w on w.id = r.workflow_id
            where s.agency_id = $agency and s.status = 'awaiting_approval' order by s.requested_at limit 200`,
        );
        return {
          items: rows.map((s) => {
            let params: Record<string, unknown>;
            try {
              params = renderParams(s.params, s.context);
            } catch {
              params = s.params;
            }
            return {
              runId: s.run_id,
              stepIndex: s.idx,
              workflowId: s.workflow_id,
              workflowName: s.workflow_name,
              action: s.action,
              label: s.label,
              params,
              requestedAt: s.requested_at ? new Date(s.requested_at).toISOString() : null,
              clientId: s.client_id,
            };
          }),
        };
      },
    },

    approve: {
      rest: 'POST /runs/:id/steps/:index/approve',
      permissions: WRITE,
      params: { ...idParam, index: { type: 'number', integer: true, min: 0, max: 100, convert: true } },
      async handler(ctx: Ctx<{ id: string; index: number }>) {
        return decide(ctx, true, null);
      },
    },

    reject: {
      rest: 'POST /runs/:id/steps/:index/reject',
      permissions: WRITE,
      params: {
        ...idParam,
        index: { type: 'number', integer: true, min: 0, max: 100, convert: true },
        comment: { type: 'string', max: 2000, optional: true },
      },
      async handler(ctx: Ctx<{ id: string; index: number; comment?: string }>) {
        return decide(ctx, false, ctx.params.comment ?? null);
      },
    },

    stats: {
      rest: 'GET /stats',
      summary: 'Runs, successes, failures, success rate (0..1 of finished) and average duration over the last 7 or 30 days',
      permissions: READ,
      params: { days: { type: 'enum', values: [7, 30, '7', '30'], optional: true }, workflowId: { type: 'uuid', optional: true } },
      async handler(ctx: Ctx<{ days?: number | string; workflowId?: string }>) {
        const days = Number(ctx.params.days ?? 7);
        const since = new Date(now().getTime() - days * 86_400_000);
        const [r] = await ctx.db.sql<{ runs: number; succeeded: number; failed: number; avg: number | null }>(
          `select count(*)::int as runs, (count(*) filter (where status = 'succeeded'))::int as succeeded, (count(*) filter (where status = 'failed'))::int as failed,
                  avg(extract(epoch from (finished_at - started_at)) * 1000) filter (where finished_at is not null) as avg
             from automations.run where agency_id = $agency and started_at >= ? and (?::uuid is null or workflow_id = ?::uuid)`,
          [since, ctx.params.workflowId ?? null, ctx.params.workflowId ?? null],
        );
        const finished = r!.succeeded + r!.failed;
        return {
          days,
          runs: r!.runs,
          succeeded: r!.succeeded,
          failed: r!.failed,
          successRate: finished ? r!.succeeded / finished : null,
          avgDurationMs: r!.avg === null ? null : Math.round(Number(r!.avg)),
        };
      },
    },

    search: {
      summary: 'Global search: workflows by name → { hits }',
      permissions: READ,
      mutation: false,
      params: {
        q: { type: 'string', min: 1, max: 200, trim: true },
        limit: { type: 'number', integer: true, min: 1, max: 20, convert: true, optional: true },
      },
      async handler(ctx: Ctx<{ q: string; limit?: number }>) {
        const q = ctx.params.q.trim();
        const rows = await ctx.db.sql<{ id: string; name: string; enabled: boolean }>(
          `select id, name, enabled from automations.workflow where agency_id = $agency and archived_at is null and ${textMatchSql('name')} order by name limit ?`,
          [likePattern(q), ctx.params.limit ?? 5],
        );
        const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        return {
          hits: rows.map((r) => {
            const n = fold(r.name);
            const f = fold(q);
            const score = n === f ? 1 : n.startsWith(f) ? 0.9 : n.split(/\s+/).some((w) => w.startsWith(f)) ? 0.8 : 0.6;
            return {
              type: 'workflow',
              id: r.id,
              title: r.name,
              subtitle: r.enabled ? 'Enabled' : 'Disabled',
              url: `/automations?workflow=${r.id}`,
              score,
            };
          }),
        };
      },
    },

    tick: {
      visibility: 'public',
      auth: 'public',
      mutation: false,
      summary: 'Broker-only: one pass of the periodic checks (schedules, inactivity, KPI thresholds, retention) now',
      async handler(ctx: Ctx) {
        return tick(ctx.broker);
      },
    },
  },
  async started(this: Service & { aos?: { orm: { config: { get(k: string): unknown }; em: { fork(): any } } } }) {
    const orm = this.aos!.orm;
    await startEngine(this.broker, () => orm.em.fork(), String(orm.config.get('clientUrl')));
  },
  async stopped(this: Service) {
    await stopEngine(this.broker);
  },
});

/** Announce (after commit) that a workflow changed: lists, the builder and the gallery refetch. */
function liveWorkflow(ctx: Ctx, id: string, op: 'created' | 'updated' | 'deleted', version?: number): void {
  announce(ctx, { entity: 'workflow', id, op, ...(version === undefined ? {} : { version }), audience: LIVE_AUDIENCE });
}

/** Announce (after commit) that a run or one of its steps changed: run history, run drawer and approvals refetch. */
function liveRun(ctx: Ctx, id: string, op: 'created' | 'updated' = 'updated'): void {
  announce(ctx, { entity: 'run', id, op, audience: LIVE_AUDIENCE });
}

async function loadRun(ctx: Ctx, id: string, lock = false): Promise<RunRow & { workflow_name: string }> {
  const [run] = await ctx.db.sql<RunRow & { workflow_name: string }>(
    `select r.*, w.name as workflow_name from automations.run r join automations.workflow w on w.id = r.workflow_id where r.id = ? and r.agency_id = $agency${lock ? ' for update of r' : ''}`,
    [id],
  );
  if (!run) throw errors.notFound('Run', id);
  return run;
}

async function decide(ctx: Ctx<{ id: string; index: number }>, approve: boolean, comment: string | null) {
  const run = await loadRun(ctx, ctx.params.id, true);
  const ok = await decideStep(ctx.broker, sqlOf(ctx.em), run, ctx.params.index, approve, ctx.user.id, comment);
  if (!ok)
    throw errors.conflict('This step is not waiting for approval', 'NOT_AWAITING_APPROVAL', { runId: run.id, index: ctx.params.index });
  liveRun(ctx, run.id);
  const steps = await ctx.db.sql<StepRow>(`select * from automations.run_step where run_id = ? order by idx`, [run.id]);
  return { ...runDto(await loadRun(ctx, run.id)), steps: steps.map(stepDto) };
}
