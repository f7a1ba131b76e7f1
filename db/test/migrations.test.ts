/** Per-module migrations: applied once, recorded per module, safe to run again and concurrently. */
import pg from 'pg';
import { migrate } from '@audienceos/db';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';

const server = () => process.env.AOS_TEST_SERVER_URL!;
let url: string;
const name = `aos_mig_${process.pid}`;

beforeAll(async () => {
  url = await createDatabase(server(), name);
});
afterAll(() => dropDatabase(server(), name));

const alpha = {
  module: 'alpha',
  schema: 'alpha',
  migrations: [
    { id: '0002_more', up: 'alter table alpha.thing add column label text' },
    { id: '0001_init', up: 'create table alpha.thing (id int primary key)' },
  ],
};

async function query(sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

it('applies migrations in id order, records them per module, and is idempotent', async () => {
  const first = await migrate(url, [alpha]);
  expect(first).toEqual([{ module: 'alpha', applied: ['0001_init', '0002_more'] }]);
  const again = await migrate(url, [alpha]);
  expect(again).toEqual([{ module: 'alpha', applied: [] }]);
  const rows = await query("select module, id from audienceos.migration where module = 'alpha' order by id");
  expect(rows).toEqual([{ module: 'alpha', id: '0001_init' }, { module: 'alpha', id: '0002_more' }]);
});

it('applies each migration exactly once when several processes start at the same time', async () => {
  const beta = { module: 'beta', schema: 'beta', migrations: [{ id: '0001', up: 'create table beta.t (id int primary key)' }] };
  const results = await Promise.all([migrate(url, [beta]), migrate(url, [beta]), migrate(url, [beta])]);
  expect(results.flatMap((r) => r[0]!.applied)).toEqual(['0001']);
});

it('rolls a failing migration back completely and names it', async () => {
  const broken = { module: 'gamma', schema: 'gamma', migrations: [{ id: '0001_bad', up: 'create table gamma.t (id int); select * from no_such_table' }] };
  await expect(migrate(url, [broken])).rejects.toThrow(/gamma\/0001_bad/);
  const tables = await query("select 1 from information_schema.tables where table_schema = 'gamma'");
  expect(tables).toHaveLength(0);
});
