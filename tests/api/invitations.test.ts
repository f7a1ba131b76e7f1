/**
 * Issue 8 §3, invitations: concurrent accepts of one token give exactly one 201; chosen
 * passwords are at least 12 characters and not common (422 on the field, nothing written);
 * invitations can be revoked and re-sent (the old link stops working).
 */
import { startTestApp, type TestApp } from '../support/app';
import { STRONG_PASSWORD } from '../support/people';

let t: TestApp;
let luke: string;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity'] });
  luke = await t.login('luke');
});
afterAll(() => t.stop());

async function invite(email: string, role = 'member') {
  const res = await t.request('POST', '/api/v1/invitations', { token: luke, body: { email, role } });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string };
}
const accept = (token: string, password = STRONG_PASSWORD, name = 'New Person') => t.request('POST', '/api/v1/invitations/accept', { body: { token, name, password } });
const teamEmails = async () => (await t.request('GET', '/api/v1/users?limit=100', { token: luke })).body.items.map((u: { email: string }) => u.email);

describe('accepting an invitation', () => {
  it('five accepts of one token at the same moment: exactly one 201, the others 404/409', async () => {
    const inv = await invite('race@chasedigital.agency');
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => accept(inv.token)));
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    for (const c of codes.filter((x) => x !== 201)) expect([404, 409]).toContain(c);
    expect((await teamEmails()).filter((e: string) => e === 'race@chasedigital.agency')).toHaveLength(1);
  });

  it('refuses short and common passwords with a message on the field, and creates nobody', async () => {
    const inv = await invite('weak@chasedigital.agency');
    for (const password of ['short-pw', 'password1234', '123456789012', 'qwertyuiopas', 'weak@chasedigital.agency']) {
      const res = await accept(inv.token, password);
      expect({ password, status: res.status }).toEqual({ password, status: 422 });
      expect(res.body.data[0]).toMatchObject({ field: 'password', message: expect.any(String) });
    }
    expect(await teamEmails()).not.toContain('weak@chasedigital.agency');
    expect((await accept(inv.token)).status).toBe(201);
  });
});

describe('revoke and re-send', () => {
  it('a revoked invitation cannot be accepted; re-sending gives a new link and the old one stops working', async () => {
    const inv = await invite('resend@chasedigital.agency');
    expect((await t.request('DELETE', `/api/v1/invitations/${inv.id}`, { token: luke })).body.status).toBe('revoked');
    expect((await accept(inv.token)).status).toBe(404);
    const again = await t.request('POST', `/api/v1/invitations/${inv.id}/resend`, { token: luke });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: inv.id, status: 'pending', token: expect.any(String) });
    expect(again.body.token).not.toBe(inv.token);
    expect((await accept(inv.token)).status).toBe(404);
    expect((await accept(again.body.token)).status).toBe(201);
    const done = await t.request('POST', `/api/v1/invitations/${inv.id}/resend`, { token: luke });
    expect({ status: done.status, type: done.body.type }).toEqual({ status: 409, type: 'INVITATION_ACCEPTED' });
  });

  it('another agency cannot revoke or re-send (404); a manager may not (403)', async () => {
    const inv = await invite('isolated@chasedigital.agency');
    const nina = await t.login('nina');
    expect((await t.request('POST', `/api/v1/invitations/${inv.id}/resend`, { token: nina })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/invitations/${inv.id}`, { token: nina })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/invitations/${inv.id}/resend`, { token: await t.login('josh') })).status).toBe(403);
  });

  it('inviting the same address again replaces the earlier pending link', async () => {
    const first = await invite('twice@chasedigital.agency');
    const second = await invite('TWICE@chasedigital.agency');
    expect((await accept(first.token)).status).toBe(404);
    expect((await accept(second.token)).status).toBe(201);
  });
});
