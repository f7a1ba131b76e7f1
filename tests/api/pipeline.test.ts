/**
 * Pipeline API contract: clients CRUD with validation, stage moves and their history (also
 * under concurrency), health from days in stage, member scoping, tenant isolation,
 * archiving, tasks, notes and KPIs — over real HTTP against a private copy of the seeded DB.
 */
import pg from 'pg';
import { demo } from '@audienceos/db';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
const DAY = 86_400_000;
const chase = demo.clientIds('chase-digital');
const [bloom, summit, ledgerly, harbor, copperline, pulse, trailhead, northstar] = chase as [string, string, string, string, string, string, string, string];
const user = (handle: string) => demo.user('chase-digital', handle).id;
/** When the suite started: KPI windows end here so that the clients the tests add do not count. */
const suiteStart = new Date();

interface Client {
  id: string;
  name: string;
  stage: string;
  daysInStage: number;
  health: 'green' | 'yellow' | 'red';
  healthSource: 'auto' | 'manual';
  healthReason: string | null;
  stageEnteredAt: string;
  status: 'active' | 'archived';
  ownerId: string | null;
  tags: string[];
  totalSpend: number;
}
interface HistoryEvent {
  from: string | null;
  to: string;
  movedBy: string | null;
  note: string | null;
  at: string;
}

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function as(handle: string) {
  const token = await t.login(handle);
  return <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => t.request<T>(method, `/api/v1${path}`, { token, body, headers });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query(sql, params)).rows[0].n);
}

async function listAll(api: Awaited<ReturnType<typeof as>>, query = ''): Promise<Client[]> {
  const items: Client[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const res: { status: number; body: { items: Client[]; nextCursor: string | null } } = await api('GET', `/clients?${query}${sep}limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('the seeded board', () => {
  it('lists the eight Chase clients over all six stages, paginated by keyset without repeats', async () => {
    const josh = await as('josh');
    const all = await listAll(josh);
    expect(all.map((c) => c.id).sort()).toEqual([...chase].sort());
    expect(new Set(all.map((c) => c.stage))).toEqual(new Set(['onboarding', 'installation', 'audit', 'live', 'needs-support', 'off-boarding']));
    expect(all.map((c) => c.name)).toEqual([...all.map((c) => c.name)].sort((a, b) => a.localeCompare(b)));
    const stages = await josh('GET', '/clients/stages');
    expect(stages.body.items.map((s: { name: string }) => s.name)).toEqual(['Onboarding', 'Installation', 'Audit', 'Live', 'Needs Support', 'Off-Boarding']);
  });

  it('computes days in stage and health from the latest stage event (7 days yellow, 14 red, manual override wins)', async () => {
    const josh = await as('josh');
    const byId = new Map((await listAll(josh)).map((c) => [c.id, c]));
    for (const [id, client] of byId) {
      const history = await josh<{ items: HistoryEvent[] }>('GET', `/clients/${id}/history`);
      const latest = history.body.items[0]!;
      expect(latest.to).toBe(client.stage);
      expect(client.stageEnteredAt).toBe(latest.at);
      expect(client.daysInStage).toBe(Math.floor((Date.now() - Date.parse(latest.at)) / DAY));
    }
    expect(byId.get(bloom)).toMatchObject({ daysInStage: 3, health: 'green', healthSource: 'auto' });
    expect(byId.get(summit)).toMatchObject({ daysInStage: 10, health: 'yellow' });
    expect(byId.get(ledgerly)).toMatchObject({ daysInStage: 16, health: 'red' });
    expect(byId.get(northstar)).toMatchObject({ daysInStage: 15, health: 'red' });
    expect(byId.get(copperline)).toMatchObject({ daysInStage: 20, health: 'green', healthSource: 'manual', healthReason: expect.stringContaining('Stable') });
  });

  it('filters by stage, health, owner, tag and text, and sorts', async () => {
    const josh = await as('josh');
    const ids = async (query: string) => (await listAll(josh, query)).map((c) => c.id).sort();
    expect(await ids('stage=live')).toEqual([harbor, copperline].sort());
    expect(await ids('stage=onboarding,installation')).toEqual([bloom, summit, northstar].sort());
    expect(await ids('health=red')).toEqual([ledgerly, northstar].sort());
    expect(await ids('health=yellow')).toEqual([summit, pulse].sort());
    expect(await ids('health=green')).toEqual([bloom, harbor, copperline, trailhead].sort());
    expect(await ids(`owner=${user('jeff')}`)).toEqual([summit, pulse].sort());
    expect(await ids('tag=shopify')).toEqual([bloom, copperline].sort());
    expect(await ids('q=priya')).toEqual([bloom]); // contact name
    expect(await ids('q=LEDGERLY')).toEqual([ledgerly]);
    const bySpend = await listAll(josh, 'sort=totalSpend&order=desc');
    expect(bySpend.map((c) => c.totalSpend)).toEqual([...bySpend.map((c) => c.totalSpend)].sort((a, b) => b - a));
    const bad = await josh('GET', '/clients?sort=password&health=purple');
    expect(bad.status).toBe(422);
    expect(bad.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['health', 'sort']);
  });

  it('the board answers every stage with its count and at most `perStage` cards', async () => {
    const josh = await as('josh');
    const board = await josh('GET', '/clients/board?perStage=1');
    expect(board.status).toBe(200);
    const counts = Object.fromEntries(board.body.stages.map((s: { key: string; count: number }) => [s.key, s.count]));
    expect(counts).toEqual({ onboarding: 2, installation: 1, audit: 1, live: 2, 'needs-support': 1, 'off-boarding': 1 });
    const onboarding = board.body.stages[0];
    expect(onboarding.items).toHaveLength(1);
    expect(onboarding.items[0].id).toBe(northstar); // longest in stage first
    const more = await josh('GET', `/clients?stage=onboarding&sort=stageEnteredAt&order=asc&limit=1&cursor=${onboarding.nextCursor}`);
    expect(more.body.items.map((c: Client) => c.id)).toEqual([bloom]);
  });
});

describe('KPIs', () => {
  const kpi = async (handle: string, id: string, from: Date, to: Date) =>
    (await as(handle))('GET', `/clients/kpi?id=${id}&from=${from.toISOString()}&to=${to.toISOString()}`);

  it('answer every declared KPI for a period with a value and a series', async () => {
    const from = new Date(suiteStart.getTime() - 120 * DAY);
    const newClients = await kpi('josh', 'new-clients', from, suiteStart);
    expect(newClients.status).toBe(200);
    expect(newClients.body.value).toBe(8);
    expect(newClients.body.series.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBe(8);
    // Harbor 38, Copperline 55, Pulse 45, Trailhead 35 days from creation to Live.
    const install = await kpi('josh', 'average-install-time', from, suiteStart);
    expect(install.body.value).toBeCloseTo((38 + 55 + 45 + 35) / 4, 0);
    expect((await kpi('josh', 'at-risk-clients', from, suiteStart)).body.value).toBe(2);
    expect((await kpi('josh', 'active-onboardings', from, suiteStart)).body.value).toBe(4);
  });

  it('reads snapshot KPIs as of the end of a past period, and scopes members', async () => {
    const to = new Date(suiteStart.getTime() - 30 * DAY);
    // 30 days ago Ledgerly was in Installation and Copperline in Audit; the others were live or not yet clients.
    expect((await kpi('josh', 'active-onboardings', new Date(to.getTime() - 30 * DAY), to)).body.value).toBe(2);
    expect((await kpi('jeff', 'new-clients', new Date(suiteStart.getTime() - 120 * DAY), suiteStart)).body.value).toBe(4);
    const bad = await kpi('josh', 'revenue', to, suiteStart);
    expect(bad.status).toBe(422);
    const reversed = await kpi('josh', 'new-clients', suiteStart, to);
    expect(reversed.status).toBe(422);
    expect(reversed.body.data[0].field).toBe('to');
  });

  it('are declared in the manifest with lowerIsBetter and links', async () => {
    const res = await t.request('GET', '/api/v1/modules', { token: await t.login('luke') });
    const pipeline = res.body.modules.find((m: { module: string }) => m.module === 'pipeline');
    expect(pipeline.ui).toMatchObject({ remote: 'aos_pipeline', nav: { path: '/pipeline', icon: 'kanban' } });
    expect(pipeline.kpis.map((k: { id: string }) => k.id)).toEqual(['active-onboardings', 'at-risk-clients', 'average-install-time', 'new-clients']);
    expect(pipeline.kpis.find((k: { id: string }) => k.id === 'at-risk-clients')).toMatchObject({ lowerIsBetter: true, link: '/pipeline?health=red&asOf={to}' });
  });
});

describe('creating and editing', () => {
  const valid = { name: 'Maple & Main Bakery', company: 'Maple & Main LLC', contactEmail: 'orders@maplemain.com', tags: ['local'], totalSpend: 1200 };

  it('creates a client in the first stage with one history event and a durable event', async () => {
    const josh = await as('josh');
    const res = await josh('POST', '/clients', valid);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: valid.name, stage: 'onboarding', daysInStage: 0, health: 'green', ownerId: user('josh'), status: 'active' });
    const history = await josh('GET', `/clients/${res.body.id}/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ from: null, to: 'onboarding', movedBy: user('josh') })]);
    expect(await count(`select count(*) n from pipeline.outbox where topic = 'pipeline.client.created' and payload->'data'->>'clientId' = $1`, [res.body.id])).toBe(1);
  });

  it('refuses invalid fields with 422 and field details, writing nothing', async () => {
    const josh = await as('josh');
    const before = await count('select count(*) n from pipeline.client');
    const res = await josh('POST', '/clients', { name: '', contactEmail: 'not-an-email', website: 'nope', totalSpend: -5, installDate: '2024-02-31' });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('VALIDATION_ERROR');
    // The impossible date is reported with the rest (the SDK checks dates before conversion).
    expect(res.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['contactEmail', 'installDate', 'name', 'totalSpend', 'website']);
    const badDate = await josh('POST', '/clients', { ...valid, installDate: '2024-02-31' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.data[0].field).toBe('installDate');
    const badStage = await josh('POST', '/clients', { ...valid, stage: 'paused' });
    expect(badStage.body.data[0]).toMatchObject({ field: 'stage', type: 'stage' });
    const badOwner = await josh('POST', '/clients', { ...valid, ownerId: demo.user('northwind-media', 'nina').id });
    expect(badOwner.status).toBe(422);
    expect(badOwner.body.data[0].field).toBe('ownerId');
    expect(await count('select count(*) n from pipeline.client')).toBe(before);
  });

  it('rejects mass assignment (agencyId, id, timestamps, archivedAt) on create and edit', async () => {
    const josh = await as('josh');
    const before = await count('select count(*) n from pipeline.client');
    const create = await josh('POST', '/clients', { ...valid, agencyId: demo.northwind.id, createdAt: '2020-01-01T00:00:00Z' });
    expect(create.status).toBe(422);
    expect(create.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['agencyId', 'createdAt']);
    expect(await count('select count(*) n from pipeline.client')).toBe(before);
    const patch = await josh('PATCH', `/clients/${bloom}`, { name: 'Renamed', agencyId: demo.northwind.id, archivedAt: null, stageEnteredAt: '2020-01-01T00:00:00Z', updatedAt: 'x' });
    expect(patch.status).toBe(422);
    const row = (await db.query('select name, agency_id from pipeline.client where id = $1', [bloom])).rows[0];
    expect(row).toEqual({ name: 'Bloom & Co Skincare', agency_id: demo.chase.id });
  });

  it('edits writable fields and publishes what changed', async () => {
    const josh = await as('josh');
    const res = await josh('PATCH', `/clients/${bloom}`, { contactPhone: '+1 415 555 0199', tags: ['shopify', 'meta-capi', 'launch-q2'], lifetimeValue: 18000 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contactPhone: '+1 415 555 0199', tags: ['shopify', 'meta-capi', 'launch-q2'], lifetimeValue: 18000 });
    const event = (await db.query(`select payload from pipeline.outbox where topic = 'pipeline.client.updated' and payload->'data'->>'clientId' = $1`, [bloom])).rows[0];
    expect(Object.keys(event.payload.data.changes).sort()).toEqual(['contactPhone', 'lifetimeValue', 'tags']);
    expect((await josh('GET', `/clients/${bloom}`)).body.lifetimeValue).toBe(18000);
  });

  it('replays a create with the same Idempotency-Key instead of adding a second client', async () => {
    const josh = await as('josh');
    const headers = { 'idempotency-key': 'create-rivera-roofing' };
    const body = { name: 'Rivera Roofing', company: 'Rivera Roofing Co' };
    const first = await josh('POST', '/clients', body, headers);
    const second = await josh('POST', '/clients', body, headers);
    expect(second.body.id).toBe(first.body.id);
    expect(await count(`select count(*) n from pipeline.client where name = 'Rivera Roofing'`)).toBe(1);
  });
});

describe('stage moves', () => {
  it('writes exactly one history event (from, to, who, note) and a stageChanged event', async () => {
    const josh = await as('josh');
    const eventsBefore = await count('select count(*) n from pipeline.stage_event where client_id = $1', [northstar]);
    const res = await josh('PATCH', `/clients/${northstar}/stage`, { stage: 'installation', note: 'GTM access finally granted' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'installation', daysInStage: 0, health: 'green' });
    expect(await count('select count(*) n from pipeline.stage_event where client_id = $1', [northstar])).toBe(eventsBefore + 1);
    const history = await josh('GET', `/clients/${northstar}/history`);
    expect(history.body.items[0]).toMatchObject({ from: 'onboarding', to: 'installation', movedBy: user('josh'), note: 'GTM access finally granted' });
    const outbox = await db.query(`select payload from pipeline.outbox where topic = 'pipeline.client.stageChanged' and payload->'data'->>'clientId' = $1`, [northstar]);
    expect(outbox.rows.map((r) => r.payload.data)).toEqual([expect.objectContaining({ from: 'onboarding', to: 'installation', movedBy: user('josh') })]);
  });

  it('dropping a client on its own stage records nothing; an unknown stage is a 422', async () => {
    const josh = await as('josh');
    const before = await count('select count(*) n from pipeline.stage_event');
    expect((await josh('PATCH', `/clients/${northstar}/stage`, { stage: 'installation' })).status).toBe(200);
    const unknown = await josh('PATCH', `/clients/${northstar}/stage`, { stage: 'paused' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.data[0].field).toBe('stage');
    expect(await count('select count(*) n from pipeline.stage_event')).toBe(before);
  });

  it('concurrent moves of one client keep every event, chained from the stage actually left', async () => {
    const josh = await as('josh');
    const luke = await as('luke');
    const targets = ['audit', 'live', 'needs-support', 'off-boarding'];
    const results = await Promise.all(targets.map((stage, i) => (i % 2 ? luke : josh)('PATCH', `/clients/${ledgerly}/stage`, { stage })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const history = (await josh<{ items: HistoryEvent[] }>('GET', `/clients/${ledgerly}/history`)).body.items.reverse();
    // Ledgerly sat in Audit: the move to Audit is a no-op if it ran first, a real move otherwise.
    const moves = history.slice(3);
    expect(moves.filter((m) => m.to !== 'audit').map((m) => m.to).sort()).toEqual(['live', 'needs-support', 'off-boarding']);
    for (let i = 1; i < history.length; i++) expect(history[i]!.from).toBe(history[i - 1]!.to);
    const client = await josh('GET', `/clients/${ledgerly}`);
    expect(client.body.stage).toBe(history[history.length - 1]!.to);
  });
});

describe('health override', () => {
  it('sets health by hand with a reason and hands it back to the rule with null', async () => {
    const josh = await as('josh');
    const noReason = await josh('PATCH', `/clients/${summit}/health`, { health: 'red' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.data[0].field).toBe('reason');
    const set = await josh('PATCH', `/clients/${summit}/health`, { health: 'red', reason: 'Dev unresponsive for two weeks' });
    expect(set.body).toMatchObject({ health: 'red', healthSource: 'manual', healthReason: 'Dev unresponsive for two weeks' });
    expect((await listAll(josh, 'health=red')).map((c) => c.id)).toContain(summit);
    const cleared = await josh('PATCH', `/clients/${summit}/health`, { health: null });
    expect(cleared.body).toMatchObject({ health: 'yellow', healthSource: 'auto', healthReason: null });
  });
});

describe('member scoping (Jeff: write on 1, 3, 5; read on 6)', () => {
  it('lists and reads only granted clients; others are 404', async () => {
    const jeff = await as('jeff');
    expect((await listAll(jeff)).map((c) => c.id).sort()).toEqual([summit, harbor, pulse, trailhead].sort());
    const board = await jeff('GET', '/clients/board');
    expect(board.body.stages.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(4);
    expect((await jeff('GET', `/clients/${trailhead}`)).status).toBe(200);
    for (const path of [`/clients/${bloom}`, `/clients/${bloom}/history`, `/clients/${bloom}/tasks`, `/clients/${bloom}/notes`]) {
      expect((await jeff('GET', path)).status).toBe(404);
    }
    expect((await jeff('PATCH', `/clients/${bloom}/stage`, { stage: 'audit' })).status).toBe(404);
  });

  it('edits write grants; a read-only grant gets 403 on every change', async () => {
    const jeff = await as('jeff');
    expect((await jeff('PATCH', `/clients/${pulse}`, { notes: 'Dedup fix deployed on Tuesday' })).status).toBe(200);
    expect((await jeff('POST', `/clients/${pulse}/notes`, { body: 'Deployed the event_id fix' })).status).toBe(201);
    const changes: [string, string, unknown][] = [
      ['PATCH', `/clients/${trailhead}`, { notes: 'x' }],
      ['PATCH', `/clients/${trailhead}/stage`, { stage: 'live' }],
      ['PATCH', `/clients/${trailhead}/health`, { health: 'red', reason: 'x' }],
      ['POST', `/clients/${trailhead}/tasks`, { title: 'x' }],
      ['POST', `/clients/${trailhead}/notes`, { body: 'x' }],
    ];
    for (const [method, path, body] of changes) {
      const res = await jeff(method, path, body);
      expect({ route: `${method} ${path}`, status: res.status, type: res.body.type }).toEqual({ route: `${method} ${path}`, status: 403, type: 'CLIENT_READ_ONLY' });
    }
  });

  it('members cannot add clients nor reassign them', async () => {
    const jeff = await as('jeff');
    expect((await jeff('POST', '/clients', { name: 'Side project' })).status).toBe(403);
    const reassign = await jeff('PATCH', `/clients/${pulse}`, { ownerId: user('josh') });
    expect(reassign.status).toBe(403);
    expect(reassign.body.data.permission).toBe('clients:assign');
  });
});

describe('tenant isolation', () => {
  it("Northwind's token on a Chase client gets 404 on every route", async () => {
    const nina = await as('nina');
    const routes: [string, string, unknown?][] = [
      ['GET', `/clients/${harbor}`],
      ['PATCH', `/clients/${harbor}`, { name: 'Hacked' }],
      ['DELETE', `/clients/${harbor}`],
      ['POST', `/clients/${harbor}/restore`],
      ['PATCH', `/clients/${harbor}/stage`, { stage: 'live' }],
      ['GET', `/clients/${harbor}/history`],
      ['PATCH', `/clients/${harbor}/health`, { health: 'red', reason: 'x' }],
      ['GET', `/clients/${harbor}/tasks`],
      ['POST', `/clients/${harbor}/tasks`, { title: 'x' }],
      ['GET', `/clients/${harbor}/notes`],
      ['POST', `/clients/${harbor}/notes`, { body: 'x' }],
    ];
    for (const [method, path, body] of routes) {
      const res = await nina(method, path, body);
      expect({ route: `${method} ${path}`, status: res.status, type: res.body.type }).toEqual({ route: `${method} ${path}`, status: 404, type: 'CLIENT_NOT_FOUND' });
    }
    const task = (await db.query('select id from pipeline.task where client_id = $1 limit 1', [harbor])).rows[0].id;
    expect((await nina('PATCH', `/clients/${harbor}/tasks/${task}`, { done: true })).status).toBe(404);
    expect((await nina('DELETE', `/clients/${harbor}/tasks/${task}`)).status).toBe(404);
    const own = await listAll(nina);
    expect(own.map((c) => c.id).sort()).toEqual([...demo.clientIds('northwind-media')].sort());
    expect((await db.query('select name from pipeline.client where id = $1', [harbor])).rows[0].name).toBe('Harbor Dental Group');
  });
});

describe('archiving', () => {
  it('is for owners and admins; an archived client leaves the board and is read-only until restored', async () => {
    const josh = await as('josh');
    const garrett = await as('garrett');
    expect((await josh('DELETE', `/clients/${copperline}`)).status).toBe(403);
    const archived = await garrett('DELETE', `/clients/${copperline}`);
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');
    expect(await count(`select count(*) n from pipeline.outbox where topic = 'pipeline.client.archived' and payload->'data'->>'clientId' = $1`, [copperline])).toBe(1);
    expect((await listAll(josh)).map((c) => c.id)).not.toContain(copperline);
    expect((await listAll(josh, 'archived=true')).map((c) => c.id)).toEqual([copperline]);
    const board = await josh('GET', '/clients/board');
    expect(board.body.stages.flatMap((s: { items: Client[] }) => s.items.map((c) => c.id))).not.toContain(copperline);
    const edit = await josh('PATCH', `/clients/${copperline}/stage`, { stage: 'needs-support' });
    expect(edit.status).toBe(409);
    expect(edit.body.type).toBe('CLIENT_ARCHIVED');
    expect((await josh('GET', `/clients/${copperline}`)).body.status).toBe('archived');
    const restored = await garrett('POST', `/clients/${copperline}/restore`);
    expect(restored.body.status).toBe('active');
    expect((await listAll(josh)).map((c) => c.id)).toContain(copperline);
  });
});

describe('tasks and notes', () => {
  it('keeps an ordered checklist per stage: add, tick off, reorder, delete', async () => {
    const josh = await as('josh');
    const seeded = await josh('GET', `/clients/${trailhead}/tasks`);
    expect(seeded.body.items.map((t: { title: string }) => t.title)).toEqual([
      'Export the last 13 months of reports',
      'Hand over GTM container documentation',
      'Remove our access from GA4 and Google Ads',
    ]);
    const created = await josh('POST', `/clients/${trailhead}/tasks`, { title: 'Final invoice', assigneeId: user('garrett'), dueDate: '2031-01-15' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stage: 'off-boarding', position: 3, done: false, dueDate: '2031-01-15' });
    const done = await josh('PATCH', `/clients/${trailhead}/tasks/${created.body.id}`, { done: true, position: 0 });
    expect(done.body).toMatchObject({ done: true, position: 0, doneAt: expect.any(String) });
    const reordered = await josh('GET', `/clients/${trailhead}/tasks?stage=off-boarding`);
    expect(reordered.body.items.map((t: { title: string; position: number }) => [t.position, t.title])).toEqual([
      [0, 'Final invoice'],
      [1, 'Export the last 13 months of reports'],
      [2, 'Hand over GTM container documentation'],
      [3, 'Remove our access from GA4 and Google Ads'],
    ]);
    const badAssignee = await josh('POST', `/clients/${trailhead}/tasks`, { title: 'x', assigneeId: demo.user('northwind-media', 'nina').id, dueDate: '2031-02-30' });
    expect(badAssignee.status).toBe(422);
    expect((await josh('DELETE', `/clients/${trailhead}/tasks/${created.body.id}`)).status).toBe(204);
    expect((await josh('GET', `/clients/${trailhead}/tasks`)).body.items).toHaveLength(3);
  });

  it('keeps a notes timeline, newest first', async () => {
    const josh = await as('josh');
    const created = await josh('POST', `/clients/${ledgerly}/notes`, { body: 'Hannah confirmed: only paid plans count.' });
    expect(created.status).toBe(201);
    const notes = await josh('GET', `/clients/${ledgerly}/notes`);
    expect(notes.body.items[0]).toMatchObject({ body: 'Hannah confirmed: only paid plans count.', authorId: user('josh') });
    expect(notes.body.items.length).toBe(3);
  });
});
