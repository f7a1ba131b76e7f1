/**
 * Issue 8 §1, one-process run over real HTTP: a role change, a deactivation, a logout and a
 * refresh-family revocation end the old access token on the very next request, on reads and
 * writes alike (401 SESSION_REVOKED); signing in again gives the new rights.
 */
import jwt from 'jsonwebtoken';
import { demo, platformSecret } from '@audienceos/module-sdk';
import { demoEmail, startTestApp, type TestApp } from '../support/app';
import { addPerson, signIn } from '../support/people';

let t: TestApp;
let luke: string;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline'] });
  luke = await t.login('luke');
});
afterAll(() => t.stop());

const revoked = { status: 401, body: expect.objectContaining({ type: 'SESSION_REVOKED', code: 401 }) };
const outcome = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

describe('the next request after a change uses the new truth', () => {
  it('a demoted owner cannot promote himself back with his old token', async () => {
    const boss = await addPerson(t.base, luke, 'second.owner@chasedigital.agency', 'owner');
    const old = await signIn(t.base, boss.email, boss.password);
    expect((await t.request('GET', '/api/v1/users', { token: old.token })).status).toBe(200);
    const demote = await t.request('PATCH', `/api/v1/users/${boss.id}/role`, { token: luke, body: { role: 'member' } });
    expect(demote.status).toBe(200);
    // The very next request with the old token, a write and a read, on two modules' routes.
    expect(outcome(await t.request('PATCH', `/api/v1/users/${boss.id}/role`, { token: old.token, body: { role: 'owner' } }))).toMatchObject(revoked);
    expect(outcome(await t.request('GET', '/api/v1/users', { token: old.token }))).toMatchObject(revoked);
    expect(outcome(await t.request('GET', '/api/v1/clients', { token: old.token }))).toMatchObject(revoked);
    expect(outcome(await t.request('GET', '/api/v1/auth/me', { token: old.token }))).toMatchObject(revoked);
    // Signing in again gives a token with the new role, which is refused the owner's action.
    const fresh = await signIn(t.base, boss.email, boss.password);
    const me = await t.request('GET', '/api/v1/auth/me', { token: fresh.token });
    expect(me.body.user.role).toBe('member');
    expect((await t.request('PATCH', `/api/v1/users/${boss.id}/role`, { token: fresh.token, body: { role: 'owner' } })).status).toBe(403);
  });

  it('a deactivated admin cannot reactivate himself with his old token', async () => {
    const admin = await addPerson(t.base, luke, 'short.lived.admin@chasedigital.agency', 'admin');
    const old = await signIn(t.base, admin.email, admin.password);
    expect((await t.request('POST', `/api/v1/users/${admin.id}/deactivate`, { token: luke })).status).toBe(200);
    expect(outcome(await t.request('POST', `/api/v1/users/${admin.id}/activate`, { token: old.token }))).toMatchObject(revoked);
    expect(outcome(await t.request('GET', '/api/v1/users', { token: old.token }))).toMatchObject(revoked);
    // Its refresh cookie is dead too, and a new sign-in is refused.
    expect((await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: old.cookie } })).status).toBe(401);
    const again = await t.request('POST', '/api/v1/auth/login', { body: { email: admin.email, password: admin.password } });
    expect(again.status).toBe(401);
    // Reactivated by the owner: a new sign-in works at once (the announced state says active).
    expect((await t.request('POST', `/api/v1/users/${admin.id}/activate`, { token: luke })).status).toBe(200);
    const back = await signIn(t.base, admin.email, admin.password);
    expect((await t.request('GET', '/api/v1/users', { token: back.token })).status).toBe(200);
    expect(outcome(await t.request('GET', '/api/v1/users', { token: old.token }))).toMatchObject(revoked);
  });

  it('logout ends the access token at once', async () => {
    const s = await signIn(t.base, demoEmail('garrett'), demo.password());
    expect((await t.request('GET', '/api/v1/users', { token: s.token })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/logout', { headers: { cookie: s.cookie } })).status).toBe(204);
    expect(outcome(await t.request('GET', '/api/v1/users', { token: s.token }))).toMatchObject(revoked);
  });

  it('a refresh-family revocation (reuse detected) ends the access tokens too', async () => {
    process.env.REFRESH_GRACE_SECONDS = '0';
    try {
      const s = await signIn(t.base, demoEmail('josh'), demo.password());
      const rotated = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: s.cookie } });
      expect(rotated.status).toBe(200);
      const newer = rotated.body.accessToken as string;
      expect((await t.request('GET', '/api/v1/users', { token: newer })).status).toBe(200);
      const reuse = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: s.cookie } });
      expect(reuse.body.type).toBe('REFRESH_TOKEN_REUSED');
      expect(outcome(await t.request('GET', '/api/v1/users', { token: newer }))).toMatchObject(revoked);
      expect(outcome(await t.request('GET', '/api/v1/users', { token: s.token }))).toMatchObject(revoked);
    } finally {
      delete process.env.REFRESH_GRACE_SECONDS;
    }
  });

  it('tokens of other people are untouched, and a token without a session version is refused', async () => {
    expect((await t.request('GET', '/api/v1/users', { token: luke })).status).toBe(200);
    const [h, p] = luke.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    expect(payload.sv).toEqual(expect.any(Number));
    // Changing sv breaks the signature: the version cannot be raised by the client.
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sv: payload.sv + 5 })).toString('base64url')}.${luke.split('.')[2]}`;
    expect((await t.request('GET', '/api/v1/users', { token: forged })).status).toBe(401);
    // A well-signed token from before session versions (no `sv`) counts as version 0: refused.
    const legacy = jwt.sign({ agency: payload.agency, role: payload.role }, platformSecret(), {
      algorithm: 'HS256', subject: payload.sub, issuer: 'audienceos', audience: 'audienceos-api', expiresIn: 60,
    });
    expect(outcome(await t.request('GET', '/api/v1/users', { token: legacy }))).toMatchObject(revoked);
  });
});
