/**
 * Issue 8 §5, "concurrent inserts that meet a unique index": ten live invitations for one
 * address, accepted at the same moment. Each accept locks only its own invitation row, so
 * the "email already has an account" check passes in several transactions at once and
 * their user inserts meet `identity.user_agency_email_uq`. The SDK maps SQLSTATE 23505 to
 * 409 ALREADY_EXISTS (db-errors.ts): every answer is 201 or 409, never 5xx, one user exists.
 */
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { STRONG_PASSWORD } from '../support/people';

let t: TestApp;
let luke: string;
let db: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity'] });
  luke = await t.login('luke');
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

it('ten concurrent accepts of ten invitations for one email: one 201, the rest 409, no 5xx, one user row', async () => {
  const email = 'same.person@chasedigital.agency';
  const tokens: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await t.request('POST', '/api/v1/invitations', { token: luke, body: { email, role: 'member' } });
    expect(res.status).toBe(201);
    tokens.push(res.body.token);
  }
  // Creating an invitation revokes the earlier ones for that address; make all ten live
  // again, as two admins inviting the same person at the same moment would leave them.
  await db.query('update identity.invitation set revoked_at = null where lower(email) = $1', [email]);

  const results = await Promise.all(
    tokens.map((token, i) => t.request('POST', '/api/v1/invitations/accept', { body: { token, name: `Same Person ${i}`, password: STRONG_PASSWORD } })),
  );
  const answers = results.map((r) => ({ status: r.status, type: r.status === 201 ? null : r.body?.type }));
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  for (const a of answers.filter((x) => x.status !== 201)) {
    expect(a.status).toBe(409);
    // Either the check saw the committed user, or the insert met the unique index.
    expect(['USER_EXISTS', 'ALREADY_EXISTS']).toContain(a.type);
  }
  const users = await db.query('select id from identity."user" where lower(email) = $1', [email]);
  expect(users.rowCount).toBe(1);
  // A refused accept wrote nothing: its invitation is still pending.
  const accepted = await db.query('select count(*)::int as n from identity.invitation where lower(email) = $1 and accepted_at is not null', [email]);
  expect(accepted.rows[0].n).toBe(1);
});
