/**
 * Pipeline configuration: the agency's stages (lazy defaults, validated replacement) and its
 * health thresholds. A file of its own because it changes agency-wide settings.
 */
import pg from 'pg';
import { demo } from '@audienceos/db';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
const [, summit] = demo.clientIds('chase-digital');

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
  return (method: string, path: string, body?: unknown) => t.request(method, `/api/v1${path}`, { token, body });
}

const DEFAULT_KEYS = ['onboarding', 'installation', 'audit', 'live', 'needs-support', 'off-boarding'];

describe('stages', () => {
  it('are created with the defaults, once, for an agency that has none', async () => {
    await db.query('delete from pipeline.stage where agency_id = $1', [demo.northwind.id]);
    const nina = await as('nina');
    const [a, b] = await Promise.all([nina('GET', '/clients/stages'), nina('GET', '/clients/stages')]);
    expect(a.body.items.map((s: { key: string }) => s.key)).toEqual(DEFAULT_KEYS);
    expect(b.body.items.map((s: { key: string }) => s.key)).toEqual(DEFAULT_KEYS);
    expect((await db.query('select count(*)::int n from pipeline.stage where agency_id = $1', [demo.northwind.id])).rows[0].n).toBe(6);
  });

  it('only owners and admins replace them', async () => {
    const res = await (await as('josh'))('PUT', '/clients/stages', { stages: [{ name: 'Everything' }] });
    expect(res.status).toBe(403);
    expect(res.body.data.permission).toBe('pipeline:manage');
  });

  it('refuses duplicate names and removing a stage that still holds clients (422, nothing changed)', async () => {
    const luke = await as('luke');
    const dup = await luke('PUT', '/clients/stages', { stages: [{ key: 'onboarding', name: 'Live' }, { key: 'live', name: 'live' }] });
    expect(dup.status).toBe(422);
    expect(dup.body.data.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['stages[0].name', 'stages[1].name', 'stages']));
    const occupied = await luke('PUT', '/clients/stages', { stages: DEFAULT_KEYS.filter((k) => k !== 'audit').map((key) => ({ key, name: key })) });
    expect(occupied.status).toBe(422);
    expect(occupied.body.data[0]).toMatchObject({ field: 'stages', type: 'stageInUse', actual: 'audit' });
    const extra = await luke('PUT', '/clients/stages', { stages: [{ name: 'A', color: 'red' }] });
    expect(extra.status).toBe(422);
    expect((await luke('GET', '/clients/stages')).body.items.map((s: { key: string }) => s.key)).toEqual(DEFAULT_KEYS);
  });

  it('renames, reorders, adds and removes empty stages; keys of kept stages do not change', async () => {
    const nina = await as('nina');
    // Northwind has no client in Off-Boarding or Needs Support.
    const res = await nina('PUT', '/clients/stages', {
      stages: [
        { key: 'onboarding', name: 'Kickoff' },
        { name: 'Access & Setup' },
        { key: 'installation', name: 'Installation' },
        { key: 'audit', name: 'QA' },
        { key: 'live', name: 'Live' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { key: 'onboarding', name: 'Kickoff', position: 0 },
      { key: 'access-setup', name: 'Access & Setup', position: 1 },
      { key: 'installation', name: 'Installation', position: 2 },
      { key: 'audit', name: 'QA', position: 3 },
      { key: 'live', name: 'Live', position: 4 },
    ]);
    const board = await nina('GET', '/clients/board');
    expect(board.body.stages.map((s: { key: string; count: number }) => [s.key, s.count])).toEqual([
      ['onboarding', 1],
      ['access-setup', 0],
      ['installation', 0],
      ['audit', 1],
      ['live', 1],
    ]);
    // Chase's stages are untouched.
    expect((await (await as('josh'))('GET', '/clients/stages')).body.items.map((s: { key: string }) => s.key)).toEqual(DEFAULT_KEYS);
  });
});

describe('health thresholds', () => {
  it('default to 7/14 days and change health everywhere when set', async () => {
    const luke = await as('luke');
    expect((await luke('GET', '/clients/health-thresholds')).body).toEqual({ yellowAfterDays: 7, redAfterDays: 14 });
    expect((await luke('GET', `/clients/${summit}`)).body).toMatchObject({ daysInStage: 10, health: 'yellow' });
    const invalid = await luke('PUT', '/clients/health-thresholds', { yellowAfterDays: 10, redAfterDays: 5 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.data[0].field).toBe('redAfterDays');
    expect((await (await as('garrett'))('PUT', '/clients/health-thresholds', { yellowAfterDays: 3, redAfterDays: 9 })).status).toBe(200);
    expect((await luke('GET', `/clients/${summit}`)).body.health).toBe('red');
    const red = await luke('GET', '/clients?health=red&limit=100');
    expect(red.body.items.map((c: { id: string }) => c.id)).toContain(summit);
    expect((await (await as('jeff'))('PUT', '/clients/health-thresholds', { yellowAfterDays: 30, redAfterDays: 60 })).status).toBe(403);
  });
});
