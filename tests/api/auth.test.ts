/** Sign-in, refresh rotation with reuse detection, logout, token checks, throttling. */
import jwt from 'jsonwebtoken';
import { platformSecret } from '@audienceos/module-sdk';
import { demoEmail, request, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity'] });
});
afterAll(() => t.stop());

function cookieOf(res: { headers: Headers }): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

describe('login', () => {
  it('returns an access token, the user with agency, and an httpOnly SameSite=Strict refresh cookie', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { email: demoEmail('josh'), password: 'audienceos-demo' } });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.expiresIn).toBe(900);
    expect(res.body.user).toMatchObject({ name: 'Josh Rivera', role: 'manager', agency: { name: 'Chase Digital Agency' } });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/aos_refresh=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('rejects a wrong password with 401 INVALID_CREDENTIALS in the error shape', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { email: demoEmail('garrett'), password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ name: expect.any(String), message: 'Email or password is incorrect', code: 401, type: 'INVALID_CREDENTIALS', data: null });
  });

  it('validates the body with field details (422), never 500', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('VALIDATION_ERROR');
    expect(res.body.data.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
    const broken = await t.request('POST', '/api/v1/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.type).toBe('INVALID_JSON');
  });
});

describe('access tokens', () => {
  it('/auth/me answers with the user, agency and permissions', async () => {
    const token = await t.login('josh');
    const me = await t.request('GET', '/api/v1/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: demoEmail('josh'), role: 'manager' });
    expect(me.body.agency.name).toBe('Chase Digital Agency');
    expect(me.body.permissions).toContain('users:read');
    expect(me.body.permissions).not.toContain('users:manage');
  });

  it('refuses missing, tampered, expired and alg-none tokens with 401', async () => {
    const token = await t.login('josh');
    expect((await t.request('GET', '/api/v1/users')).status).toBe(401);
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'owner' })).toString('base64url')}.${s}`;
    expect((await t.request('GET', '/api/v1/users', { token: tampered })).status).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expect((await t.request('GET', '/api/v1/users', { token: none })).status).toBe(401);
    const expired = jwt.sign({ agency: payload.agency, role: payload.role }, platformSecret(), {
      algorithm: 'HS256', subject: payload.sub, issuer: 'audienceos', audience: 'audienceos-api', expiresIn: -10,
    });
    const res = await t.request('GET', '/api/v1/users', { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('TOKEN_EXPIRED');
    const otherKey = jwt.sign({ agency: payload.agency, role: 'owner' }, 'x'.repeat(48), { algorithm: 'HS256', subject: payload.sub, issuer: 'audienceos', audience: 'audienceos-api' });
    expect((await t.request('GET', '/api/v1/users', { token: otherKey })).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing an old one (after the grace window) revokes the whole family', async () => {
    process.env.REFRESH_GRACE_SECONDS = '0';
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: demoEmail('luke'), password: 'audienceos-demo' } });
    const first = cookieOf(login);
    const r1 = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: first } });
    expect(r1.status).toBe(200);
    const second = cookieOf(r1);
    expect(second).not.toBe(first);
    // The spent cookie comes back: reuse detected, and the newer token dies with it.
    const reuse = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: first } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.type).toBe('REFRESH_TOKEN_REUSED');
    const after = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: second } });
    expect(after.status).toBe(401);
    const audit = await t.request('GET', '/api/v1/audit-log?event=refresh_token', { token: await t.login('luke') });
    expect(audit.body.items.map((a: { event: string }) => a.event)).toContain('refresh_token.reuse_detected');
    delete process.env.REFRESH_GRACE_SECONDS;
  });

  it('logout revokes the session and clears the cookie', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', { body: { email: demoEmail('garrett'), password: 'audienceos-demo' } });
    const cookie = cookieOf(login);
    const out = await t.request('POST', '/api/v1/auth/logout', { headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie } })).status).toBe(401);
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After after 5 failures in 15 minutes, also with the right password', async () => {
    const email = demoEmail('jeff');
    for (let i = 0; i < 5; i++) {
      expect((await t.request('POST', '/api/v1/auth/login', { body: { email, password: `wrong-${i}` } })).status).toBe(401);
    }
    const locked = await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'audienceos-demo' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a forged X-Forwarded-For does not reset the (account, address) count (no trusted proxy)', async () => {
    const res = await request(t.base, 'POST', '/api/v1/auth/login', {
      body: { email: demoEmail('jeff'), password: 'audienceos-demo' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res.status).toBe(429);
  });
});
