/**
 * The SDK's KPI contract kit run on every provider in the product: pipeline, tickets and the
 * example-nps partner plugin. Each gets a `record` hook that makes one record at an exact
 * instant, so the kit can check the half-open boundary and the agency-zone day of a record.
 */
import pg from 'pg';
import { demo, signCaller, type KpiDeclaration } from '@audienceos/module-sdk';
import { checkKpiContract } from '@audienceos/module-sdk/testing';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
const chase = demo.clientIds('chase-digital');
const josh = demo.user('chase-digital', 'josh');
const meta = signCaller({ id: josh.id, agencyId: demo.chase.id, role: josh.role });

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings', 'example-nps'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function declarations(module: string): Promise<KpiDeclaration[]> {
  const res = await t.request('GET', '/api/v1/modules', { token: await t.login('luke') });
  return res.body.modules.find((m: { module: string }) => m.module === module).kpis;
}

const call = (action: string, params: Record<string, unknown>) => t.app.broker.call(action, params, { meta });
const api = async (method: string, path: string, body?: unknown) => t.request(method, path, { token: await t.login('josh'), body });

it('pipeline keeps the KPI contract (boundary and zone checked on new clients)', async () => {
  let n = 0;
  const problems = await checkKpiContract({
    declarations: await declarations('pipeline'),
    call,
    record: {
      kpi: 'new-clients',
      async at(instant) {
        const res = await api('POST', '/api/v1/clients', { name: `Contract client ${++n}`, company: 'Contract LLC', contactEmail: `c${n}@example.com` });
        expect(res.status).toBe(201);
        await db.query('update pipeline.client set created_at = $2 where id = $1', [res.body.id, instant]);
      },
    },
  });
  expect(problems).toEqual([]);
});

it('tickets keep the KPI contract (boundary and zone checked on support hours: 60 minutes at 22:30 New York on the 27th count on the 27th)', async () => {
  const ticket = await api('POST', '/api/v1/tickets', { title: 'Contract ticket', clientId: chase[0] });
  expect(ticket.status).toBe(201);
  const problems = await checkKpiContract({
    declarations: await declarations('tickets'),
    call,
    record: {
      kpi: 'support-hours',
      async at(instant) {
        const res = await api('POST', `/api/v1/tickets/${ticket.body.id}/time`, { minutes: 60, spentAt: instant.toISOString() });
        expect(res.status).toBe(201);
      },
    },
  });
  expect(problems).toEqual([]);
});

it('the example-nps partner plugin keeps the KPI contract (an average: null without answers)', async () => {
  const kpis = await declarations('example-nps');
  expect(kpis).toEqual([expect.objectContaining({ id: 'nps', aggregate: 'average' })]);
  const problems = await checkKpiContract({
    declarations: kpis,
    call,
    record: {
      kpi: 'nps',
      async at(instant) {
        const res = await api('POST', '/api/v1/nps/responses', { clientId: chase[0], score: 10 });
        expect(res.status).toBe(201);
        await db.query('update example_nps.response set created_at = $2 where id = $1', [res.body.id, instant]);
      },
    },
  });
  expect(problems).toEqual([]);
});

it('the kit catches a provider that breaks the contract (8 points, the last dated tomorrow; 0 for an empty average)', async () => {
  const DAY = 86_400_000;
  // Yesterday's pipeline bug, on purpose: buckets from `from` up to and including `to`.
  const broken = async (_action: string, params: Record<string, unknown>) => {
    const from = new Date(String(params.from)).getTime();
    const to = new Date(String(params.to)).getTime();
    const series = [];
    for (let d = from; d <= to; d += DAY) series.push({ date: new Date(d).toISOString().slice(0, 10), value: 0 });
    return { value: 0, series };
  };
  const problems = await checkKpiContract({ declarations: [{ id: 'x', label: 'X', action: 'x.kpi', aggregate: 'average' }], call: broken });
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('a 7-day period has 8 points'),
      expect.stringContaining('not today'),
      expect.stringContaining('with no data the value is 0, not null'),
    ]),
  );
});

it("the NPS plugin's own chart buckets by the agency's months (31 May 13:00 UTC is June in Auckland)", async () => {
  const luke = await t.login('luke');
  expect((await t.request('PATCH', '/api/v1/settings/profile', { token: luke, body: { timezone: 'Pacific/Auckland' } })).status).toBe(200);
  try {
    const res = await api('POST', '/api/v1/nps/responses', { clientId: chase[1], score: 9 });
    expect(res.status).toBe(201);
    await db.query('update example_nps.response set created_at = $2 where id = $1', [res.body.id, '2004-05-31T13:00:00Z']);
    const summary = await api('GET', `/api/v1/nps/summary?from=2004-04-30T12:00:00Z&to=2004-06-30T12:00:00Z&interval=month&clientId=${chase[1]}`);
    expect(summary.status).toBe(200);
    const filled = summary.body.series.filter((p: { responses: number }) => p.responses > 0).map((p: { date: string }) => p.date);
    expect(filled).toEqual(['2004-06-01']);
  } finally {
    await t.request('PATCH', '/api/v1/settings/profile', { token: luke, body: { timezone: 'America/New_York' } });
  }
});
