/**
 * Automations (issue 12) over HTTP against the real broker, PostgreSQL and pg-boss: catalogue
 * (a plugin's trigger and action come and go), validation (strict templates, cron), every
 * trigger kind with fixed clocks, conditions, retries + idempotency, approvals, loop protection,
 * dry runs, several engines sharing one schedule tick, roles and tenancy.
 */
import { randomUUID } from 'node:crypto';
import { demo } from '@audienceos/db';
import { systemCaller } from '@audienceos/module-sdk';
import { eventually, setClock } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';
import { request, startTestApp, type TestApp } from '../support/app';

const MODULES = ['identity', 'settings', 'pipeline', 'tickets', 'automations'];
let t: TestApp;
let owner: string;
const chase = () => demo.agency(demo.chase.slug);
const chaseClient = (i = 0) => demo.clientIds(demo.chase.slug)[i]!;

async function sql<R = any>(query: string, params: unknown[] = []): Promise<R[]> {
  const pg = await import('pg');
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as R[];
  } finally {
    await client.end();
  }
}

const api = (method: string, path: string, body?: unknown, token = owner) =>
  t.request(method, `/api/v1/automations${path}`, { token, body });

async function create(body: Record<string, unknown>) {
  const res = await api('POST', '/workflows', body);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function runsOf(workflowId: string) {
  return (await api('GET', `/runs?workflowId=${workflowId}&limit=100`)).body.items as any[];
}

/** Run every due pg-boss job now (delays, backoffs) instead of waiting for them. */
async function releaseJobs() {
  await sql(`update automations_jobs.job set start_after = now() where name = 'automations-step' and state in ('created', 'retry')`);
}

beforeAll(async () => {
  process.env.AUTOMATIONS_RETRY_BASE_SECONDS = '0.2';
  process.env.AUTOMATIONS_TICK = 'off';
  t = await startTestApp({ modules: MODULES });
  owner = await t.login('luke');
}, 60_000);

afterAll(async () => {
  setClock(null);
  await t?.stop();
});

describe('catalogue and validation', () => {
  it('offers the triggers, actions and KPIs of running modules with their variables', async () => {
    const res = await api('GET', '/catalogue');
    expect(res.status).toBe(200);
    expect(res.body.triggers.map((x: any) => x.topic)).toEqual(
      expect.arrayContaining(['pipeline.client.stageChanged', 'tickets.ticket.created', 'automations.run.failed']),
    );
    expect(res.body.actions.map((x: any) => x.key)).toEqual(expect.arrayContaining(['pipeline:pipeline.addTask', 'tickets:create-ticket']));
    expect(res.body.kpis.map((x: any) => x.key)).toEqual(expect.arrayContaining(['automations:runs']));
    expect(res.body.variables['pipeline.client.stageChanged']).toEqual(
      expect.arrayContaining(['trigger.to', 'client.name', 'workflow.name']),
    );
  });

  it('seeds the five templates for Chase (three enabled) with a run history, and offers them as templates', async () => {
    const templates = (await api('GET', '/templates')).body.items;
    expect(templates).toHaveLength(5);
    const list = (await api('GET', '/workflows?limit=100')).body.items;
    expect(list.map((w: any) => w.templateId).sort()).toEqual(templates.map((x: any) => x.id).sort());
    expect(list.filter((w: any) => w.enabled)).toHaveLength(3);
    const triage = list.find((w: any) => w.templateId === 'urgent-ticket-triage');
    expect(triage.lastRun).toMatchObject({ status: 'succeeded' });
    expect((await api('GET', '/approvals')).body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses unknown variables, actions, triggers and bad cron with the field path (422), never a 500', async () => {
    const bad = await api('POST', '/workflows', {
      name: 'Bad',
      trigger: { type: 'event', topic: 'pipeline.client.stageChanged' },
      steps: [{ action: 'pipeline:pipeline.addTask', params: { id: '{{client.id}}', title: 'Hi {{client.nme}}' } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.data).toEqual([
      expect.objectContaining({ field: 'steps[0].params.title', type: 'template', message: expect.stringContaining('client.nme') }),
    ]);
    const cases = [
      {
        name: 'x',
        trigger: { type: 'event', topic: 'nope.topic' },
        steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }],
      },
      {
        name: 'x',
        trigger: { type: 'schedule', cron: '61 * * * *' },
        steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }],
      },
      { name: 'x', trigger: { type: 'manual' }, steps: [{ action: 'nope:thing', params: {} }] },
      { name: 'x', trigger: { type: 'manual' }, steps: [] },
      {
        name: 'x',
        trigger: { type: 'manual' },
        steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: '{{ client.name | nofilter }}' } }],
      },
      { name: 'x', trigger: { type: 'manual' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}' } }] },
      { name: 'x', trigger: { type: 'weird' }, steps: [] },
      { name: 'x', trigger: 'manual', steps: 'no' },
      {
        name: 'x',
        trigger: { type: 'manual' },
        steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: "{% include '/etc/passwd' %}" } }],
      },
      {
        name: 'x',
        trigger: { type: 'manual' },
        steps: [
          { action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: '{% for i in (1..100000000) %}x{% endfor %}' } },
        ],
      },
    ];
    const fields = [];
    for (const body of cases) {
      const res = await api('POST', '/workflows', body);
      expect(res.status).toBe(422);
      fields.push(res.body.data?.[0]?.field);
    }
    expect(fields.slice(0, 3)).toEqual(['trigger.topic', 'trigger.cron', 'steps[0].action']);
    for (const [m, p] of [
      ['GET', '/workflows/not-a-uuid'],
      ['GET', '/runs?cursor=zzz'],
      ['GET', '/runs?from=banana'],
      ['GET', '/stats?days=9'],
      ['POST', '/runs/abc/retry'],
    ] as const) {
      const res = await api(m, p, m === 'POST' ? { from: 'start' } : undefined);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await sql(`select count(*)::int as n from automations.workflow where name in ('x', 'Bad')`))[0].n).toBe(0);
  });

  it('refuses members (403), lets managers read, and hides other agencies (404)', async () => {
    const w = await create({
      name: 'Roles',
      trigger: { type: 'manual' },
      steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }],
    });
    const jeff = await t.login('jeff');
    const josh = await t.login('josh');
    expect((await api('GET', '/workflows', undefined, jeff)).status).toBe(403);
    expect((await api('GET', '/catalogue', undefined, jeff)).status).toBe(403);
    expect((await api('GET', '/workflows', undefined, josh)).status).toBe(200);
    expect((await api('POST', `/workflows/${w.id}/enable`, undefined, josh)).status).toBe(403);
    const other = demo.agency(demo.northwind.slug).users.find((u) => u.role === 'owner')!;
    const nina = await t.login(other.handle);
    expect((await api('GET', `/workflows/${w.id}`, undefined, nina)).status).toBe(404);
    expect((await api('POST', `/workflows/${w.id}/run`, {}, nina)).status).toBe(404);
  });
});

const note = (body: string, clientIndex = 0) => ({ action: 'pipeline:pipeline.addNote', params: { id: chaseClient(clientIndex), body } });
const moveTo = (clientIndex: number, stage: string) =>
  t.request('PATCH', `/api/v1/clients/${chaseClient(clientIndex)}/stage`, { token: owner, body: { stage } });
const finished = (r: any) => !['running', 'waiting', 'awaiting_approval'].includes(r.status);

describe('event triggers, conditions, templates', () => {
  it('runs on a matching event with filters and client conditions; the step gets rendered params and records the version', async () => {
    const name = (await t.request('GET', `/api/v1/clients/${chaseClient(0)}`, { token: owner })).body.name as string;
    const w = await create({
      name: 'Audit notes',
      enabled: true,
      trigger: { type: 'event', topic: 'pipeline.client.stageChanged', filters: [{ field: 'trigger.to', op: 'equals', value: 'audit' }] },
      conditions: {
        mode: 'all',
        items: [
          { field: 'client.name', op: 'equals', value: name },
          { field: 'time.hour', op: 'isSet' },
        ],
      },
      steps: [
        {
          action: 'pipeline:pipeline.addNote',
          params: { id: '{{client.id}}', body: '{{client.name}} moved from {{trigger.from}} ({{workflow.name}})' },
        },
      ],
    });
    expect(w.triggerText).toBe('When client moved to another stage (to = audit)');
    await moveTo(1, 'audit'); // condition on the client's name fails: no run
    await moveTo(0, 'audit');
    const [run] = await eventually(async () => {
      const runs = await runsOf(w.id);
      if (runs.length !== 1 || !finished(runs[0])) throw new Error('no finished run yet');
      return runs;
    });
    expect(run).toMatchObject({
      status: 'succeeded',
      workflowVersion: 1,
      clientId: chaseClient(0),
      trigger: { type: 'event', topic: 'pipeline.client.stageChanged' },
    });
    const detail = (await api('GET', `/runs/${run.id}`)).body;
    expect(detail.steps[0]).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      input: { id: chaseClient(0), body: expect.stringMatching(new RegExp(`^${name} moved from .+ \\(Audit notes\\)$`)) },
    });
    const samples = (await api('GET', `/workflows/${w.id}/samples`)).body.items;
    expect(samples.length).toBeGreaterThanOrEqual(2);
    // A new save is a new version; later runs record it.
    const saved = await api('PATCH', `/workflows/${w.id}`, { description: 'v2' });
    expect(saved.body.version).toBe(2);
    expect((await api('PATCH', `/workflows/${w.id}`, { description: 'stale' }, owner)).status).toBe(200);
    const stale = await t.request('PATCH', `/api/v1/automations/workflows/${w.id}`, {
      token: owner,
      body: { description: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    await api('POST', `/workflows/${w.id}/disable`);
    const stats = (await api('GET', `/stats?days=7&workflowId=${w.id}`)).body;
    expect(stats).toMatchObject({ runs: 1, succeeded: 1, failed: 0, successRate: 1 });
  });

  it('dry run shows conditions and rendered steps and writes nothing', async () => {
    const w = await create({
      name: 'Dry',
      trigger: {
        type: 'event',
        topic: 'pipeline.client.stageChanged',
        filters: [{ field: 'trigger.to', op: 'in', value: ['live', 'audit'] }],
      },
      steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'To {{trigger.to}}' }, delayMinutes: 60 }],
    });
    const count = async () =>
      (
        await sql(`select (select count(*) from automations.run) + (select count(*) from automations.run_step) + (select count(*) from automations.processed_event)
                      + (select count(*) from automations.workflow_version) + (select count(*) from automations.outbox) + (select count(*) from pipeline.note) as n`)
      )[0].n;
    const before = await count();
    const res = await api('POST', `/workflows/${w.id}/test`, { sample: { to: 'live', clientId: chaseClient(2) } });
    expect(res.status).toBe(200);
    expect(res.body.passed).toBe(true);
    expect(res.body.conditions[0]).toMatchObject({ field: 'trigger.to', op: 'in', actual: 'live', passed: true });
    expect(res.body.steps[0]).toMatchObject({
      params: { id: chaseClient(2), body: 'To live' },
      delayMinutes: 60,
      wouldDo: expect.stringContaining('after 60 min'),
    });
    const miss = await api('POST', `/workflows/${w.id}/test`, { sample: { to: 'onboarding' } });
    expect(miss.body.passed).toBe(false);
    expect(await count()).toBe(before);
  });
});

describe('engine guarantees', () => {
  let flakyCalls = 0;
  beforeAll(async () => {
    // A module declaring an action that fails twice (retryable 503) after creating its ticket, then succeeds.
    t.app.broker.createService({
      name: 'flaky',
      metadata: {
        audienceos: {
          module: 'flaky',
          version: '0.0.1',
          permissions: [],
          actions: [{ id: 'ticket', label: 'Flaky ticket', action: 'flaky.ticket', params: { clientId: 'uuid', title: 'string' } }],
        },
      },
      actions: {
        async ticket(ctx: any) {
          flakyCalls++;
          const created = await ctx.call('tickets.create', { clientId: ctx.params.clientId, title: ctx.params.title }, { meta: ctx.meta });
          if (flakyCalls <= 2) throw Object.assign(new Error('upstream hiccup'), { code: 503, retryable: true, name: 'FlakyError' });
          return { ticketId: created.id };
        },
      },
    });
    await eventually(async () => {
      const res = await api('GET', '/catalogue');
      if (!res.body.actions.some((a: any) => a.key === 'flaky:ticket')) throw new Error('not yet');
    });
  });

  it('retries a retryable failure with backoff and the idempotency key makes one ticket', async () => {
    const title = `Flaky ${randomUUID()}`;
    const w = await create({
      name: 'Flaky',
      trigger: { type: 'manual' },
      steps: [{ action: 'flaky:ticket', params: { clientId: '{{client.id}}', title } }],
    });
    const { runId } = (await api('POST', `/workflows/${w.id}/run`, { clientId: chaseClient(0) })).body;
    const run = await eventually(async () => {
      await releaseJobs();
      const r = (await api('GET', `/runs/${runId}`)).body;
      if (!finished(r)) throw new Error(r.status);
      return r;
    }, 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0].attempts).toBe(3);
    expect(flakyCalls).toBe(3);
    expect((await sql(`select count(*)::int as n from tickets.ticket where title = $1`, [title]))[0].n).toBe(1);
  });

  it('pipeline task creation honours the idempotency key (one task per key)', async () => {
    const meta = { ...systemCaller(chase().id), idempotencyKey: `${randomUUID()}:0` };
    const title = `Once ${randomUUID()}`;
    const a: any = await t.app.broker.call('clientTasks.create', { id: chaseClient(2), title }, { meta });
    const b: any = await t.app.broker.call('clientTasks.create', { id: chaseClient(2), title }, { meta: { ...meta } });
    expect(b.id).toBe(a.id);
    expect((await sql(`select count(*)::int as n from pipeline.task where title = $1`, [title]))[0].n).toBe(1);
  });

  it('fails after the retry limit, emits automations.run.failed, and retries the failed step on request', async () => {
    process.env.AUTOMATIONS_MAX_ATTEMPTS = '2';
    flakyCalls = 0; // fails twice: with 2 attempts the run fails
    const w = await create({
      name: 'Flaky limit',
      trigger: { type: 'manual' },
      steps: [{ action: 'flaky:ticket', params: { clientId: chaseClient(1), title: 'Limit' } }],
    });
    const { runId } = (await api('POST', `/workflows/${w.id}/run`, {})).body;
    const failed = await eventually(async () => {
      await releaseJobs();
      const r = (await api('GET', `/runs/${runId}`)).body;
      if (!finished(r)) throw new Error(r.status);
      return r;
    }, 30_000);
    process.env.AUTOMATIONS_MAX_ATTEMPTS = '5';
    expect(failed).toMatchObject({ status: 'failed', reason: expect.stringContaining('upstream hiccup') });
    expect(failed.steps[0]).toMatchObject({ status: 'failed', attempts: 2, error: { message: 'upstream hiccup', code: 503 } });
    expect(
      (
        await sql(
          `select count(*)::int as n from automations.outbox where topic = 'automations.run.failed' and payload->'data'->>'runId' = $1`,
          [runId],
        )
      )[0].n,
    ).toBe(1);
    expect((await api('POST', `/runs/${runId}/keep`, { kept: true })).body.kept).toBe(true);
    expect((await api('POST', `/runs/${runId}/retry`, { from: 'failedStep' })).status).toBe(202);
    const retried = await eventually(async () => {
      await releaseJobs();
      const r = (await api('GET', `/runs/${runId}`)).body;
      if (!finished(r)) throw new Error(r.status);
      return r;
    }, 30_000);
    expect(retried.status).toBe('succeeded');
    expect((await sql(`select count(*)::int as n from tickets.ticket where title = 'Limit'`))[0].n).toBe(1);
  });

  it('waits for approval; approve runs the step, reject cancels the run', async () => {
    const w = await create({
      name: 'Approve',
      trigger: { type: 'manual' },
      steps: [{ ...note('Approved note {{run.id}}'), requireApproval: true }],
    });
    const josh = await t.login('josh');
    const a = (await api('POST', `/workflows/${w.id}/run`, {})).body.runId;
    const b = (await api('POST', `/workflows/${w.id}/run`, {})).body.runId;
    await eventually(async () => {
      const items = (await api('GET', '/approvals', undefined, josh)).body.items.filter((i: any) => i.workflowId === w.id);
      if (items.length !== 2) throw new Error('not yet');
    });
    expect((await api('POST', `/runs/${a}/steps/0/approve`, {}, josh)).status).toBe(403);
    expect((await api('POST', `/runs/${a}/steps/0/approve`, {})).status).toBe(200);
    expect((await api('POST', `/runs/${b}/steps/0/reject`, { comment: 'not now' })).body).toMatchObject({
      status: 'cancelled',
      reason: expect.stringContaining('not now'),
    });
    expect((await api('POST', `/runs/${b}/steps/0/approve`, {})).status).toBe(409);
    const done = await eventually(async () => {
      const r = (await api('GET', `/runs/${a}`)).body;
      if (!finished(r)) throw new Error(r.status);
      return r;
    });
    expect(done.status).toBe('succeeded');
    expect(done.steps[0].output).toMatchObject({ body: `Approved note ${a}` });
  });

  it('stops a loop of automations beyond depth 5', async () => {
    const w = await create({
      name: 'Loop',
      enabled: true,
      trigger: { type: 'event', topic: 'tickets.ticket.created', filters: [{ field: 'trigger.title', op: 'startsWith', value: 'Loop ' }] },
      steps: [{ action: 'tickets:create-ticket', params: { clientId: '{{trigger.clientId}}', title: 'Loop {{trigger.number}}' } }],
    });
    await t.request('POST', '/api/v1/tickets', { token: owner, body: { clientId: chaseClient(3), title: 'Loop start' } });
    const runs = await eventually(async () => {
      const list = await runsOf(w.id);
      if (!list.some((r) => r.status === 'loop_stopped') || !list.every(finished)) throw new Error(`runs: ${list.map((r) => r.status)}`);
      return list;
    }, 30_000);
    await api('POST', `/workflows/${w.id}/disable`);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(5);
    expect(runs.filter((r) => r.status === 'loop_stopped')).toHaveLength(1);
    expect(runs.find((r) => r.status === 'loop_stopped').depth).toBe(6);
  });

  it('caps runs per workflow per minute (skipped with the reason)', async () => {
    const w = await create({
      name: 'Capped',
      enabled: true,
      rateLimitPerMinute: 1,
      trigger: {
        type: 'event',
        topic: 'pipeline.client.stageChanged',
        filters: [{ field: 'trigger.to', op: 'equals', value: 'installation' }],
      },
      steps: [note('cap')],
    });
    await moveTo(4, 'installation');
    await moveTo(5, 'installation');
    const runs = await eventually(async () => {
      const list = await runsOf(w.id);
      if (list.length < 2) throw new Error('not yet');
      return list;
    });
    await api('POST', `/workflows/${w.id}/disable`);
    expect(runs.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['skipped']));
    expect(runs.find((r) => r.status === 'skipped').reason).toContain('rate cap');
  });
});

describe('schedules, inactivity and KPI thresholds (fixed clocks)', () => {
  const tickNow = () => t.app.broker.call('automations.tick') as Promise<any>;
  afterEach(() => setClock(null));

  it("runs a schedule at 09:00 in the agency's zone across the DST change, each tick once, also with three engines", async () => {
    // Chase is in America/New_York; DST starts on Sunday 8 March 2026.
    setClock(new Date('2026-03-07T12:00:00Z'));
    const w = await create({
      name: 'Daily',
      enabled: true,
      trigger: { type: 'schedule', cron: '0 9 * * *', preset: 'daily' },
      steps: [note('Daily {{trigger.scheduledAt}}', 6)],
    });
    expect(w.triggerText).toBe('Every day at 09:00');
    setClock(new Date('2026-03-09T14:00:00Z'));
    await tickNow();
    await tickNow();
    const runs = await runsOf(w.id);
    const ticks = (
      await sql(`select context->'trigger'->>'scheduledAt' as at from automations.run where workflow_id = $1 order by 1`, [w.id])
    ).map((r) => r.at);
    expect(runs).toHaveLength(3);
    expect(ticks).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    // Two more automation engines (other processes in production) run the next tick together: one run.
    const others = await Promise.all(
      [1, 2].map(() =>
        startApp({ modules: ['settings', 'automations'], transporter: null, gateway: false, logLevel: 'error', log: () => undefined }),
      ),
    );
    try {
      setClock(new Date('2026-03-10T13:30:00Z'));
      await Promise.all([tickNow(), ...others.map((o) => o.broker.call('automations.tick'))]);
      expect(await runsOf(w.id)).toHaveLength(4);
    } finally {
      await Promise.all(others.map((o) => o.broker.stop()));
    }
    await api('POST', `/workflows/${w.id}/disable`);
  });

  it('fires inactivity once per quiet spell', async () => {
    const w = await create({
      name: 'Quiet',
      enabled: true,
      trigger: { type: 'inactivity', days: 7 },
      steps: [
        { action: 'pipeline:pipeline.addNote', params: { id: '{{trigger.clientId}}', body: 'Quiet since {{trigger.lastActivityAt}}' } },
      ],
    });
    await moveTo(7, 'live');
    await eventually(async () => {
      const [row] = await sql(`select 1 from automations.inactivity_state where client_id = $1`, [chaseClient(7)]);
      if (!row) throw new Error('no activity seen yet');
    });
    const mine = async () => (await runsOf(w.id)).filter((r) => r.clientId === chaseClient(7));
    setClock(new Date(Date.now() + 6 * 86_400_000));
    await tickNow();
    expect(await mine()).toHaveLength(0);
    setClock(new Date(Date.now() + 8 * 86_400_000));
    await tickNow();
    await tickNow();
    expect(await mine()).toHaveLength(1);
    setClock(null);
    await moveTo(7, 'audit'); // activity ends the quiet spell; the next one fires again
    await eventually(async () => {
      const [row] = await sql(`select last_activity_at from automations.inactivity_state where client_id = $1`, [chaseClient(7)]);
      if (Date.now() - new Date(row.last_activity_at).getTime() > 60_000) throw new Error('not yet');
    });
    setClock(new Date(Date.now() + 9 * 86_400_000));
    await tickNow();
    expect(await mine()).toHaveLength(2);
    await api('POST', `/workflows/${w.id}/disable`);
  });

  it('fires a KPI threshold on the crossing only', async () => {
    const to = new Date();
    const runsNow = async () =>
      (
        (await t.app.broker.call(
          'automations.kpi',
          { id: 'runs', from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() },
          { meta: { ...systemCaller(chase().id) } },
        )) as any
      ).value as number;
    const base = await runsNow();
    const w = await create({
      name: 'Busy',
      enabled: true,
      trigger: { type: 'kpi', kpi: 'automations:runs', direction: 'above', value: base + 1 },
      steps: [note('Busy: {{trigger.value}}')],
    });
    await tickNow(); // first look: below, no run
    expect(await runsOf(w.id)).toHaveLength(0);
    const manual = await create({ name: 'Bump', trigger: { type: 'manual' }, steps: [note('bump')] });
    await api('POST', `/workflows/${manual.id}/run`, {});
    await api('POST', `/workflows/${manual.id}/run`, {});
    await tickNow();
    await tickNow();
    const runs = await runsOf(w.id);
    expect(runs).toHaveLength(1);
    expect((await sql(`select context->'trigger' as t from automations.run where id = $1`, [runs[0].id]))[0].t).toMatchObject({
      kpi: 'automations:runs',
      direction: 'above',
      threshold: base + 1,
    });
    await api('POST', `/workflows/${w.id}/disable`);
  });
});

describe('plugins and restarts', () => {
  it("offers a plugin's trigger while it runs and drops it when it stops", async () => {
    const { listInstalledModules, loadModule } = await import('@audienceos/db');
    const nps = loadModule<any>(listInstalledModules().find((m) => m.module === 'example-nps')!);
    const services = nps.services.map((s: any) => t.app.broker.createService(s));
    const topics = async () => (await api('GET', '/catalogue')).body.triggers.map((x: any) => x.topic);
    await eventually(async () => {
      if (!(await topics()).includes('example-nps.response.recorded')) throw new Error('not yet');
    });
    const catalogue = (await api('GET', '/catalogue')).body;
    expect(catalogue.kpis.map((k: any) => k.key)).toContain('example-nps:nps');
    expect(catalogue.actions.map((a: any) => a.key)).toContain('example-nps:record-response');
    for (const s of services) await t.app.broker.destroyService(s);
    await eventually(async () => {
      if ((await topics()).includes('example-nps.response.recorded')) throw new Error('still there');
    });
    expect((await api('GET', '/catalogue')).body.actions.map((a: any) => a.key)).not.toContain('example-nps:record-response');
  });

  it('a delayed step survives a restart of the broker', async () => {
    const w = await create({ name: 'Later', trigger: { type: 'manual' }, steps: [{ ...note('After the restart'), delayMinutes: 30 }] });
    const { runId } = (await api('POST', `/workflows/${w.id}/run`, {})).body;
    const waiting = (await api('GET', `/runs/${runId}`)).body;
    expect(waiting.status).toBe('waiting');
    expect(new Date(waiting.steps[0].waitUntil).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await t.app.broker.stop();
    const again = await startApp({
      gateway: true,
      modules: MODULES,
      transporter: null,
      gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null },
      logLevel: 'error',
      log: () => undefined,
    });
    t.app = again;
    t.base = again.url!.replace('localhost', '127.0.0.1');
    const base = t.base;
    t.request = (method, path, opts) => request(base, method, path, opts);
    await releaseJobs(); // 30 minutes pass
    const done = await eventually(async () => {
      const r = (await api('GET', `/runs/${runId}`)).body;
      if (!finished(r)) throw new Error(r.status);
      return r;
    }, 30_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps[0].output).toMatchObject({ body: 'After the restart' });
  });
});
