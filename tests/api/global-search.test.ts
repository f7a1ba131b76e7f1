/**
 * Global search (issue 13, ⌘K) over HTTP: `GET /api/v1/search` fans out to every live module
 * that declares `search`, each applying its own permissions; results grouped by module; a
 * slow or down module is skipped and named; modules switched off for the agency or hidden
 * from the role are not asked; bad input is a 4xx, never a 5xx.
 */
import { demo } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/processes';

let t: TestApp;
const chase = demo.clientIds('chase-digital');
const BLOOM = chase[0]!; // not granted to jeff
const SUMMIT = chase[1]!; // granted to jeff (write)
const ids: Record<string, string> = {};
let ticketNumber = 0;

type Group = { module: string; label: string; hits: { type: string; id: string; title: string; subtitle?: string; url: string; score: number }[] };
type Answer = { q: string; groups: Group[]; skipped: { module: string; label: string; reason: string }[]; tookMs: number };

async function search(handle: string, q: string, extra = ''): Promise<Answer> {
  const res = await t.request<Answer>('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, { token: await t.login(handle) });
  expect(res.status).toBe(200);
  return res.body;
}
const group = (a: Answer, module: string) => a.groups.find((g) => g.module === module);
const hitIds = (a: Answer) => a.groups.flatMap((g) => g.hits.map((h) => h.id));

async function create(handle: string, path: string, body: unknown): Promise<any> {
  const res = await t.request('POST', path, { token: await t.login(handle), body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'communications', 'knowledge-base', 'settings', 'example-nps', 'search'] });
  ids.client = (await create('josh', '/api/v1/clients', { name: 'Zanzíbar Tea Company', company: 'Zanzibar Tea Ltd', website: 'https://zanzibar.example' })).id;
  const ticket = await create('josh', '/api/v1/tickets', { title: 'Zanzibar pixel fires twice', description: 'Purchase events are duplicated', clientId: BLOOM });
  ids.bloomTicket = ticket.id;
  ticketNumber = ticket.number;
  ids.summitTicket = (await create('josh', '/api/v1/tickets', { title: 'Zanzibar feed rejected', clientId: SUMMIT })).id;
  ids.doc = (await create('josh', '/api/v1/documents', { title: 'Zanzibar onboarding runbook', category: 'process', markdown: '# Steps\nCheck the container.' })).id;
  ids.bloomDoc = (await create('josh', '/api/v1/documents', { title: 'Bloom tracking plan', clientId: BLOOM, markdown: 'All about the zanzibar launch events.' })).id;
  ids.nps = (await create('josh', '/api/v1/nps/responses', { clientId: BLOOM, score: 9, comment: 'The zanzibar rollout was smooth' })).id;
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('GET /api/v1/search', () => {
  test('one query finds records of several modules, grouped, ranked, with drawer urls (accents folded)', async () => {
    const a = await search('josh', 'zanzibar');
    expect(a.skipped).toEqual([]);
    const clients = group(a, 'pipeline')!;
    expect(clients.label).toBe('Clients');
    expect(clients.hits[0]).toMatchObject({ type: 'client', id: ids.client, title: 'Zanzíbar Tea Company', url: `/pipeline?client=${ids.client}` });
    const tickets = group(a, 'tickets')!;
    expect(tickets.hits.map((h) => h.id).sort()).toEqual([ids.bloomTicket, ids.summitTicket].sort());
    expect(tickets.hits.find((h) => h.id === ids.bloomTicket)).toMatchObject({ url: `/tickets?ticket=${ids.bloomTicket}`, title: `#${ticketNumber} Zanzibar pixel fires twice` });
    const docs = group(a, 'knowledge-base')!;
    expect(docs.hits[0]).toMatchObject({ id: ids.doc, url: `/knowledge-base?doc=${ids.doc}` });
    // by content too, once the written document's text is indexed (an extraction job)
    await eventually(async () => expect(hitIds(await search('josh', 'zanzibar launch'))).toContain(ids.bloomDoc));
    for (const g of a.groups) {
      for (const h of g.hits) expect(h.score >= 0 && h.score <= 1).toBe(true);
      expect(g.hits.map((h) => h.score)).toEqual([...g.hits.map((h) => h.score)].sort((x, y) => y - x));
    }
    // groups ordered by their best hit
    expect(a.groups.map((g) => g.hits[0]!.score)).toEqual([...a.groups.map((g) => g.hits[0]!.score)].sort((x, y) => y - x));
  });

  test('a partner plugin joins with its manifest alone: NPS responses by comment, scoped like the rest', async () => {
    const nps = group(await search('josh', 'zanzibar rollout'), 'example-nps')!;
    expect(nps.hits[0]).toMatchObject({ type: 'nps-response', id: ids.nps, url: '/nps?category=promoter', subtitle: 'Score 9 · Promoter' });
    expect(group(await search('jeff', 'zanzibar rollout'), 'example-nps')).toBeUndefined(); // Bloom is not granted to him
  });

  test('people by name or email (active ones), conversations by participant, clients by contact', async () => {
    const people = group(await search('josh', 'jeff park'), 'identity')!;
    expect(people.hits[0]).toMatchObject({ type: 'person', title: 'Jeff Park', url: `/settings/team?user=${demo.user('chase-digital', 'jeff').id}` });
    expect(group(await search('josh', 'garrett@chasedigital'), 'identity')!.hits[0]!.title).toMatch(/Garrett/);
    const priya = await search('josh', 'priya');
    expect(group(priya, 'pipeline')!.hits.map((h) => h.id)).toContain(BLOOM);
    // the seeded inbox: Priya (Bloom's contact) wrote in; members do not see Bloom's conversations
    const conversations = group(priya, 'communications')!;
    expect(conversations.hits[0]).toMatchObject({ type: 'conversation', url: expect.stringMatching(/^\/communications\?c=[0-9a-f-]{36}$/) });
    const jeffSees = hitIds(await search('jeff', 'priya'));
    for (const h of conversations.hits) expect(jeffSees).not.toContain(h.id);
  });

  test('"#<number>" and "<number>" find the ticket first', async () => {
    const byHash = group(await search('josh', `#${ticketNumber}`), 'tickets')!;
    expect(byHash.hits[0]).toMatchObject({ id: ids.bloomTicket, score: 1 });
    expect(byHash.hits).toHaveLength(1);
    const plain = group(await search('josh', String(ticketNumber)), 'tickets')!;
    expect(plain.hits[0]).toMatchObject({ id: ids.bloomTicket, score: 1 });
  });

  test('a member finds only records of the clients granted to him', async () => {
    const a = await search('jeff', 'zanzibar');
    const found = hitIds(a);
    expect(found).toContain(ids.summitTicket);
    expect(found).not.toContain(ids.bloomTicket);
    expect(found).not.toContain(ids.client); // a client not granted to him
    expect(found).not.toContain(ids.bloomDoc); // a client-specific document of another client
    expect(found).toContain(ids.doc); // documents without a client are for everyone
    expect(group(await search('jeff', `#${ticketNumber}`), 'tickets')).toBeUndefined();
    expect(hitIds(await search('jeff', 'bloom'))).not.toContain(BLOOM);
    expect(hitIds(await search('jeff', 'summit'))).toContain(SUMMIT);
  });

  test('another agency finds nothing of Chase Digital', async () => {
    for (const q of ['zanzibar', `#${ticketNumber}`, 'jeff', 'bloom']) {
      const a = await search('nina', q);
      const found = hitIds(a);
      for (const id of [...Object.values(ids), BLOOM, SUMMIT, demo.user('chase-digital', 'jeff').id]) expect(found).not.toContain(id);
    }
  });

  test('empty q answers no groups; limit caps every group', async () => {
    expect(await search('josh', '')).toMatchObject({ groups: [], skipped: [] });
    expect(await search('josh', '   ')).toMatchObject({ groups: [], skipped: [] });
    const one = await search('josh', 'zanzibar', '&limit=1');
    for (const g of one.groups) expect(g.hits.length).toBe(1);
  });

  test('user text is literal: % and _ are characters, quotes and operators do not break anything', async () => {
    for (const q of ['%', '_', '\\', "'; drop table x; --", '"unclosed', 'a or -b', '#', '#99999999999', '💥', 'ß']) {
      const res = await t.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token: await t.login('josh') });
      expect(res.status).toBe(200);
      expect(res.body.skipped).toEqual([]);
    }
    expect(group(await search('josh', '%'), 'pipeline')).toBeUndefined();
  });

  test('bad input is a 4xx with field details, never a 5xx', async () => {
    const token = await t.login('josh');
    const cases: [string, number][] = [
      [`q=${'x'.repeat(201)}`, 422],
      ['q=a&limit=0', 422],
      ['q=a&limit=21', 422],
      ['q=a&limit=abc', 422],
      ['q=a&limit=1.5', 422],
      ['q=a&other=1', 422],
      ['q=a%00b', 422],
    ];
    for (const [qs, status] of cases) {
      const res = await t.request('GET', `/api/v1/search?${qs}`, { token });
      expect({ qs, status: res.status }).toEqual({ qs, status });
      expect(res.body).toMatchObject({ code: status, type: expect.any(String) });
    }
    expect((await t.request('GET', '/api/v1/search?q=a')).status).toBe(401);
  });

  describe('providers that are slow, failing, down, hidden or switched off', () => {
    let broker: ServiceBroker;
    const manifest = (module: string, action: string, extra: Record<string, unknown> = {}) => ({
      audienceos: { module, version: '0.0.1', permissions: [{ name: `${module}:read` }], search: { action, label: module, types: ['thing'] }, ...extra },
    });
    beforeAll(async () => {
      broker = t.app.broker as unknown as ServiceBroker;
      broker.createService({
        name: 'slowSearch',
        metadata: manifest('slow-plugin', 'slowSearch.search'),
        actions: { search: { handler: () => new Promise((resolve) => setTimeout(() => resolve({ hits: [] }), 3000)) } },
      });
      broker.createService({
        name: 'brokenSearch',
        metadata: manifest('broken-plugin', 'brokenSearch.search'),
        actions: {
          search: {
            handler: () => {
              throw new Error('database exploded');
            },
          },
        },
      });
      broker.createService({
        name: 'ownersSearch',
        metadata: { audienceos: { ...manifest('owners-plugin', 'ownersSearch.search').audienceos, permissions: [{ name: 'owners-plugin:read', roles: ['owner'] }] } },
        actions: {
          search: {
            handler: () => ({
              hits: [
                { type: 'secret', id: 's1', title: 'Owner thing', url: '/owners?id=s1', score: 0.5 },
                { type: 'secret', id: 's2', title: 'Bad url', url: 'javascript:alert(1)', score: 0.9 },
                { type: 'secret', id: 's3', title: 'Other site', url: '//evil.example/x', score: 0.9 },
              ],
            }),
          },
        },
      });
      await broker.waitForServices(['slowSearch', 'brokenSearch', 'ownersSearch'], 5000);
    });
    afterAll(async () => {
      for (const name of ['slowSearch', 'brokenSearch', 'ownersSearch']) {
        const svc = broker.getLocalService(name);
        if (svc) await broker.destroyService(svc);
      }
    });

    test('a slow module is skipped (timeout) and a failing one (error), and the answer does not wait', async () => {
      const started = Date.now();
      const a = await search('josh', 'zanzibar');
      expect(Date.now() - started).toBeLessThan(2500);
      expect(a.skipped).toEqual(
        expect.arrayContaining([
          { module: 'slow-plugin', label: 'slow-plugin', reason: 'timeout' },
          { module: 'broken-plugin', label: 'broken-plugin', reason: 'error' },
        ]),
      );
      expect(group(a, 'tickets')!.hits.length).toBeGreaterThan(0); // everything else answered
    });

    test("a module hidden from the caller's role is not asked; hits with foreign urls are dropped", async () => {
      const josh = await search('josh', 'thing');
      expect(group(josh, 'owners-plugin')).toBeUndefined();
      expect(josh.skipped.map((s) => s.module)).not.toContain('owners-plugin');
      const luke = await search('luke', 'thing');
      expect(group(luke, 'owners-plugin')!.hits).toEqual([{ type: 'secret', id: 's1', title: 'Owner thing', url: '/owners?id=s1', score: 0.5 }]);
    });

    test('a module that went down is reported as unavailable', async () => {
      await broker.destroyService(broker.getLocalService('brokenSearch')!);
      const a = await search('josh', 'zanzibar');
      expect(a.skipped).toContainEqual({ module: 'broken-plugin', label: 'broken-plugin', reason: 'unavailable' });
    });

    test('a module switched off for the agency is not asked (and not reported)', async () => {
      const luke = await t.login('luke');
      expect((await t.request('PUT', '/api/v1/settings/modules', { token: luke, body: { disabled: ['tickets'] } })).status).toBe(200);
      try {
        const a = await search('josh', `#${ticketNumber}`);
        expect(group(a, 'tickets')).toBeUndefined();
        expect(a.skipped.map((s) => s.module)).not.toContain('tickets');
      } finally {
        expect((await t.request('PUT', '/api/v1/settings/modules', { token: luke, body: { disabled: [] } })).status).toBe(200);
      }
    });
  });
});
