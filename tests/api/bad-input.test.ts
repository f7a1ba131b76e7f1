/**
 * Issue 8 §5: nothing a client sends causes a 5xx. One test per kind, through real HTTP and
 * a real PostgreSQL; every refused write leaves the database as it was.
 */
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { demo, isInfrastructureFailure, mapDatabaseError } from '@audienceos/module-sdk';
import { toErrorBody } from '@audienceos/gateway';
import { startTestApp, type TestApp } from '../support/app';

const chaseClients = demo.clientIds('chase-digital');

let t: TestApp;
let db: pg.Client;
let ticketId: string;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  const created = await t.request('POST', '/api/v1/tickets', { token: await t.login('luke'), body: { title: 'Fixture', clientId: chaseClients[0] } });
  expect(created.status).toBe(201);
  ticketId = created.body.id;
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

const ticketCount = async () => Number((await db.query('select count(*) from tickets.ticket')).rows[0].count);
const ticketRow = async (id: string) => (await db.query('select * from tickets.ticket where id = $1', [id])).rows[0];

async function as(handle: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return t.request(method, path, { token: await t.login(handle), body, headers });
}

function expectErrorShape(body: any, status: number) {
  expect(body).toEqual(expect.objectContaining({ name: expect.any(String), message: expect.any(String), code: status, type: expect.any(String) }));
  expect(body).toHaveProperty('data');
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a malformed or forged pagination cursor is 400 INVALID_CURSOR', () => {
  it.each([
    ['not base64 JSON', '%%%garbage'],
    ['JSON but not our shape', cursorOf({ hello: 1 })],
    ['a query operator smuggled in as the sort value', cursorOf([{ v: { $ne: null } }, randomUUID()])],
    ['an id that is not a uuid', cursorOf([{ v: 1 }, "1' or 1=1"])],
    ['an impossible instant', cursorOf([{ d: 'yesterday' }, randomUUID()])],
    ['a value of the wrong type for the sort column', cursorOf([{ v: 'not-a-number' }, randomUUID()])],
  ])('%s', async (_kind, cursor) => {
    const res = await as('luke', 'GET', `/api/v1/tickets?sort=number&cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400);
    expect(res.body.type).toBe('INVALID_CURSOR');
  });

  it('a number where the sort key is a timestamp (no operator for the pair)', async () => {
    const res = await as('luke', 'GET', `/api/v1/users?sort=lastActiveAt&order=desc&cursor=${cursorOf([{ v: 5 }, randomUUID()])}`);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('INVALID_CURSOR');
  });

  it('a real cursor still pages', async () => {
    const first = await as('luke', 'GET', '/api/v1/tickets?sort=number&order=asc&limit=2');
    expect(first.status).toBe(200);
    const next = await as('luke', 'GET', `/api/v1/tickets?sort=number&order=asc&limit=2&cursor=${first.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].number).toBeGreaterThan(first.body.items[1].number);
  });
});

describe('NUL bytes and lone surrogates are 422 with the field named, nothing written', () => {
  it.each([
    ['NUL in a body string', { title: 'Pixel\u0000broken' }, 'title'],
    ['a lone high surrogate', { title: 'ok', description: 'half \ud83d emoji' }, 'description'],
    ['a lone low surrogate in a field name', { title: 'ok', ['x\udc00']: 1 }, 'body'],
  ])('%s', async (_kind, fields, field) => {
    const before = await ticketCount();
    const res = await as('luke', 'POST', '/api/v1/tickets', { clientId: chaseClients[0], ...fields });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, 422);
    expect(res.body.data.map((d: { field: string }) => d.field)).toContain(field);
    expect(await ticketCount()).toBe(before);
  });

  it('in a query string', async () => {
    const res = await as('luke', 'GET', '/api/v1/tickets?q=a%00b');
    expect(res.status).toBe(422);
    expect(res.body.data[0].field).toBe('q');
  });
});

describe('null for an optional field that cannot be null is 422', () => {
  it('PATCH description: null (a NOT NULL column) is refused, the row unchanged', async () => {
    const before = await ticketRow(ticketId);
    const res = await as('luke', 'PATCH', `/api/v1/tickets/${ticketId}`, { description: null, title: 'Changed' });
    expect(res.status).toBe(422);
    expect(res.body.data).toEqual([expect.objectContaining({ field: 'description', type: 'notNull' })]);
    expect(await ticketRow(ticketId)).toEqual(before);
  });

  it('a field declared nullable still takes null', async () => {
    const res = await as('luke', 'PATCH', `/api/v1/tickets/${ticketId}`, { dueAt: null });
    expect(res.status).toBe(200);
  });
});

describe('dates outside 1900–9999 or impossible are 422, no roll-over', () => {
  it.each(['2026-02-30', '2025-02-29', '1899-12-31', '0001-01-01', '2026-13-01', '2026-01-01T25:00:00Z'])('dueAt %s', async (dueAt) => {
    const before = await ticketRow(ticketId);
    const res = await as('luke', 'PATCH', `/api/v1/tickets/${ticketId}`, { dueAt });
    expect(res.status).toBe(422);
    expect(res.body.data[0]).toEqual(expect.objectContaining({ field: 'dueAt' }));
    expect(await ticketRow(ticketId)).toEqual(before);
  });

  it('a leap day in a leap year is a date', async () => {
    const res = await as('luke', 'PATCH', `/api/v1/tickets/${ticketId}`, { dueAt: '2028-02-29T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.dueAt).toBe('2028-02-29T12:00:00.000Z');
  });

  it.each([
    ['0001-01-01', '9999-12-31'],
    ['2026-02-30', '2026-03-10'],
  ])('KPI period %s → %s', async (from, to) => {
    const res = await as('luke', 'GET', `/api/v1/clients/kpi?id=new-clients&from=${from}&to=${to}`);
    expect(res.status).toBe(422);
    expectErrorShape(res.body, 422);
  });
});

describe('user text reused across queries', () => {
  it('the board with a search text (count and page per stage) answers 200', async () => {
    const res = await as('luke', 'GET', '/api/v1/clients/board?q=bloom');
    expect(res.status).toBe(200);
    expect(res.body.stages.flatMap((s: { items: { name: string }[] }) => s.items.map((c) => c.name))).toEqual(['Bloom & Co Skincare']);
  });
});

describe('a Content-Encoding the body does not match', () => {
  const raw = JSON.stringify({ title: 'Encoded', clientId: chaseClients[0] });
  const post = async (encoding: string, body: Uint8Array | string) => {
    const res = await fetch(`${t.base}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.login('luke')}`, 'content-type': 'application/json', 'content-encoding': encoding },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('gzip declared, plain JSON sent: 400 INVALID_CONTENT_ENCODING', async () => {
    const before = await ticketCount();
    const res = await post('gzip', raw);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('INVALID_CONTENT_ENCODING');
    expect(await ticketCount()).toBe(before);
  });

  it('an unknown encoding: 415', async () => {
    const res = await post('x-snappy', raw);
    expect(res.status).toBe(415);
    expectErrorShape(res.body, 415);
  });

  it('a real gzip body is accepted', async () => {
    const res = await post('gzip', new Uint8Array(gzipSync(raw)));
    expect(res.status).toBe(201);
  });
});

describe('deeply nested JSON and long strings are refused before parsing', () => {
  it.each([
    ['100,000 levels', `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['33 levels', `{"title":${'['.repeat(32)}${']'.repeat(32)}}`],
  ])('%s: 400 JSON_TOO_DEEP', async (_kind, rawBody) => {
    const res = await t.request('POST', '/api/v1/tickets', { token: await t.login('luke'), rawBody, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('JSON_TOO_DEEP');
  });

  it('32 levels pass the body check (and meet the params rules)', async () => {
    const rawBody = `{"title":${'['.repeat(31)}${']'.repeat(31)}}`;
    const res = await t.request('POST', '/api/v1/tickets', { token: await t.login('luke'), rawBody, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(422);
  });

  it('a 300,000-character string: 413 STRING_TOO_LONG', async () => {
    const res = await as('luke', 'POST', '/api/v1/tickets', { title: 'x'.repeat(300_000), clientId: chaseClients[0] });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('STRING_TOO_LONG');
  });
});

describe('database errors are mapped by SQLSTATE class in one place', () => {
  async function pgError(sql: string): Promise<unknown> {
    try {
      await db.query(sql);
    } catch (err) {
      return err;
    }
    throw new Error(`no error from ${sql}`);
  }

  it('23505 → 409, 23502/23503/23514 → 422, 22xxx and 08P01 → 422: real PostgreSQL errors through the gateway error handler', async () => {
    await db.query('create temp table probe (id int primary key, name text not null check (name <> \'\'), parent int references probe(id), at date)');
    await db.query("insert into probe values (1, 'a', null, null)");
    const cases: [string, number][] = [
      ["insert into probe values (1, 'b', null, null)", 409],
      ['insert into probe values (2, null, null, null)', 422],
      ["insert into probe values (3, 'c', 99, null)", 422],
      ["insert into probe values (4, '', null, null)", 422],
      ["insert into probe values (5, 'e', null, '2026-02-30')", 422],
      ["select 'x\\u0000'::jsonb", 422],
      ["select 'a\u0000b'", 422], // 08P01: a NUL inlined into the query text is bad input, not a sick database
    ];
    for (const [sql, status] of cases) {
      const err = await pgError(sql);
      const { status: got, body } = toErrorBody(err as never);
      expect([sql, got]).toEqual([sql, status]);
      expect(typeof body.code).toBe('number');
      expect(isInfrastructureFailure(mapDatabaseError(err))).toBe(false);
    }
  });
});

describe("one agency's bad requests cannot switch an action off for everyone", () => {
  it('the circuit breaker ignores client errors and string SQLSTATE codes', () => {
    expect(isInfrastructureFailure({ name: 'NotNullConstraintViolationException', code: '23502' })).toBe(false);
    expect(isInfrastructureFailure({ name: 'ValidationError', code: 422 })).toBe(false);
    expect(isInfrastructureFailure({ name: 'RequestTimeoutError', code: 504 })).toBe(true);
    expect(isInfrastructureFailure({ name: 'MoleculerError', code: 503 })).toBe(true);
  });

  it('50 bad tickets.update requests from Northwind, then Chase updates a ticket', async () => {
    const nw = await as('nina', 'POST', '/api/v1/tickets', { title: 'NW', clientId: demo.clientIds('northwind-media')[0] });
    expect(nw.status).toBe(201);
    await t.login('nina');
    const bad = await Promise.all(
      Array.from({ length: 50 }, (_, i) => as('nina', 'PATCH', `/api/v1/tickets/${nw.body.id}`, i % 2 ? { description: null } : { dueAt: '2026-02-30' })),
    );
    expect(bad.map((r) => r.status)).toEqual(Array(50).fill(422));
    const good = await as('luke', 'PATCH', `/api/v1/tickets/${ticketId}`, { title: 'Still works' });
    expect(good.status).toBe(200);
    expect(good.body.title).toBe('Still works');
  });
});
