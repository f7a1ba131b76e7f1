/**
 * The example partner plugin over HTTP: it is written only against the SDKs, so these cases
 * are also the plugin contract's proof (routes from `rest`, manifest in the registry,
 * tenant scoping, roles, field errors, durable events, broker calls to optional peers).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { enabledModules, listInstalledModules } from '@audienceos/db';
import { demo, signCaller } from '@audienceos/module-sdk';
import { startTestApp, type TestApp } from '../support/app';

const chase = demo.clientIds('chase-digital');
const northwind = demo.clientIds('northwind-media');
const userOf = (handle: string) => demo.agencies.flatMap((a) => a.users.map((u) => ({ ...u, agencyId: a.id }))).find((u) => u.handle === handle)!;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'example-nps'] });
});
afterAll(() => t.stop());

async function as(handle: string, method: string, path: string, body?: unknown) {
  return t.request(method, `/api/v1/nps${path}`, { token: await t.login(handle), body });
}

/** Every page of a list, following `nextCursor`. */
async function listAll(handle: string, query: string, limit = 7) {
  const items: { id: string; clientId: string; score: number; createdAt: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await as(handle, 'GET', `/responses?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Independent NPS maths for the checks below. */
function expectedNps(scores: number[]) {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const nps = scores.length ? Math.round(((promoters - detractors) / scores.length) * 1000) / 10 : null;
  return { responses: scores.length, promoters, passives: scores.length - promoters - detractors, detractors, nps };
}

describe('recording and listing', () => {
  it('records a response (201, durable event in the outbox) and lists it first', async () => {
    const res = await as('josh', 'POST', '/responses', { clientId: chase[0], score: 9, comment: '  Great quarter  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ clientId: chase[0], score: 9, category: 'promoter', comment: 'Great quarter', recordedBy: userOf('josh').id });
    const list = await as('josh', 'GET', '/responses?limit=5');
    expect(list.body.items[0].id).toBe(res.body.id);
    expect((await as('josh', 'GET', `/responses/${res.body.id}`)).body.score).toBe(9);

    const db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const { rows } = await db.query(`select topic, payload from example_nps.outbox where payload->'data'->>'responseId' = $1`, [res.body.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].topic).toBe('example-nps.response.recorded');
      expect(rows[0].payload).toMatchObject({ agencyId: demo.chase.id, actorId: userOf('josh').id, data: { clientId: chase[0], score: 9, category: 'promoter' } });
    } finally {
      await db.end();
    }
  });

  it('pages with keyset cursors (newest first, no duplicates) and filters by client', async () => {
    const all = await listAll('garrett', '');
    expect(all.length).toBeGreaterThanOrEqual(40); // the seed's Chase answers
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    const times = all.map((r) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.every((r) => chase.includes(r.clientId))).toBe(true);
    const one = await listAll('garrett', `&clientId=${chase[3]}`);
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((r) => r.clientId === chase[3])).toBe(true);
    const detractors = await as('garrett', 'GET', '/responses?category=detractor&limit=100');
    expect(detractors.body.items.every((r: { score: number }) => r.score <= 6)).toBe(true);
  });
});

describe('summary', () => {
  it('computes NPS = %promoters − %detractors with counts and a series', async () => {
    const since = new Date().toISOString();
    const scores = [10, 9, 9, 10, 8, 7, 6, 0];
    for (const score of scores) expect((await as('garrett', 'POST', '/responses', { clientId: chase[2], score })).status).toBe(201);
    const res = await as('garrett', 'GET', `/summary?from=${since}&clientId=${chase[2]}&interval=week`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...expectedNps(scores), nps: 25, interval: 'week' });
    const filled = res.body.series.filter((p: { responses: number }) => p.responses > 0);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ responses: 8, nps: 25 });
  });

  it('matches an independent count of the listed responses, month by month', async () => {
    const from = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 0, 1)).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const rows = await listAll('luke', `&from=${from}&to=${to}`, 100);
    const res = await as('luke', 'GET', `/summary?from=${from}&to=${to}&interval=month`);
    expect(res.body).toMatchObject(expectedNps(rows.map((r) => r.score)));
    for (const point of res.body.series) {
      const inMonth = rows.filter((r) => r.createdAt.slice(0, 7) === point.date.slice(0, 7)).map((r) => r.score);
      expect(point).toMatchObject({ date: expect.stringMatching(/-01$/), ...expectedNps(inMonth) });
    }
  });

  it('refuses a period that ends before it starts (422 on `to`)', async () => {
    const res = await as('josh', 'GET', '/summary?from=2025-02-01&to=2025-01-01');
    expect(res.status).toBe(422);
    expect(res.body.data.map((d: { field: string }) => d.field)).toEqual(['to']);
  });

  it('answers the manifest KPI over the broker ({ value, series }), only for a signed caller', async () => {
    const josh = userOf('josh');
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const kpi = await t.app.broker.call('nps.kpi', { id: 'nps', from, to }, { meta: signCaller({ id: josh.id, agencyId: josh.agencyId, role: josh.role }) });
    const summary = await as('josh', 'GET', `/summary?from=${from}&to=${to}&interval=week`);
    expect(kpi).toMatchObject({ value: summary.body.nps, series: expect.any(Array) });
    await expect(t.app.broker.call('nps.kpi', { id: 'nps', from, to })).rejects.toMatchObject({ code: 401 });
  });
});

describe('validation', () => {
  it('answers 422 with field details and writes nothing', async () => {
    const since = new Date().toISOString();
    const bad = await as('josh', 'POST', '/responses', { clientId: 'nope', score: 11, comment: 'x'.repeat(2001) });
    expect(bad.status).toBe(422);
    expect(bad.body.type).toBe('VALIDATION_ERROR');
    expect(bad.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['clientId', 'comment', 'score']);
    for (const body of [{ clientId: chase[7], score: 7.5 }, { clientId: chase[7], score: '9' }, { clientId: chase[7] }]) {
      const res = await as('josh', 'POST', '/responses', body);
      expect(res.status).toBe(422);
      expect(res.body.data.map((d: { field: string }) => d.field)).toEqual(['score']);
    }
    const extra = await as('josh', 'POST', '/responses', { clientId: chase[7], score: 5, agencyId: demo.northwind.id });
    expect(extra.status).toBe(422);
    expect((await as('josh', 'GET', `/responses?clientId=${chase[7]}&from=${since}`)).body.items).toEqual([]);
  });
});

describe('roles and tenancy', () => {
  it('lets owners and admins delete; managers and members get 403', async () => {
    const created = await as('josh', 'POST', '/responses', { clientId: chase[1], score: 4 });
    for (const handle of ['jeff', 'josh']) {
      const res = await as(handle, 'DELETE', `/responses/${created.body.id}`);
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('FORBIDDEN');
    }
    expect((await as('garrett', 'DELETE', `/responses/${created.body.id}`)).status).toBe(204);
    expect((await as('garrett', 'GET', `/responses/${created.body.id}`)).status).toBe(404);
  });

  it('limits a member to the clients they were granted', async () => {
    const granted = [chase[1], chase[3], chase[5], chase[6]];
    const seen = await listAll('jeff', '', 100);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => granted.includes(r.clientId))).toBe(true);
    const refused = await as('jeff', 'POST', '/responses', { clientId: chase[0], score: 8 });
    expect(refused.status).toBe(422);
    expect(refused.body.data[0].field).toBe('clientId');
    expect((await as('jeff', 'POST', '/responses', { clientId: chase[1], score: 8 })).status).toBe(201);
  });

  it("hides Chase's responses from Northwind (404, never 403)", async () => {
    const chaseRow = (await as('luke', 'GET', '/responses?limit=1')).body.items[0];
    expect((await as('nina', 'GET', `/responses/${chaseRow.id}`)).status).toBe(404);
    expect((await as('nina', 'DELETE', `/responses/${chaseRow.id}`)).status).toBe(404);
    expect((await as('nina', 'GET', `/responses?clientId=${chase[0]}`)).body.items).toEqual([]);
    const own = await listAll('nina', '', 100);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => northwind.includes(r.clientId))).toBe(true);
  });
});

describe('clients through the broker', () => {
  it('refuses (422 on clientId) an id the pipeline does not know for the caller', async () => {
    // A stand-in with the pipeline's reference contract (`pipeline.references.check`, the SDK's
    // requireWritable): other agencies' ids do not exist for the caller.
    const byAgency = new Map(demo.agencies.map((a) => [a.id, demo.clientIds(a.slug)]));
    const stub = t.app.broker.createService({
      name: 'pipeline.references',
      actions: {
        check(ctx: { params: { id: string }; meta: { user?: { agencyId: string } } }) {
          const exists = !!byAgency.get(ctx.meta.user?.agencyId ?? '')?.includes(ctx.params.id);
          return { exists, archived: false, writable: exists };
        },
      },
    });
    await t.app.broker.waitForServices('pipeline.references');
    try {
      const unknown = await as('josh', 'POST', '/responses', { clientId: randomUUID(), score: 9 });
      expect(unknown.status).toBe(422);
      expect(unknown.body.data).toEqual([expect.objectContaining({ field: 'clientId', type: 'reference' })]);
      expect((await as('nina', 'POST', '/responses', { clientId: chase[0], score: 9 })).status).toBe(422);
      expect((await as('nina', 'POST', '/responses', { clientId: northwind[0], score: 9 })).status).toBe(201);
    } finally {
      await t.app.broker.destroyService(stub);
    }
    // Without the pipeline the id is accepted: the plugin works on its own.
    expect((await as('josh', 'POST', '/responses', { clientId: randomUUID(), score: 9 })).status).toBe(201);
  });
});

describe('registry', () => {
  it('is not started by the default run (defaultEnabled: false) unless MODULES names it', () => {
    const saved = process.env.MODULES;
    try {
      delete process.env.MODULES;
      expect(enabledModules(listInstalledModules()).map((m) => m.module)).not.toContain('example-nps');
      process.env.MODULES = 'identity,example-nps';
      expect(enabledModules(listInstalledModules()).map((m) => m.module)).toContain('example-nps');
    } finally {
      if (saved === undefined) delete process.env.MODULES;
      else process.env.MODULES = saved;
    }
  });

  it('appears in GET /modules while it runs, with its ui, permissions and KPI, and disappears when it stops', async () => {
    const token = await t.login('jeff');
    const mine = async () => (await t.request('GET', '/api/v1/modules', { token })).body.modules.find((m: { module: string }) => m.module === 'example-nps');
    expect(await mine()).toMatchObject({
      available: true,
      ui: { remote: 'aos_example_nps', entry: '/remotes/example-nps/remoteEntry.js', exposes: ['./config', './App'], nav: { path: '/nps', group: 'resources' } },
      permissions: ['nps:read', 'nps:write', 'nps:delete'],
      kpis: [expect.objectContaining({ id: 'nps', action: 'nps.kpi' })],
    });
    await t.app.broker.destroyService(t.app.broker.getLocalService('nps')!);
    await new Promise((r) => setTimeout(r, 300)); // the gateway rebuilds its aliases on a short debounce
    expect(await mine()).toBeUndefined();
    expect((await as('jeff', 'GET', '/responses')).status).toBe(404);
  });
});

const pipelineInstalled = listInstalledModules().some((m) => m.module === 'pipeline');

(pipelineInstalled ? describe : describe.skip)('with the real pipeline running', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await startTestApp({ modules: ['identity', 'pipeline', 'example-nps'] });
  });
  afterAll(() => p?.stop());

  it("validates clientId with the pipeline's reference check", async () => {
    const post = async (handle: string, clientId: string) =>
      p.request('POST', '/api/v1/nps/responses', { token: await p.login(handle), body: { clientId, score: 10 } });
    expect((await post('josh', chase[0]!)).status).toBe(201);
    const unknown = await post('josh', randomUUID());
    expect(unknown.status).toBe(422);
    expect(unknown.body.data[0].field).toBe('clientId');
    expect((await post('nina', chase[0]!)).status).toBe(422);
  });

  it('refuses an answer for an archived client (409 CLIENT_ARCHIVED)', async () => {
    const token = await p.login('josh');
    const client = await p.request('POST', '/api/v1/clients', { token, body: { name: 'Leaving soon' } });
    expect((await p.request('DELETE', `/api/v1/clients/${client.body.id}`, { token: await p.login('garrett') })).status).toBe(200);
    const res = await p.request('POST', '/api/v1/nps/responses', { token, body: { clientId: client.body.id, score: 3 } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 409, type: 'CLIENT_ARCHIVED' });
  });
});
