/**
 * Archived records take no new children (issue 9 §7): the SDK's one reference check
 * (`requireWritable(ctx, 'pipeline.client', id)`, answered by pipeline through the broker as
 * the caller) refuses tickets on an archived client with 409 CLIENT_ARCHIVED and writes
 * nothing; the pipeline refuses tasks and notes on it the same way.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
let archivedId: string;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  const token = await t.login('josh');
  const created = await t.request('POST', '/api/v1/clients', { token, body: { name: 'Archived Co' } });
  archivedId = created.body.id;
  // Archiving needs clients:delete (admin and above).
  expect((await t.request('DELETE', `/api/v1/clients/${archivedId}`, { token: await t.login('garrett') })).status).toBe(200);
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

const count = async (table: string) => Number((await db.query(`select count(*) from ${table}`)).rows[0].count);

async function as(handle: string, method: string, path: string, body?: unknown) {
  return t.request(method, path, { token: await t.login(handle), body });
}

it('a ticket on an archived client: 409 CLIENT_ARCHIVED, nothing written, the number not taken', async () => {
  const before = await count('tickets.ticket');
  const res = await as('josh', 'POST', '/api/v1/tickets', { title: 'Pixel broken', clientId: archivedId });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ name: 'MoleculerClientError', code: 409, type: 'CLIENT_ARCHIVED', data: { field: 'clientId', id: archivedId } });
  expect(await count('tickets.ticket')).toBe(before);
});

it('moving an existing ticket onto an archived client: 409', async () => {
  const ticket = await as('josh', 'POST', '/api/v1/tickets', { title: 'Moves later', clientId: demo.clientIds('chase-digital')[0] });
  expect(ticket.status).toBe(201);
  const res = await as('josh', 'PATCH', `/api/v1/tickets/${ticket.body.id}`, { clientId: archivedId });
  expect(res.status).toBe(409);
  expect(res.body.type).toBe('CLIENT_ARCHIVED');
});

it('tasks and notes on an archived client: 409 CLIENT_ARCHIVED', async () => {
  const task = await as('josh', 'POST', `/api/v1/clients/${archivedId}/tasks`, { title: 'Call them' });
  expect(task.status).toBe(409);
  expect(task.body.type).toBe('CLIENT_ARCHIVED');
  const note = await as('josh', 'POST', `/api/v1/clients/${archivedId}/notes`, { body: 'Hello' });
  expect(note.status).toBe(409);
  expect(note.body.type).toBe('CLIENT_ARCHIVED');
});

it('restored, the client takes tickets again', async () => {
  expect((await as('garrett', 'POST', `/api/v1/clients/${archivedId}/restore`)).status).toBe(200);
  expect((await as('josh', 'POST', '/api/v1/tickets', { title: 'Back again', clientId: archivedId })).status).toBe(201);
});

it("unknown ids and another agency's clients stay 422 on the field (nothing revealed)", async () => {
  for (const clientId of [randomUUID(), demo.clientIds('northwind-media')[0]]) {
    const res = await as('josh', 'POST', '/api/v1/tickets', { title: 'Nope', clientId });
    expect(res.status).toBe(422);
    expect(res.body.data).toEqual([expect.objectContaining({ field: 'clientId', type: 'reference' })]);
  }
});

it('the reference service is broker-only: no HTTP route', async () => {
  const res = await as('josh', 'GET', `/api/v1/pipeline.references/check?entity=client&id=${archivedId}`);
  expect(res.status).toBe(404);
});
