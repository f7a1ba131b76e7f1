/**
 * Issue 8 §3: sign-in that can't be gamed, over real HTTP against a real PostgreSQL.
 * Emails by equality (never a pattern), the same work whether an email exists or a slug
 * matches, agency choice for one email in two agencies, (account, address) throttling with a
 * progressive delay, refresh in two tabs, malformed cookies and foreign origins.
 * The gateway trusts X-Forwarded-For here (TRUST_PROXY) so that tests can speak from
 * several addresses.
 */
import { demo } from '@audienceos/module-sdk';
import { demoEmail, request, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/processes';
import { addPerson, STRONG_PASSWORD } from '../support/people';

let t: TestApp;
const throttleEnv = ['LOGIN_MAX_FAILURES', 'LOGIN_MAX_FAILURES_PER_ADDRESS', 'LOGIN_DELAY_SECONDS'];
beforeAll(async () => {
  process.env.TRUST_PROXY = 'true';
  t = await startTestApp({ modules: ['identity'] });
  delete process.env.TRUST_PROXY;
});
afterAll(() => t.stop());
afterEach(() => throttleEnv.forEach((k) => delete process.env[k]));

const login = (body: Record<string, unknown>, from = '192.0.2.10', headers: Record<string, string> = {}) =>
  request(t.base, 'POST', '/api/v1/auth/login', { body, headers: { 'x-forwarded-for': from, ...headers } });
const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

describe('emails are compared by equality of the normalised address', () => {
  it('a LIKE pattern with the right password signs in as nobody; another case of the address works', async () => {
    for (const email of ['%@chasedigital.agency', '_uke@chasedigital.agency', 'l%@chasedigital.agency']) {
      const res = await login({ email, password: demo.password() }, '192.0.2.11');
      expect({ email, status: res.status, type: res.body.type }).toEqual({ email, status: 401, type: 'INVALID_CREDENTIALS' });
    }
    const upper = await login({ email: 'LUKE@ChaseDigital.Agency', password: demo.password() }, '192.0.2.11');
    expect(upper.status).toBe(200);
    expect(upper.body.user.email).toBe(demoEmail('luke'));
  });

  it('invitations: the uniqueness check is by equality too', async () => {
    const luke = await t.login('luke');
    const dup = await t.request('POST', '/api/v1/invitations', { token: luke, body: { email: 'GARRETT@chasedigital.agency', role: 'member' } });
    expect(dup.status).toBe(422);
    expect(dup.body.data[0]).toMatchObject({ field: 'email', type: 'unique' });
    const pattern = await t.request('POST', '/api/v1/invitations', { token: luke, body: { email: '%@chasedigital.agency', role: 'member' } });
    expect(pattern.status).toBe(201);
  });
});

describe('the same work whether the email exists or the slug matches', () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  async function timed(body: Record<string, unknown>, from: string): Promise<number> {
    const started = process.hrtime.bigint();
    const res = await login(body, from);
    expect(res.status).toBe(401);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }

  it('medians of 10 wrong sign-ins each are within 0.5-2x of each other', async () => {
    process.env.LOGIN_MAX_FAILURES = '1000';
    process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = '1000';
    // `existing` names the right agency: it is also the "slug matches" case.
    const cases: Record<string, Record<string, unknown>> = {
      existing: { email: demoEmail('garrett'), password: 'not-the-password', agency: 'chase-digital' },
      unknown: { email: 'nobody.here@chasedigital.agency', password: 'not-the-password' },
      slugDiffers: { email: demoEmail('garrett'), password: 'not-the-password', agency: 'northwind-media' },
    };
    await timed(cases.unknown!, '192.0.2.12'); // warm-up
    const times: Record<string, number[]> = { existing: [], unknown: [], slugDiffers: [] };
    for (let i = 0; i < 10; i++) {
      // Interleaved, so that load from other work on the machine falls on every case alike.
      for (const name of Object.keys(cases)) times[name]!.push(await timed(cases[name]!, '192.0.2.12'));
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    const ratio = (a: number, b: number) => a / b;
    expect(ratio(m.existing!, m.unknown!)).toBeGreaterThan(0.5);
    expect(ratio(m.existing!, m.unknown!)).toBeLessThan(2);
    expect(ratio(m.existing!, m.slugDiffers!)).toBeGreaterThan(0.5);
    expect(ratio(m.existing!, m.slugDiffers!)).toBeLessThan(2);
  }, 120000);
});

describe('one email in two agencies', () => {
  it('answers 409 AGENCY_CHOICE_REQUIRED after the password verified, and signs in to the chosen agency', async () => {
    const nina = await t.login('nina');
    await addPerson(t.base, nina, demoEmail('josh'), 'manager', 'Josh at Northwind');
    // Josh's Chase password: only Chase is offered (a password says nothing about the other).
    const chase = await login({ email: demoEmail('josh'), password: demo.password() }, '192.0.2.13');
    expect({ status: chase.status, type: chase.body.type, data: chase.body.data }).toEqual({
      status: 409,
      type: 'AGENCY_CHOICE_REQUIRED',
      data: { agencies: [{ slug: 'chase-digital', name: 'Chase Digital Agency' }] },
    });
    const north = await login({ email: demoEmail('josh'), password: STRONG_PASSWORD }, '192.0.2.13');
    expect(north.body.data.agencies).toEqual([{ slug: 'northwind-media', name: 'Northwind Media' }]);
    // A wrong password reveals no agency.
    const wrong = await login({ email: demoEmail('josh'), password: 'nope-nope-nope' }, '192.0.2.13');
    expect({ status: wrong.status, data: wrong.body.data }).toEqual({ status: 401, data: null });
    const chosen = await login({ email: demoEmail('josh'), password: STRONG_PASSWORD, agency: 'northwind-media' }, '192.0.2.13');
    expect(chosen.status).toBe(200);
    expect(chosen.body.user.agency.slug).toBe('northwind-media');
    expect(chosen.body.user.name).toBe('Josh at Northwind');
  });
});

describe('throttling: progressive delay per (account, address), higher threshold per address', () => {
  it('five mistakes delay that account from that address only; colleagues and other addresses are not refused', async () => {
    process.env.LOGIN_DELAY_SECONDS = '1';
    const office = '198.51.100.7';
    for (let i = 0; i < 5; i++) expect((await login({ email: demoEmail('jeff'), password: `wrong-${i}` }, office)).status).toBe(401);
    const held = await login({ email: demoEmail('jeff'), password: demo.password() }, office);
    expect(held.status).toBe(429);
    expect(held.body.type).toBe('TOO_MANY_REQUESTS');
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A colleague behind the same address, and Jeff from an address that has not failed.
    expect((await login({ email: demoEmail('garrett'), password: demo.password() }, office)).status).toBe(200);
    expect((await login({ email: demoEmail('jeff'), password: demo.password() }, '198.51.100.8')).status).toBe(200);
    // Progressive: once the delay has passed, another failure doubles it.
    const sixth = await eventually(async () => {
      const res = await login({ email: demoEmail('jeff'), password: 'wrong-again' }, office);
      if (res.status === 429) throw new Error('still waiting');
      return res;
    }, 10000);
    expect(sixth.status).toBe(401);
    const after = await login({ email: demoEmail('jeff'), password: demo.password() }, office);
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
  }, 30000);

  it('an address failing across many accounts is delayed as a whole (suspicious address)', async () => {
    process.env.LOGIN_MAX_FAILURES_PER_ADDRESS = '8';
    const bad = '203.0.113.66';
    for (let i = 0; i < 8; i++) expect((await login({ email: `guess-${i}@chasedigital.agency`, password: 'x' }, bad)).status).toBe(401);
    expect((await login({ email: demoEmail('garrett'), password: demo.password() }, bad)).status).toBe(429);
    expect((await login({ email: demoEmail('garrett'), password: demo.password() }, '203.0.113.67')).status).toBe(200);
  });
});

describe('refresh and logout', () => {
  it('two refreshes with the same cookie at the same moment both succeed (two tabs)', async () => {
    const res = await login({ email: demoEmail('luke'), password: demo.password() }, '192.0.2.20');
    const cookie = cookieOf(res);
    const both = await Promise.all([1, 2].map(() => request(t.base, 'POST', '/api/v1/auth/refresh', { headers: { cookie } })));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    for (const r of both) expect((await t.request('GET', '/api/v1/users', { token: r.body.accessToken })).status).toBe(200);
  });

  it('a malformed Cookie header is ignored, never a 500', async () => {
    for (const cookie of ['aos_refresh=%E0%A4%A', 'aos_refresh', '=;;=;aos_refresh=%', `aos_refresh=${'%'.repeat(300)}`, 'aos_refresh="quoted value"']) {
      const res = await request(t.base, 'POST', '/api/v1/auth/refresh', { headers: { cookie } });
      expect({ cookie, status: res.status }).toEqual({ cookie, status: 401 });
      const out = await request(t.base, 'POST', '/api/v1/auth/logout', { headers: { cookie } });
      expect({ cookie, status: out.status }).toEqual({ cookie, status: 204 });
    }
  });

  it('refresh and logout refuse a foreign Origin (403) and accept their own', async () => {
    const res = await login({ email: demoEmail('garrett'), password: demo.password() }, '192.0.2.21');
    const cookie = cookieOf(res);
    for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
      const foreign = await request(t.base, 'POST', path, { headers: { cookie, origin: 'https://evil.example' } });
      expect({ path, status: foreign.status, type: foreign.body.type }).toEqual({ path, status: 403, type: 'ORIGIN_NOT_ALLOWED' });
    }
    const own = await request(t.base, 'POST', '/api/v1/auth/refresh', { headers: { cookie, origin: t.base } });
    expect(own.status).toBe(200);
  });
});
