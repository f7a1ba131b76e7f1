/**
 * Issue 8 §2: owner and admin rules that hold under concurrency. Two owners demoting or
 * deactivating each other at the same moment: one succeeds, the other gets 409 LAST_OWNER
 * (an agency row lock, not check-then-act). An admin cannot touch an owner (403). Client
 * grants refuse ids that are not the agency's clients (422, nothing written).
 */
import { randomUUID } from 'node:crypto';
import { demo, signCaller } from '@audienceos/module-sdk';
import { demoEmail, startTestApp, type TestApp } from '../support/app';
import { addPerson, signIn, type Person } from '../support/people';

let t: TestApp;
let boss: Person;
const lukeId = demo.user('chase-digital', 'luke').id;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline'] });
  boss = await addPerson(t.base, await t.login('luke'), 'co.owner@chasedigital.agency', 'owner', 'Co Owner');
});
afterAll(() => t.stop());

async function activeOwners(token: string): Promise<string[]> {
  const res = await t.request('GET', '/api/v1/users?limit=100&active=true', { token });
  return res.body.items.filter((u: { role: string }) => u.role === 'owner').map((u: { id: string }) => u.id);
}

async function bothSignedIn() {
  const [a, b] = await Promise.all([signIn(t.base, demoEmail('luke'), demo.password()), signIn(t.base, boss.email, boss.password)]);
  return { luke: a.token, boss: b.token };
}

describe('at least one active owner, under concurrency', () => {
  it('two owners demoting each other at the same moment over HTTP: one 200, the other refused, an owner remains', async () => {
    for (let round = 0; round < 3; round++) {
      const s = await bothSignedIn();
      const [x, y] = await Promise.all([
        t.request('PATCH', `/api/v1/users/${boss.id}/role`, { token: s.luke, body: { role: 'admin' } }),
        t.request('PATCH', `/api/v1/users/${lukeId}/role`, { token: s.boss, body: { role: 'admin' } }),
      ]);
      expect([x.status, y.status].filter((code) => code === 200)).toHaveLength(1);
      // 409 LAST_OWNER from the lock, or 401 SESSION_REVOKED when the winner committed first.
      expect(['LAST_OWNER', 'SESSION_REVOKED']).toContain([x, y].find((r) => r.status !== 200)!.body.type);
      const survivor = x.status === 200 ? await signIn(t.base, demoEmail('luke'), demo.password()) : await signIn(t.base, boss.email, boss.password);
      expect(await activeOwners(survivor.token)).toHaveLength(1);
      const loserId = x.status === 200 ? boss.id : lukeId;
      expect((await t.request('PATCH', `/api/v1/users/${loserId}/role`, { token: survivor.token, body: { role: 'owner' } })).status).toBe(200);
    }
  });

  it('two owners deactivating each other at the same moment over HTTP: exactly one succeeds, an owner remains', async () => {
    for (let round = 0; round < 3; round++) {
      const s = await bothSignedIn();
      const [x, y] = await Promise.all([
        t.request('POST', `/api/v1/users/${boss.id}/deactivate`, { token: s.luke }),
        t.request('POST', `/api/v1/users/${lukeId}/deactivate`, { token: s.boss }),
      ]);
      expect([x.status, y.status].filter((code) => code === 200)).toHaveLength(1);
      // The loser is refused by the lock (409) or, if the winner's change committed before its
      // request passed the gateway, by its ended session (401).
      const loser = [x, y].find((r) => r.status !== 200)!;
      expect([409, 401]).toContain(loser.status);
      expect(['LAST_OWNER', 'SESSION_REVOKED']).toContain(loser.body.type);
      const survivor = x.status === 200 ? await signIn(t.base, demoEmail('luke'), demo.password()) : await signIn(t.base, boss.email, boss.password);
      expect(await activeOwners(survivor.token)).toHaveLength(1);
      const loserId = x.status === 200 ? boss.id : lukeId;
      expect((await t.request('POST', `/api/v1/users/${loserId}/activate`, { token: survivor.token })).status).toBe(200);
    }
  });

  it('both calls past the gateway at once (on the broker): one deactivates / demotes, the other gets 409 LAST_OWNER', async () => {
    const agencyId = demo.chase.id;
    const as = (id: string) => ({ meta: signCaller({ id, agencyId, role: 'owner' }) });
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([
        t.app.broker.call('users.deactivate', { id: boss.id }, as(lukeId)),
        t.app.broker.call('users.deactivate', { id: lukeId }, as(boss.id)),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect({ code: failed.reason.code, type: failed.reason.type }).toEqual({ code: 409, type: 'LAST_OWNER' });
      const loserId = results[0]!.status === 'fulfilled' ? boss.id : lukeId;
      const winnerId = loserId === lukeId ? boss.id : lukeId;
      await t.app.broker.call('users.activate', { id: loserId }, as(winnerId));
    }
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([
        t.app.broker.call('users.changeRole', { id: boss.id, role: 'manager' }, as(lukeId)),
        t.app.broker.call('users.changeRole', { id: lukeId, role: 'manager' }, as(boss.id)),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect({ code: failed.reason.code, type: failed.reason.type }).toEqual({ code: 409, type: 'LAST_OWNER' });
      const loserId = results[0]!.status === 'fulfilled' ? boss.id : lukeId;
      const winnerId = loserId === lukeId ? boss.id : lukeId;
      await t.app.broker.call('users.changeRole', { id: loserId, role: 'owner' }, as(winnerId));
    }
  });

  it('the last owner cannot be demoted or deactivated (409), nor deactivate himself', async () => {
    const nina = await signIn(t.base, demoEmail('nina'), demo.password());
    const ninaId = demo.user('northwind-media', 'nina').id;
    expect((await t.request('PATCH', `/api/v1/users/${ninaId}/role`, { token: nina.token, body: { role: 'admin' } })).body.type).toBe('LAST_OWNER');
    expect((await t.request('POST', `/api/v1/users/${ninaId}/deactivate`, { token: nina.token })).status).toBe(409);
  });
});

describe('only an owner acts on an owner', () => {
  it('an admin gets 403 deactivating, reactivating, editing, re-roling or changing the grants of an owner', async () => {
    const garrett = await t.login('garrett');
    const attempts: [string, string, unknown?][] = [
      ['POST', `/api/v1/users/${boss.id}/deactivate`],
      ['POST', `/api/v1/users/${boss.id}/activate`],
      ['PATCH', `/api/v1/users/${boss.id}`, { name: 'Renamed By Admin' }],
      ['PATCH', `/api/v1/users/${boss.id}/role`, { role: 'member' }],
      ['PUT', `/api/v1/users/${boss.id}/client-access`, { grants: [] }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, { token: garrett, body });
      expect({ path, method, status: res.status, type: res.body.type }).toEqual({ path, method, status: 403, type: 'FORBIDDEN' });
    }
    const after = await t.request('GET', `/api/v1/users/${boss.id}`, { token: garrett });
    expect(after.body).toMatchObject({ name: 'Co Owner', role: 'owner', active: true });
  });
});

describe('client-access grants', () => {
  it('refuse client ids that are not the agency clients (422, nothing written)', async () => {
    const luke = await t.login('luke');
    const jeff = demo.user('chase-digital', 'jeff').id;
    const before = await t.request('GET', `/api/v1/users/${jeff}/client-access`, { token: luke });
    const [own] = demo.clientIds('chase-digital');
    const [foreign] = demo.clientIds('northwind-media');
    for (const bad of [foreign!, randomUUID()]) {
      const res = await t.request('PUT', `/api/v1/users/${jeff}/client-access`, { token: luke, body: { grants: [{ clientId: own, access: 'read' }, { clientId: bad, access: 'write' }] } });
      expect({ status: res.status, type: res.body.type }).toEqual({ status: 422, type: 'VALIDATION_ERROR' });
      expect(res.body.data).toEqual([expect.objectContaining({ field: 'grants[1].clientId', type: 'reference', actual: bad })]);
    }
    const after = await t.request('GET', `/api/v1/users/${jeff}/client-access`, { token: luke });
    expect(after.body).toEqual(before.body);
  });
});
