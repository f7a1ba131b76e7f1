/**
 * Concurrent edits lose nothing (issue 9 §8–9), over HTTP against PostgreSQL: clients,
 * tickets, tasks, stages, the tickets SLA policy and the settings profile carry a version (`ETag` + `version`), PATCH/PUT with a stale
 * `If-Match` answer 412 with the current record and write nothing, array fields take
 * add/remove so concurrent adds keep each other's items, and every write answers the row as
 * saved (new version and updatedAt; the ticket timeline has the change at once).
 */
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function as(handle: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return t.request(method, `/api/v1${path}`, { token: await t.login(handle), body, headers });
}

async function newClient(name: string) {
  const res = await as('josh', 'POST', '/clients', { name, tags: ['vip'] });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; updatedAt: string; tags: string[] };
}

describe('clients', () => {
  it('GET carries the version as ETag and in the body; a PATCH with it succeeds and answers the saved row', async () => {
    const client = await newClient('Versioned Ltd');
    const read = await as('josh', 'GET', `/clients/${client.id}`);
    expect(read.body.version).toBe(1);
    expect(read.headers.get('etag')).toBe('"1"');
    const res = await as('josh', 'PATCH', `/clients/${client.id}`, { company: 'Versioned Group' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ company: 'Versioned Group', version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(new Date(read.body.updatedAt).getTime());
    const stored = (await db.query('select version, updated_at from pipeline.client where id = $1', [client.id])).rows[0];
    expect(stored.version).toBe(2);
    expect(new Date(stored.updated_at).toISOString()).toBe(res.body.updatedAt);
  });

  it('an ETag is for If-Match, not a cache validator: If-None-Match with it still answers 200 with the body, never stored', async () => {
    // The version does not cover every field (health, status, computed SLA or extraction state), so a
    // 304 would let a browser keep an outdated answer (a document stuck "extracting" after indexing).
    const client = await newClient('Cached Co');
    const read = await as('josh', 'GET', `/clients/${client.id}`, undefined, { 'If-None-Match': '"1"' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: client.id, name: 'Cached Co' });
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  it('a stale If-Match: 412 PRECONDITION_FAILED with the current record, nothing written', async () => {
    const client = await newClient('Two Editors Inc');
    expect((await as('josh', 'PATCH', `/clients/${client.id}`, { company: 'First' }, { 'If-Match': '"1"' })).status).toBe(200);
    const stale = await as('garrett', 'PATCH', `/clients/${client.id}`, { company: 'Second' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ name: 'MoleculerClientError', code: 412, type: 'PRECONDITION_FAILED', data: { version: 2, yours: '1', current: { company: 'First', version: 2 } } });
    expect((await db.query('select company, version from pipeline.client where id = $1', [client.id])).rows[0]).toEqual({ company: 'First', version: 2 });
    // Overwrite: the same change with the version just seen.
    expect((await as('garrett', 'PATCH', `/clients/${client.id}`, { company: 'Second' }, { 'If-Match': '"2"' })).status).toBe(200);
  });

  it('W/"n" and * are accepted; without If-Match the last write wins', async () => {
    const client = await newClient('Tags Forms');
    expect((await as('josh', 'PATCH', `/clients/${client.id}`, { notes: 'a' }, { 'If-Match': 'W/"1"' })).status).toBe(200);
    expect((await as('josh', 'PATCH', `/clients/${client.id}`, { notes: 'b' }, { 'If-Match': '*' })).status).toBe(200);
    expect((await as('josh', 'PATCH', `/clients/${client.id}`, { notes: 'c' })).body.version).toBe(4);
  });

  it('stage moves and health overrides honour If-Match too', async () => {
    const client = await newClient('Mover');
    expect((await as('josh', 'PATCH', `/clients/${client.id}/stage`, { stage: 'audit' }, { 'If-Match': '"7"' })).status).toBe(412);
    const moved = await as('josh', 'PATCH', `/clients/${client.id}/stage`, { stage: 'audit' }, { 'If-Match': '"1"' });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    expect((await as('josh', 'PATCH', `/clients/${client.id}/health`, { health: 'red', reason: 'x' }, { 'If-Match': '"1"' })).status).toBe(412);
  });

  it("another agency's user gets 404, not 412 (nothing revealed)", async () => {
    const client = await newClient('Private');
    expect((await as('nina', 'PATCH', `/clients/${client.id}`, { company: 'x' }, { 'If-Match': '"9"' })).status).toBe(404);
  });

  it('ten people adding different tags at the same moment: every tag kept', async () => {
    const client = await newClient('Tag Race');
    await t.login('garrett');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => as(i % 2 ? 'josh' : 'garrett', 'PATCH', `/clients/${client.id}`, { tags: { add: [`tag-${i}`] } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const final = await as('josh', 'GET', `/clients/${client.id}`);
    expect([...final.body.tags].sort()).toEqual(['tag-0', 'tag-1', 'tag-2', 'tag-3', 'tag-4', 'tag-5', 'tag-6', 'tag-7', 'tag-8', 'tag-9', 'vip']);
    expect(final.body.version).toBe(11);
  });

  it('remove and add in one operation; the full-list form still replaces', async () => {
    const client = await newClient('Tag Ops');
    const ops = await as('josh', 'PATCH', `/clients/${client.id}`, { tags: { add: ['seo', 'ppc'], remove: ['vip'] } });
    expect(ops.body.tags).toEqual(['seo', 'ppc']);
    const replaced = await as('josh', 'PATCH', `/clients/${client.id}`, { tags: ['only'] });
    expect(replaced.body.tags).toEqual(['only']);
  });

  it('collaborators: concurrent adds both kept; unknown people refused', async () => {
    const client = await newClient('Team Race');
    const [garrett, jeff] = [demo.user('chase-digital', 'garrett').id, demo.user('chase-digital', 'jeff').id];
    const [a, b] = await Promise.all([
      as('josh', 'PATCH', `/clients/${client.id}`, { collaboratorIds: { add: [garrett] } }),
      as('garrett', 'PATCH', `/clients/${client.id}`, { collaboratorIds: { add: [jeff] } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([...(await as('josh', 'GET', `/clients/${client.id}`)).body.collaboratorIds].sort()).toEqual([garrett, jeff].sort());
    const foreign = await as('josh', 'PATCH', `/clients/${client.id}`, { collaboratorIds: { add: [demo.user('northwind-media', 'nina').id] } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.data[0]).toMatchObject({ field: 'collaboratorIds', type: 'teamMember' });
  });

  it('malformed operations are 422 with field details', async () => {
    const client = await newClient('Bad Ops');
    for (const tags of [{ add: 'x' }, { put: ['x'] }, { add: [1] }, 'x']) {
      const res = await as('josh', 'PATCH', `/clients/${client.id}`, { tags });
      expect(res.status).toBe(422);
      expect(res.body.type).toBe('VALIDATION_ERROR');
    }
    expect((await db.query('select tags, version from pipeline.client where id = $1', [client.id])).rows[0]).toEqual({ tags: ['vip'], version: 1 });
  });
});

describe('tasks', () => {
  it('a stale If-Match on a task: 412; the saved row comes back with its new version', async () => {
    const client = await newClient('Task Host');
    const task = await as('josh', 'POST', `/clients/${client.id}/tasks`, { title: 'Install pixel' });
    expect(task.body.version).toBe(1);
    const done = await as('josh', 'PATCH', `/clients/${client.id}/tasks/${task.body.id}`, { done: true }, { 'If-Match': '"1"' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ done: true, version: 2 });
    const stale = await as('garrett', 'PATCH', `/clients/${client.id}/tasks/${task.body.id}`, { title: 'Other' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.data.current).toMatchObject({ title: 'Install pixel', done: true, version: 2 });
  });
});

describe('stages', () => {
  it('the list has a content version; a PUT with a stale one is 412 and changes nothing', async () => {
    const list = await as('garrett', 'GET', '/clients/stages');
    const etag = list.headers.get('etag')!;
    expect(etag).toBe(`"${list.body.version}"`);
    const stages = list.body.items.map((s: { key: string; name: string }) => ({ key: s.key, name: s.name }));
    const renamed = await as('garrett', 'PUT', '/clients/stages', { stages: [{ ...stages[0], name: 'Kick-off' }, ...stages.slice(1)] }, { 'If-Match': etag });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).not.toBe(list.body.version);
    const stale = await as('luke', 'PUT', '/clients/stages', { stages: [{ ...stages[0], name: 'Start' }, ...stages.slice(1)] }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.data.current.items[0].name).toBe('Kick-off');
    expect((await as('garrett', 'GET', '/clients/stages')).body.items[0].name).toBe('Kick-off');
  });
});

describe('tickets SLA policy', () => {
  it('carries a content version; a PUT with a stale If-Match is 412 with the current policy and changes nothing', async () => {
    const read = await as('luke', 'GET', '/tickets/sla-policy');
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${read.body.version}"`);
    const low = read.body.policy.low as { firstResponseMinutes: number; resolutionMinutes: number };
    try {
      const first = await as('luke', 'PUT', '/tickets/sla-policy', { policy: { low: { firstResponseMinutes: 600, resolutionMinutes: 6000 } } }, { 'If-Match': etag });
      expect(first.status).toBe(200);
      expect(first.body.policy.low).toEqual({ firstResponseMinutes: 600, resolutionMinutes: 6000 });
      expect(first.body.version).not.toBe(read.body.version);
      expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);

      const stale = await as('garrett', 'PUT', '/tickets/sla-policy', { policy: { low: { firstResponseMinutes: 700, resolutionMinutes: 7000 } } }, { 'If-Match': etag });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 412, type: 'PRECONDITION_FAILED', data: { version: first.body.version, current: { policy: { low: { firstResponseMinutes: 600 } } } } });
      expect((await as('luke', 'GET', '/tickets/sla-policy')).body.policy.low).toEqual({ firstResponseMinutes: 600, resolutionMinutes: 6000 });

      // With the version just read, the save goes through; without If-Match the last write wins.
      expect((await as('garrett', 'PUT', '/tickets/sla-policy', { policy: { low: { firstResponseMinutes: 700, resolutionMinutes: 7000 } } }, { 'If-Match': `"${first.body.version}"` })).status).toBe(200);
      // A member may not change it, whatever the version.
      expect((await as('josh', 'PUT', '/tickets/sla-policy', { policy: { low: low } }, { 'If-Match': '*' })).status).toBe(403);
    } finally {
      expect((await as('luke', 'PUT', '/tickets/sla-policy', { policy: { low } })).status).toBe(200);
    }
    // Northwind's policy is its own: unchanged by Chase's saves.
    expect((await as('nina', 'GET', '/tickets/sla-policy')).body.policy.low).toEqual({ firstResponseMinutes: 1440, resolutionMinutes: 7200 });
  });
});

describe('tickets', () => {
  it('a priority change answers the saved row and is in the timeline at once; a stale If-Match is 412', async () => {
    const created = await as('josh', 'POST', '/tickets', { title: 'Versioned ticket', clientId: demo.clientIds('chase-digital')[0] });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.headers.get('etag')).toBe('"1"');
    const changed = await as('josh', 'PATCH', `/tickets/${created.body.id}`, { priority: 'critical' }, { 'If-Match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ priority: 'critical', version: 2 });
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(new Date(changed.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.body.updatedAt).getTime());
    const timeline = await as('josh', 'GET', `/tickets/${created.body.id}/activity`);
    expect(timeline.body.items.map((a: { kind: string }) => a.kind)).toContain('priority');

    const stale = await as('garrett', 'PATCH', `/tickets/${created.body.id}`, { priority: 'low' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.data.current).toMatchObject({ priority: 'critical', version: 2 });
    const status = await as('garrett', 'PATCH', `/tickets/${created.body.id}/status`, { status: 'in_progress' }, { 'If-Match': '"1"' });
    expect(status.status).toBe(412);
    expect((await db.query('select priority, status, version from tickets.ticket where id = $1', [created.body.id])).rows[0]).toEqual({ priority: 'critical', status: 'new', version: 2 });
  });
});

describe('writes that change a ticket on the side', () => {
  it('a note and logged time answer the ticket as saved (version and updatedAt as stored)', async () => {
    const created = await as('josh', 'POST', '/tickets', { title: 'Side effects', clientId: demo.clientIds('chase-digital')[0] });
    const note = await as('josh', 'POST', `/tickets/${created.body.id}/notes`, { body: 'On it', visibility: 'client' });
    expect(note.status).toBe(201);
    const logged = await as('josh', 'POST', `/tickets/${created.body.id}/time`, { minutes: 30 });
    expect(logged.status).toBe(201);
    const stored = await as('josh', 'GET', `/tickets/${created.body.id}`);
    expect(logged.body.ticket).toMatchObject({ version: stored.body.version, updatedAt: stored.body.updatedAt, timeSpentMinutes: 30 });
    expect(stored.body.version).toBeGreaterThan(created.body.version);
  });
});

describe('settings profile', () => {
  it('carries a version; a save with a stale If-Match is 412 and keeps the other save', async () => {
    const read = await as('luke', 'GET', '/settings/profile');
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${read.body.version}"`);
    const first = await as('luke', 'PATCH', '/settings/profile', { defaultCurrency: 'EUR' }, { 'If-Match': etag });
    expect(first.status).toBe(200);
    expect(first.body.version).not.toBe(read.body.version);
    expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);
    const stale = await as('garrett', 'PATCH', '/settings/profile', { defaultCurrency: 'GBP' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.data.current).toMatchObject({ defaultCurrency: 'EUR', version: first.body.version });
    expect((await as('luke', 'GET', '/settings/profile')).body.defaultCurrency).toBe('EUR');
  });
});

describe('user preferences', () => {
  it('carry a version; a save from a stale tab (If-Match) is 412 with the current preferences, and keeps the other save', async () => {
    const read = await as('jeff', 'GET', '/settings/preferences');
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe(`"${read.body.version}"`);
    const first = await as('jeff', 'PATCH', '/settings/preferences', { theme: 'dark' }, { 'If-Match': etag });
    expect(first.status).toBe(200);
    expect(first.body.version).not.toBe(read.body.version);
    expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);
    const stale = await as('jeff', 'PATCH', '/settings/preferences', { theme: 'light' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.data.current).toMatchObject({ theme: 'dark', version: first.body.version });
    expect((await as('jeff', 'GET', '/settings/preferences')).body).toMatchObject({ theme: 'dark', version: first.body.version });
    // The current version (or none: last write wins) is accepted.
    expect((await as('jeff', 'PATCH', '/settings/preferences', { theme: 'light' }, { 'If-Match': `"${first.body.version}"` })).status).toBe(200);
    expect((await as('jeff', 'PATCH', '/settings/preferences', { theme: 'system' })).status).toBe(200);
    // Another user's preferences have their own version: Jeff's ETag does not apply to Josh.
    const josh = await as('josh', 'PATCH', '/settings/preferences', { theme: 'dark' }, { 'If-Match': etag });
    expect(josh.status).toBe(412);
  });
});
