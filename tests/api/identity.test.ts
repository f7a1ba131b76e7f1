/** Team, roles, invitations, client access, tenant isolation and the gateway's contract. */
import { demo } from '@audienceos/db';
import { startTestApp, type TestApp, TEST_METRICS_TOKEN } from '../support/app';

let t: TestApp;
const chaseUser = (handle: string) => demo.user('chase-digital', handle);

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline'] });
});
afterAll(() => t.stop());

describe('tenant isolation', () => {
  it("Northwind's token on Chase's ids gets 404 on every route", async () => {
    const nina = await t.login('nina');
    const josh = chaseUser('josh').id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/users/${josh}`],
      ['PATCH', `/api/v1/users/${josh}`, { name: 'Hacked' }],
      ['PATCH', `/api/v1/users/${josh}/role`, { role: 'member' }],
      ['POST', `/api/v1/users/${josh}/deactivate`],
      ['POST', `/api/v1/users/${josh}/activate`],
      ['GET', `/api/v1/users/${josh}/client-access`],
      ['PUT', `/api/v1/users/${josh}/client-access`, { grants: [] }],
    ];
    for (const [method, path, body] of routes) {
      const res = await t.request(method, path, { token: nina, body });
      expect({ route: `${method} ${path}`, status: res.status, type: res.body.type }).toEqual({ route: `${method} ${path}`, status: 404, type: 'USER_NOT_FOUND' });
    }
    const list = await t.request('GET', '/api/v1/users', { token: nina });
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(['nina@northwind.media']);
    const josh2 = await t.request('GET', `/api/v1/users/${josh}`, { token: await t.login('luke') });
    expect(josh2.body.name).toBe('Josh Rivera');
  });
});

describe('roles', () => {
  it('a manager cannot change roles (403 with the permission named); an owner can, and it is audited', async () => {
    const jeff = chaseUser('jeff').id;
    const denied = await t.request('PATCH', `/api/v1/users/${jeff}/role`, { token: await t.login('josh'), body: { role: 'manager' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: 'FORBIDDEN', data: { permission: 'users:manage', role: 'manager' } });
    const luke = await t.login('luke');
    const ok = await t.request('PATCH', `/api/v1/users/${jeff}/role`, { token: luke, body: { role: 'manager' } });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('manager');
    await t.request('PATCH', `/api/v1/users/${jeff}/role`, { token: luke, body: { role: 'member' } });
    const audit = await t.request('GET', '/api/v1/audit-log?event=user.role_changed', { token: luke });
    expect(audit.body.items[0]).toMatchObject({ event: 'user.role_changed', targetId: jeff, data: { from: 'manager', to: 'member' } });
  });

  it('an admin cannot make an owner, and the last owner cannot be demoted', async () => {
    const garrett = await t.login('garrett');
    const res = await t.request('PATCH', `/api/v1/users/${chaseUser('josh').id}/role`, { token: garrett, body: { role: 'owner' } });
    expect(res.status).toBe(403);
    const last = await t.request('PATCH', `/api/v1/users/${chaseUser('luke').id}/role`, { token: await t.login('luke'), body: { role: 'admin' } });
    expect(last.status).toBe(409);
    expect(last.body.type).toBe('LAST_OWNER');
  });

  it('members cannot read the audit log', async () => {
    const res = await t.request('GET', '/api/v1/audit-log', { token: await t.login('jeff') });
    expect(res.status).toBe(403);
  });
});

describe('validation', () => {
  it('bad ids, bad enums and unknown fields are 422 with field details, and nothing is written', async () => {
    const luke = await t.login('luke');
    const badId = await t.request('GET', '/api/v1/users/not-a-uuid', { token: luke });
    expect(badId.status).toBe(422);
    expect(badId.body.data[0]).toMatchObject({ field: 'id', type: 'uuid' });
    const josh = chaseUser('josh').id;
    const massAssign = await t.request('PATCH', `/api/v1/users/${josh}`, { token: luke, body: { name: 'Joshua', role: 'owner', agencyId: demo.northwind.id } });
    expect(massAssign.status).toBe(422);
    expect(massAssign.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['agencyId', 'role']);
    const after = await t.request('GET', `/api/v1/users/${josh}`, { token: luke });
    expect(after.body).toMatchObject({ name: 'Josh Rivera', role: 'manager' });
    const badEnum = await t.request('PATCH', `/api/v1/users/${josh}/role`, { token: luke, body: { role: 'emperor' } });
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.data[0]).toMatchObject({ field: 'role', type: 'enumValue' });
  });
});

describe('invitations', () => {
  it('an admin invites, the invitee accepts with a password and can sign in with the invited role', async () => {
    const garrett = await t.login('garrett');
    const invite = await t.request('POST', '/api/v1/invitations', { token: garrett, body: { email: 'maria@chasedigital.agency', role: 'member' } });
    expect(invite.status).toBe(201);
    expect(invite.body).toMatchObject({ status: 'pending', token: expect.any(String) });
    const weak = await t.request('POST', '/api/v1/invitations/accept', { body: { token: invite.body.token, name: 'Maria', password: 'short' } });
    expect(weak.status).toBe(422);
    const accepted = await t.request('POST', '/api/v1/invitations/accept', { body: { token: invite.body.token, name: 'Maria Lopez', password: 'a-long-enough-password' } });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'maria@chasedigital.agency', role: 'member', agencyId: demo.chase.id });
    const again = await t.request('POST', '/api/v1/invitations/accept', { body: { token: invite.body.token, name: 'Maria', password: 'a-long-enough-password' } });
    expect(again.status).toBe(404);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: 'maria@chasedigital.agency', password: 'a-long-enough-password' } });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('member');
  });

  it('members cannot invite', async () => {
    const res = await t.request('POST', '/api/v1/invitations', { token: await t.login('jeff'), body: { email: 'x@chasedigital.agency', role: 'member' } });
    expect(res.status).toBe(403);
  });
});

describe('client access', () => {
  it('is read and replaced by admins; the scope other modules ask for follows it', async () => {
    const luke = await t.login('luke');
    const jeff = chaseUser('jeff').id;
    const before = await t.request('GET', `/api/v1/users/${jeff}/client-access`, { token: luke });
    expect(before.body.allClients).toBe(false);
    expect(before.body.grants).toHaveLength(4);
    const [c1, c2] = demo.clientIds('chase-digital');
    const put = await t.request('PUT', `/api/v1/users/${jeff}/client-access`, { token: luke, body: { grants: [{ clientId: c1, access: 'write' }, { clientId: c2, access: 'read' }] } });
    expect(put.status).toBe(200);
    const scope = await t.app.broker.call('users.clientScope', {}, { meta: (await import('@audienceos/module-sdk')).signCaller({ id: jeff, agencyId: demo.chase.id, role: 'member' }) });
    expect(scope).toEqual({ all: false, read: expect.arrayContaining([c1, c2]), write: [c1] });
  });
});

describe('gateway contract', () => {
  it('lists the modules that are up, filtered by role', async () => {
    const res = await t.request('GET', '/api/v1/modules', { token: await t.login('jeff') });
    expect(res.status).toBe(200);
    expect(res.body.modules.map((m: { module: string }) => m.module).sort()).toEqual(['identity', 'pipeline']);
    expect((await t.request('GET', '/api/v1/modules')).status).toBe(401);
  });

  it('serves an OpenAPI 3 document generated from the services', async () => {
    const res = await t.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/v1/users/{id}/role'].patch.requestBody.content['application/json'].schema.properties.role.enum).toContain('owner');
    expect(res.body.paths['/api/v1/auth/login'].post.security).toEqual([]);
    const docs = await t.request('GET', '/api/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('health, readiness and Prometheus metrics', async () => {
    expect((await t.request('GET', '/health/live')).body).toEqual({ status: 'live' });
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database.ok).toBe(true);
    const metrics = await t.request('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/# TYPE moleculer_request_total counter/);
  });

  it('sends security headers, limits bodies, and answers unknown routes with the JSON error shape', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const big = await t.request('POST', '/api/v1/auth/login', { body: { email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.body.type).toBe('PAYLOAD_TOO_LARGE');
    const missing = await t.request('GET', '/api/v1/nothing-here', { token: await t.login('josh') });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ name: expect.any(String), code: 404, type: expect.any(String) });
  });
});
