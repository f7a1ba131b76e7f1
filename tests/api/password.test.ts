/**
 * Changing your password (issue 8 §3): the new one follows the rule (≥ 12 characters, not
 * common: 422 on the field, nothing changed), a wrong current password is 422 and throttled,
 * and a change ends every session of the person (old access token 401 on the next request).
 */
import { startTestApp, type TestApp } from '../support/app';
import { addPerson, signIn, STRONG_PASSWORD } from '../support/people';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity'] });
});
afterAll(() => t.stop());

const change = (token: string, currentPassword: string, newPassword: string) =>
  t.request('POST', '/api/v1/account/password', { token, body: { currentPassword, newPassword } });

describe('POST /account/password', () => {
  it('refuses weak new passwords and a wrong current one, then changes it and ends every session', async () => {
    const me = await addPerson(t.base, await t.login('luke'), 'changer@chasedigital.agency', 'member', 'Pat Changer');
    const s = await signIn(t.base, me.email, me.password);
    for (const weak of ['short', 'password1234', 'changer@chasedigital.agency', 'patchanger123']) {
      const res = await change(s.token, me.password, weak);
      expect({ weak, status: res.status, field: res.body.data?.[0]?.field }).toEqual({ weak, status: 422, field: 'newPassword' });
    }
    const wrong = await change(s.token, 'not my password', 'a fresh and long pass phrase');
    expect({ status: wrong.status, field: wrong.body.data[0].field }).toEqual({ status: 422, field: 'currentPassword' });
    // Nothing changed so far: the old password still signs in.
    await signIn(t.base, me.email, STRONG_PASSWORD);

    const ok = await change(s.token, me.password, 'a fresh and long pass phrase');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ changed: true, signInAgain: true });
    expect((await t.request('GET', '/api/v1/users', { token: s.token })).body.type).toBe('SESSION_REVOKED');
    expect((await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/login', { body: { email: me.email, password: STRONG_PASSWORD } })).status).toBe(401);
    await signIn(t.base, me.email, 'a fresh and long pass phrase');
  });

  it('needs a signed-in user (401)', async () => {
    expect((await t.request('POST', '/api/v1/account/password', { body: { currentPassword: 'x', newPassword: 'y' } })).status).toBe(401);
  });
});
