/**
 * Automations (issue 12) over HTTP against the real broker, PostgreSQL and pg-boss: catalogue
 * (a plugin's trigger and action come and go), validation (strict templates, cron), every
 * trigger kind with fixed clocks, conditions, retries + idempotency, approvals, loop protection,
 * dry runs, several engines sharing one schedule tick, roles and tenancy.
 */
import { randomUUID } from 'node:crypto';
import { demo } from '@audienceos/db';
import { createBroker, systemCaller } from '@audienceos/module-sdk';
import { eventually, setClock } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';
import { startTestApp, type TestApp } from '../support/app';

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

const api = (method: string, path: string, body?: unknown, token = owner) => t.request(method, `/api/v1/automations${path}`, { token, body });

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
    expect(res.body.triggers.map((x: any) => x.topic)).toEqual(expect.arrayContaining(['pipeline.client.stageChanged', 'tickets.ticket.created', 'automations.run.failed']));
    expect(res.body.actions.map((x: any) => x.key)).toEqual(expect.arrayContaining(['pipeline:pipeline.addTask', 'tickets:create-ticket']));
    expect(res.body.kpis.map((x: any) => x.key)).toEqual(expect.arrayContaining(['automations:runs']));
    expect(res.body.variables['pipeline.client.stageChanged']).toEqual(expect.arrayContaining(['trigger.to', 'client.name', 'workflow.name']));
  });

  it('refuses unknown variables, actions, triggers and bad cron with the field path (422), never a 500', async () => {
    const bad = await api('POST', '/workflows', {
      name: 'Bad',
      trigger: { type: 'event', topic: 'pipeline.client.stageChanged' },
      steps: [{ action: 'pipeline:pipeline.addTask', params: { id: '{{client.id}}', title: 'Hi {{client.nme}}' } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.data).toEqual([expect.objectContaining({ field: 'steps[0].params.title', type: 'template', message: expect.stringContaining('client.nme') })]);
    const cases = [
      { name: 'x', trigger: { type: 'event', topic: 'nope.topic' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }] },
      { name: 'x', trigger: { type: 'schedule', cron: '61 * * * *' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }] },
      { name: 'x', trigger: { type: 'manual' }, steps: [{ action: 'nope:thing', params: {} }] },
      { name: 'x', trigger: { type: 'manual' }, steps: [] },
      { name: 'x', trigger: { type: 'manual' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: '{{ client.name | nofilter }}' } }] },
      { name: 'x', trigger: { type: 'manual' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}' } }] },
      { name: 'x', trigger: { type: 'weird' }, steps: [] },
      { name: 'x', trigger: 'manual', steps: 'no' },
    ];
    const fields = [];
    for (const body of cases) {
      const res = await api('POST', '/workflows', body);
      expect(res.status).toBe(422);
      fields.push(res.body.data?.[0]?.field);
    }
    expect(fields.slice(0, 3)).toEqual(['trigger.topic', 'trigger.cron', 'steps[0].action']);
    for (const [m, p] of [['GET', '/workflows/not-a-uuid'], ['GET', '/runs?cursor=zzz'], ['GET', '/runs?from=banana'], ['GET', '/stats?days=9'], ['POST', '/runs/abc/retry']] as const) {
      const res = await api(m, p, m === 'POST' ? { from: 'start' } : undefined);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await sql(`select count(*)::int as n from automations.workflow`))[0].n).toBe(0);
  });

  it('refuses members (403), lets managers read, and hides other agencies (404)', async () => {
    const w = await create({ name: 'Roles', trigger: { type: 'manual' }, steps: [{ action: 'pipeline:pipeline.addNote', params: { id: '{{client.id}}', body: 'x' } }] });
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
