/**
 * Keyset pagination (issue 9 §6): over random rows with ties and null keys, walking the
 * pages returns every row exactly once, in the documented order (key, then id; nulls last
 * in both directions), for every sort key and both orders, against a real PostgreSQL table.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { createOrm, type MikroORM } from '@audienceos/db';
import { EntitySchema, TenantScope, paginate } from '@audienceos/module-sdk';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';

class Row {
  id!: string;
  agencyId!: string;
  rank?: number | null;
  label?: string | null;
  seenAt?: Date | null;
}

const RowSchema = new EntitySchema<Row>({
  class: Row,
  tableName: 'paging_probe.row',
  properties: {
    id: { type: 'uuid', primary: true },
    agencyId: { type: 'uuid' },
    rank: { type: 'integer', nullable: true },
    label: { type: 'string', nullable: true },
    seenAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});

const AGENCY = randomUUID();
const OTHER_AGENCY = randomUUID();
let database: TestDatabase;
let orm: MikroORM;
let admin: pg.Client;

beforeAll(async () => {
  database = await freshDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`create schema paging_probe;
    create table paging_probe.row (id uuid primary key, agency_id uuid not null, rank int, label text, seen_at timestamptz)`);
  orm = await createOrm({ url: database.url, entities: [RowSchema], contextName: 'paging-probe' });
});
afterAll(async () => {
  await orm?.close();
  await admin?.end();
  await database?.drop();
});

type Key = 'rank' | 'label' | 'seenAt';
interface Sample {
  id: string;
  rank: number | null;
  label: string | null;
  seenAt: Date | null;
}

// Small domains so that ties and nulls are frequent; ASCII labels compare the same in JS and SQL.
const sampleArb = fc.record({
  id: fc.uuid({ version: 4 }),
  rank: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 3 }),
  label: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null, freq: 3 }),
  seenAt: fc.option(fc.constantFrom(0, 1, 2).map((d) => new Date(Date.UTC(2026, 0, 1 + d, 12, 0, 0, 123))), { nil: null, freq: 3 }),
});

function compareKey(a: unknown, b: unknown): number {
  const av = a instanceof Date ? a.getTime() : a;
  const bv = b instanceof Date ? b.getTime() : b;
  return av === bv ? 0 : (av as number | string) < (bv as number | string) ? -1 : 1;
}

/** The documented order: key in `order`, nulls last in both orders, then id in `order`. */
function expectedOrder(rows: Sample[], key: Key, order: 'asc' | 'desc'): string[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows]
    .sort((x, y) => {
      const a = x[key];
      const b = y[key];
      if (a === null && b !== null) return 1;
      if (b === null && a !== null) return -1;
      const byKey = a === null ? 0 : compareKey(a, b);
      return byKey !== 0 ? sign * byKey : sign * (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    })
    .map((r) => r.id);
}

async function walk(key: Key, order: 'asc' | 'desc', limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const em = orm.em.fork();
    const page = await paginate<Row>(new TenantScope(em, AGENCY), RowSchema, {}, { sort: key, order, limit, cursor }, { sort: 'rank', order: 'asc' });
    seen.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

it('every row exactly once, in order, for every key and both orders, with ties and nulls', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(sampleArb, { minLength: 0, maxLength: 14, selector: (r) => r.id }),
      fc.constantFrom<Key>('rank', 'label', 'seenAt'),
      fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
      fc.integer({ min: 1, max: 4 }),
      async (rows, key, order, limit) => {
        await admin.query('truncate paging_probe.row');
        for (const r of rows) {
          await admin.query('insert into paging_probe.row (id, agency_id, rank, label, seen_at) values ($1, $2, $3, $4, $5)', [r.id, AGENCY, r.rank, r.label, r.seenAt]);
        }
        // Another agency's rows never show up (the scope is ANDed in).
        await admin.query('insert into paging_probe.row (id, agency_id, rank) values ($1, $2, null)', [randomUUID(), OTHER_AGENCY]);
        const got = await walk(key, order, limit);
        expect(new Set(got).size).toBe(got.length);
        expect(got).toEqual(expectedOrder(rows, key, order));
      },
    ),
    { seed: 20261129, numRuns: 120 },
  );
}, 120000);

it('the reported case: 8 people, 2 never signed in, pages of 3, both orders', async () => {
  await admin.query('truncate paging_probe.row');
  const ids = Array.from({ length: 8 }, () => randomUUID());
  for (const [i, id] of ids.entries()) {
    await admin.query('insert into paging_probe.row (id, agency_id, seen_at) values ($1, $2, $3)', [id, AGENCY, i < 2 ? null : new Date(Date.UTC(2026, 10, i))]);
  }
  expect((await walk('seenAt', 'asc', 3)).sort()).toEqual([...ids].sort());
  expect((await walk('seenAt', 'desc', 3)).sort()).toEqual([...ids].sort());
});
