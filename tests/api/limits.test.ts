/**
 * Issue 8 §4: rate limits per user and per agency on writes and expensive reads, counted in
 * PostgreSQL so that every gateway process shares them, and bounded ranges. Limits are set
 * low here through the same environment variables an operator uses.
 */
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { startApp, type RunningApp } from '@audienceos/server';
import { request, startTestApp, type TestApp } from '../support/app';

// A ten-year window: the fixed window cannot roll over while the test runs.
process.env.RATE_LIMIT_WINDOW_SECONDS = String(10 * 365 * 86400);
process.env.RATE_LIMIT_WRITES_PER_USER = '5';
process.env.RATE_LIMIT_WRITES_PER_AGENCY = '8';
process.env.RATE_LIMIT_EXPENSIVE_READS_PER_USER = '3';

const chaseClient = demo.clientIds('chase-digital')[0];
const northwindClient = demo.clientIds('northwind-media')[0];

let t: TestApp;
let second: RunningApp;
let secondBase: string;
let db: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
  // A second gateway (its own broker and modules) on the same database: another process.
  second = await startApp({
    gateway: true,
    modules: ['identity', 'pipeline', 'tickets'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null },
    logLevel: 'error',
    log: () => undefined,
  });
  secondBase = second.url!.replace('localhost', '127.0.0.1');
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  await new Promise((r) => setTimeout(r, 300)); // autoAliases debounce of the second gateway
});
afterAll(async () => {
  await db.end();
  await second.stop();
  await t.stop();
});

const ticketCount = async () => Number((await db.query('select count(*) from tickets.ticket')).rows[0].count);

async function createTicket(base: string, handle: string, clientId = chaseClient) {
  return request(base, 'POST', '/api/v1/tickets', { token: await t.login(handle), body: { title: `Limit ${handle}`, clientId } });
}

function expect429(res: { status: number; body: any; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual(expect.objectContaining({ name: expect.any(String), message: expect.any(String), code: 429, type: 'TOO_MANY_REQUESTS' }));
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter > 0).toBe(true);
  expect(res.body.data.retryAfter).toBe(retryAfter);
}

describe('write limits', () => {
  it('per user, shared by two gateways: the 6th write of a user is 429 on either, and is not written', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await createTicket(i % 2 ? secondBase : t.base, 'josh')).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const before = await ticketCount();
    expect429(await createTicket(secondBase, 'josh'));
    expect429(await createTicket(t.base, 'josh'));
    expect(await ticketCount()).toBe(before);
    const counted = await db.query("select hits from gateway.rate_limit where bucket like 'write:user:%'");
    expect(counted.rows.map((r) => r.hits)).toEqual([7]);
  });

  it('per agency: colleagues share the agency budget (8), another agency is not affected', async () => {
    // josh used 5 (+2 refused, which count too): the agency is already at 7.
    expect((await createTicket(t.base, 'garrett')).status).toBe(201);
    const res = await createTicket(t.base, 'garrett');
    expect429(res);
    expect(res.body.message).toMatch(/agency/);
    expect((await createTicket(t.base, 'nina', northwindClient)).status).toBe(201);
  });

  it('reads are not write-limited', async () => {
    const token = await t.login('josh');
    for (let i = 0; i < 8; i++) expect((await t.request('GET', '/api/v1/tickets?limit=1', { token })).status).toBe(200);
  });
});

describe('expensive reads (KPI providers)', () => {
  it('are limited per user (3 here)', async () => {
    const token = await t.login('luke');
    const kpi = () => t.request('GET', '/api/v1/clients/kpi?id=new-clients&from=2026-01-01&to=2026-02-01', { token });
    for (let i = 0; i < 3; i++) expect((await kpi()).status).toBe(200);
    expect429(await kpi());
  });
});

describe('bounded ranges', () => {
  it('limit above 100 is 422', async () => {
    const res = await t.request('GET', '/api/v1/tickets?limit=101', { token: await t.login('nina') });
    expect(res.status).toBe(422);
    expect(res.body.data[0].field).toBe('limit');
  });

  it('a KPI period longer than two years is 422 (checked before the provider runs)', async () => {
    const res = await t.request('GET', '/api/v1/clients/kpi?id=new-clients&from=2020-01-01&to=2026-01-01', { token: await t.login('nina') });
    expect(res.status).toBe(422);
    expect(res.body.data[0]).toEqual(expect.objectContaining({ field: 'to' }));
  });
});
