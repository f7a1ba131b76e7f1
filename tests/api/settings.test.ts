/**
 * Settings API contract: the agency profile and each user's preferences (validation with
 * field details and nothing written), roles, the modules an agency switches off (and the
 * gateway's module list following it per agency), tenant isolation and authentication.
 */
import pg from 'pg';
import { demo } from '@audienceos/db';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
const chase = demo.chase.id;
const northwind = demo.northwind.id;
const userId = (handle: string) => demo.user('chase-digital', handle).id;

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function as(handle: string) {
  const token = await t.login(handle);
  return <T = any>(method: string, path: string, body?: unknown) => t.request<T>(method, `/api/v1${path}`, { token, body });
}

async function row(sql: string, params: unknown[] = []): Promise<Record<string, any> | undefined> {
  return (await db.query(sql, params)).rows[0];
}

const profileRow = (agencyId: string) => row('select * from settings.agency_profile where agency_id = $1', [agencyId]);
const fields = (body: { data?: { field: string }[] }) => (body.data ?? []).map((d) => d.field).sort();
const moduleNames = (body: { modules: { module: string }[] }) => body.modules.map((m) => m.module);

describe('authentication', () => {
  it.each([
    ['GET', '/settings/profile'],
    ['PATCH', '/settings/profile'],
    ['GET', '/settings/preferences'],
    ['PATCH', '/settings/preferences'],
    ['GET', '/settings/modules'],
    ['PUT', '/settings/modules'],
  ])('%s %s without a token is 401', async (method, path) => {
    const res = await t.request(method, `/api/v1${path}`, method === 'GET' ? {} : { body: {} });
    expect(res.status).toBe(401);
  });

  it('refuses an unsigned broker call to settings.enabledModules', async () => {
    await expect(t.app.broker.call('settings.enabledModules', {}, { meta: { user: { id: userId('luke'), agencyId: chase, role: 'owner' } } })).rejects.toMatchObject({ code: 401 });
  });
});

describe('agency profile', () => {
  it('reads the seeded profile (every role)', async () => {
    const res = await (await as('jeff'))('GET', '/settings/profile');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Chase Digital Agency', timezone: 'America/New_York', defaultCurrency: 'USD', logoUrl: null });
    expect(res.body.businessHours.mon).toEqual({ open: '09:00', close: '17:30' });
    expect(res.body.businessHours.sun).toBeNull();
  });

  it('refuses invalid fields with details and writes nothing', async () => {
    const before = await profileRow(chase);
    const luke = await as('luke');
    const checked = await luke('PATCH', '/settings/profile', {
      timezone: 'Mars/Olympus_Mons',
      defaultCurrency: 'XYZ',
      logoUrl: 'http://insecure.example.com/logo.png',
      businessHours: { mon: { open: '18:00', close: '09:00' } },
    });
    expect(checked.status).toBe(422);
    expect(fields(checked.body)).toEqual(['businessHours.mon.close', 'defaultCurrency', 'logoUrl', 'timezone']);

    const massAssignment = await luke('PATCH', '/settings/profile', { timezone: 'Europe/Paris', agencyId: northwind, updatedBy: userId('jeff') });
    expect(massAssignment.status).toBe(422);
    expect(fields(massAssignment.body)).toEqual(['agencyId', 'updatedBy']);
    const strictShape = await luke('PATCH', '/settings/profile', { displayName: 'X', logoUrl: 'not a url', businessHours: { mon: { open: '9am', close: '17:00' } } });
    expect(strictShape.status).toBe(422);
    expect(fields(strictShape.body)).toEqual(expect.arrayContaining(['displayName', 'logoUrl', 'businessHours.mon.open']));

    expect(await profileRow(chase)).toEqual(before);
    expect((await luke('GET', '/agency')).body.name).toBe('Chase Digital Agency');
  });

  it('lets an admin change fields (business hours merge by day) and a new display name renames the agency', async () => {
    const garrett = await as('garrett');
    const res = await garrett('PATCH', '/settings/profile', {
      displayName: 'Chase Digital',
      timezone: 'America/Chicago',
      defaultCurrency: 'eur',
      logoUrl: 'https://cdn.example.com/chase.png',
      businessHours: { sat: { open: '10:00', close: '14:00' }, fri: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: 'Chase Digital', timezone: 'America/Chicago', defaultCurrency: 'EUR', logoUrl: 'https://cdn.example.com/chase.png' });
    expect(res.body.businessHours).toMatchObject({ mon: { open: '09:00', close: '17:30' }, fri: null, sat: { open: '10:00', close: '14:00' } });

    const again = await (await as('josh'))('GET', '/settings/profile');
    expect(again.body).toEqual(res.body);
    expect((await garrett('GET', '/agency')).body.name).toBe('Chase Digital');
    expect((await profileRow(chase))?.updated_by).toBe(userId('garrett'));

    const cleared = await garrett('PATCH', '/settings/profile', { logoUrl: null, displayName: 'Chase Digital Agency' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ logoUrl: null, displayName: 'Chase Digital Agency', timezone: 'America/Chicago' });
  });

  it.each(['josh', 'jeff'])('refuses %s (no settings:manage) with 403 and writes nothing', async (handle) => {
    const before = await profileRow(chase);
    const res = await (await as(handle))('PATCH', '/settings/profile', { timezone: 'Europe/Paris' });
    expect(res.status).toBe(403);
    expect(res.body.data).toMatchObject({ permission: 'settings:manage' });
    expect(await profileRow(chase)).toEqual(before);
  });
});

describe('user preferences', () => {
  it('starts from the defaults and keeps each user their own', async () => {
    const jeff = await as('jeff');
    const fresh = await jeff('GET', '/settings/preferences');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ theme: 'system', landingModule: null, notifications: { mentions: true, weeklyDigest: false } });

    const res = await jeff('PATCH', '/settings/preferences', { theme: 'dark', notifications: { weeklyDigest: true }, landingModule: 'tickets' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ theme: 'dark', landingModule: 'tickets', notifications: { mentions: true, weeklyDigest: true } });
    expect((await jeff('GET', '/settings/preferences')).body).toEqual(res.body);

    const partial = await jeff('PATCH', '/settings/preferences', { notifications: { mentions: false } });
    expect(partial.body).toMatchObject({ theme: 'dark', notifications: { mentions: false, weeklyDigest: true } });

    expect((await (await as('luke'))('GET', '/settings/preferences')).body.theme).toBe('system');
    expect((await (await as('nina'))('GET', '/settings/preferences')).body.theme).toBe('system');
  });

  it('refuses invalid preferences with details and writes nothing', async () => {
    const josh = await as('josh');
    const before = await row('select * from settings.user_preference where user_id = $1', [userId('josh')]);
    const bad = await josh('PATCH', '/settings/preferences', { theme: 'neon', notifications: { mentions: 'yes', sms: true } });
    expect(bad.status).toBe(422);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(['theme', 'notifications.mentions']));
    const someoneElse = await josh('PATCH', '/settings/preferences', { theme: 'dark', userId: userId('luke') });
    expect(someoneElse.status).toBe(422);
    expect(fields(someoneElse.body)).toEqual(['userId']);
    const landing = await josh('PATCH', '/settings/preferences', { theme: 'dark', landingModule: 'no-such-module' });
    expect(landing.status).toBe(422);
    expect(fields(landing.body)).toEqual(['landingModule']);
    expect(await row('select * from settings.user_preference where user_id = $1', [userId('josh')])).toEqual(before);
  });
});

describe('enabled modules', () => {
  it('lists every module that is up, all on', async () => {
    const res = await (await as('jeff'))('GET', '/settings/modules');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((m: { module: string }) => [m.module, m]));
    expect(Object.keys(byName).sort()).toEqual(['identity', 'pipeline', 'settings', 'tickets']);
    expect(byName.tickets).toMatchObject({ enabled: true, required: false, hasUi: true });
    expect(byName.identity).toMatchObject({ enabled: true, required: true });
    expect(byName.settings).toMatchObject({ enabled: true, required: true, label: 'Settings', icon: 'settings' });
  });

  it("disabling tickets for Chase takes it out of Chase's module list only; enabling brings it back", async () => {
    const luke = await as('luke');
    const jeff = await as('jeff');
    const nina = await as('nina');
    expect(moduleNames((await luke('GET', '/modules')).body)).toContain('tickets');

    const off = await luke('PUT', '/settings/modules', { disabled: ['tickets'] });
    expect(off.status).toBe(200);
    expect(off.body.items.find((m: { module: string }) => m.module === 'tickets')).toMatchObject({ enabled: false });
    expect(await row('select disabled_by from settings.disabled_module where agency_id = $1 and module = $2', [chase, 'tickets'])).toEqual({ disabled_by: userId('luke') });

    const lukeList = moduleNames((await luke('GET', '/modules')).body);
    expect(lukeList).not.toContain('tickets');
    expect(lukeList).toEqual(expect.arrayContaining(['identity', 'pipeline', 'settings']));
    expect(moduleNames((await jeff('GET', '/modules')).body)).not.toContain('tickets');
    expect(moduleNames((await nina('GET', '/modules')).body)).toContain('tickets');
    expect((await nina('GET', '/settings/modules')).body.items.every((m: { enabled: boolean }) => m.enabled)).toBe(true);

    // A landing module must be one that is on.
    expect((await jeff('PATCH', '/settings/preferences', { landingModule: 'tickets' })).status).toBe(422);

    const on = await luke('PUT', '/settings/modules', { disabled: [] });
    expect(on.status).toBe(200);
    expect(on.body.items.every((m: { enabled: boolean }) => m.enabled)).toBe(true);
    expect(moduleNames((await luke('GET', '/modules')).body)).toContain('tickets');
    expect(moduleNames((await jeff('GET', '/modules')).body)).toContain('tickets');
  });

  it('keeps identity and settings on, refuses unknown modules, and writes nothing', async () => {
    const garrett = await as('garrett');
    for (const name of ['identity', 'settings']) {
      const res = await garrett('PUT', '/settings/modules', { disabled: ['tickets', name] });
      expect(res.status).toBe(422);
      expect(res.body.data).toEqual([expect.objectContaining({ field: 'disabled[1]', type: 'required' })]);
    }
    const unknown = await garrett('PUT', '/settings/modules', { disabled: ['crm-x'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.data).toEqual([expect.objectContaining({ field: 'disabled[0]', type: 'unknownModule' })]);
    const shape = await garrett('PUT', '/settings/modules', { disabled: 'tickets' });
    expect(shape.status).toBe(422);
    expect(Number((await row('select count(*) as n from settings.disabled_module'))?.n)).toBe(0);
  });

  it.each(['josh', 'jeff'])('refuses %s switching modules (403)', async (handle) => {
    const res = await (await as(handle))('PUT', '/settings/modules', { disabled: ['tickets'] });
    expect(res.status).toBe(403);
    expect(Number((await row('select count(*) as n from settings.disabled_module'))?.n)).toBe(0);
  });
});

describe('tenant isolation', () => {
  it("Northwind sees its own profile and cannot reach Chase's settings", async () => {
    const nina = await as('nina');
    const chaseBefore = await profileRow(chase);
    const own = await nina('GET', '/settings/profile');
    expect(own.body).toMatchObject({ displayName: 'Northwind Media', timezone: 'Europe/London', defaultCurrency: 'GBP' });

    expect((await nina('PATCH', '/settings/profile', { timezone: 'Asia/Tokyo' })).status).toBe(200);
    expect((await profileRow(northwind))?.timezone).toBe('Asia/Tokyo');
    expect(await profileRow(chase)).toEqual(chaseBefore);

    expect((await nina('PUT', '/settings/modules', { disabled: ['pipeline'] })).status).toBe(200);
    expect(moduleNames((await nina('GET', '/modules')).body)).not.toContain('pipeline');
    expect(moduleNames((await (await as('luke'))('GET', '/modules')).body)).toContain('pipeline');
    expect((await (await as('luke'))('GET', '/settings/modules')).body.items.find((m: { module: string }) => m.module === 'pipeline').enabled).toBe(true);
    expect((await nina('PUT', '/settings/modules', { disabled: [] })).status).toBe(200);
  });
});
