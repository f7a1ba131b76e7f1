/**
 * Search in every language and paging over null keys (issue 9 §5–6, issue 8 §3), over HTTP
 * against PostgreSQL: every list's `q` goes through the SDK's one text matcher (literal,
 * case- and accent-insensitive), and team members sorted by "last active" page completely.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function get(handle: string, path: string) {
  const res = await t.request('GET', path, { token: await t.login(handle) });
  expect(res.status).toBe(200);
  return res.body;
}

async function post(handle: string, path: string, body: unknown) {
  const res = await t.request('POST', path, { token: await t.login(handle), body });
  expect(res.status).toBe(201);
  return res.body;
}

const names = (page: { items: { name?: string; title?: string }[] }) => page.items.map((i) => i.name ?? i.title).sort();

describe('clients search', () => {
  beforeAll(async () => {
    for (const name of ['Ångström Café', 'élan vital', '50% Off_Sale', '50 Off Sale', 'Back\\slash Ltd']) await post('josh', '/api/v1/clients', { name });
  });

  it('"ångström" and "cafe" find "Ångström Café"; "ÉLAN" finds "élan vital"', async () => {
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('ångström')}`))).toEqual(['Ångström Café']);
    expect(names(await get('josh', '/api/v1/clients?q=cafe'))).toEqual(['Ångström Café']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('ÉLAN')}`))).toEqual(['élan vital']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('ANGSTRÖM CAFÉ')}`))).toEqual(['Ångström Café']);
  });

  it('%, _ and \\ are matched literally, never as patterns', async () => {
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('50%')}`))).toEqual(['50% Off_Sale']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('off_')}`))).toEqual(['50% Off_Sale']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('%')}`))).toEqual(['50% Off_Sale']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('k\\s')}`))).toEqual(['Back\\slash Ltd']);
    expect(names(await get('josh', `/api/v1/clients?q=${encodeURIComponent('_')}`))).toEqual(['50% Off_Sale']);
  });

  it("another agency's clients never match", async () => {
    expect(names(await get('nina', '/api/v1/clients?q=cafe'))).toEqual([]);
  });
});

describe('tickets search', () => {
  it('finds titles and descriptions without case or accents, literally', async () => {
    const clientId = demo.clientIds('chase-digital')[0];
    await post('josh', '/api/v1/tickets', { title: 'Menu du Café Ångström', clientId });
    await post('josh', '/api/v1/tickets', { title: 'Discount code', description: 'Shows 100% off_sale in checkout', clientId });
    expect(names(await get('josh', '/api/v1/tickets?q=cafe%20angstrom'))).toEqual(['Menu du Café Ångström']);
    expect(names(await get('josh', `/api/v1/tickets?q=${encodeURIComponent('ÅNGSTRÖM')}`))).toEqual(['Menu du Café Ångström']);
    expect(names(await get('josh', `/api/v1/tickets?q=${encodeURIComponent('100% OFF_')}`))).toEqual(['Discount code']);
  });
});

describe('team', () => {
  const extra = ['Zoë Ærø', 'Ørjan Ådne', 'Élodie Ünal', 'Ängel Öz'];
  beforeAll(async () => {
    // Four people who never signed in (last_active_at null) next to the four demo users.
    for (const name of extra) {
      await db.query('insert into identity.user (id, agency_id, name, email, role) values ($1, $2, $3, $4, $5)', [
        randomUUID(),
        demo.chase.id,
        name,
        `${randomUUID().slice(0, 8)}@chasedigital.agency`,
        'member',
      ]);
    }
  });

  it('search by name is accent-insensitive ("elodie unal" finds "Élodie Ünal")', async () => {
    expect(names(await get('luke', '/api/v1/users?q=elodie%20unal'))).toEqual(['Élodie Ünal']);
    expect(names(await get('luke', `/api/v1/users?q=${encodeURIComponent('ZOË')}`))).toEqual(['Zoë Ærø']);
  });

  it.each(['asc', 'desc'])('sorted by last active (%s), pages of 3 list all 8 people exactly once', async (order) => {
    const all = await get('luke', '/api/v1/users?limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await get('luke', `/api/v1/users?sort=lastActiveAt&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.items).toHaveLength(8);
    expect(seen).toHaveLength(8);
    expect([...seen].sort()).toEqual(all.items.map((u: { id: string }) => u.id).sort());
  });
});
