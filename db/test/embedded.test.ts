/**
 * The embedded PostgreSQL of the default run: starts (as the `postgres` user when we are
 * root), keeps data across restarts, and recovers from a crash that left an orphaned server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@audienceos/db';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aos-embedded-test-'));
fs.chmodSync(dataDir, 0o755);
const port = 54000 + (process.pid % 900);
const opts = { dataDir: path.join(dataDir, 'pg'), port, database: 'audienceos' };
let handle: EmbeddedPostgresHandle | null = null;

afterAll(async () => {
  await handle?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function roundTrip(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it('initialises, starts, and keeps data across a restart', async () => {
  handle = await startEmbeddedPostgres(opts);
  await roundTrip(handle.url, 'create table kept (v text); insert into kept values (\'still here\')');
  await handle.stop();
  handle = await startEmbeddedPostgres(opts);
  expect(await roundTrip(handle.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
}, 60000);

it('initialises UTF-8 with ICU, so case folding covers every script, and ships unaccent', async () => {
  const [row] = await roundTrip(
    handle!.url,
    "select pg_encoding_to_char(encoding) as encoding, lower('ÅNGSTRÖM ÉLAN ΩМЯ') as folded, exists (select 1 from pg_available_extensions where name = 'unaccent') as unaccent from pg_database where datname = current_database()",
  );
  expect(row).toEqual({ encoding: 'UTF8', folded: 'ångström élan ωмя', unaccent: true });
}, 60000);

it('recovers from an orphaned server left by a crashed process (stale postmaster.pid)', async () => {
  // Simulate the crash: the server keeps running but its owner is gone.
  const realDir = fs.realpathSync(opts.dataDir);
  fs.writeFileSync(path.join(realDir, 'audienceos-owner.pid'), '999999');
  const orphanPid = Number(fs.readFileSync(path.join(realDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  handle = await startEmbeddedPostgres(opts);
  expect(handle.owned).toBe(true);
  const newPid = Number(fs.readFileSync(path.join(realDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(newPid).not.toBe(orphanPid);
  expect(await roundTrip(handle.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
}, 60000);

it('removes a pid file whose process is gone (SIGKILL of the whole tree)', async () => {
  await handle!.stop();
  handle = null;
  const realDir = fs.realpathSync(opts.dataDir);
  fs.writeFileSync(path.join(realDir, 'postmaster.pid'), `999999\n${realDir}\n0\n${port}\n\n127.0.0.1\n`);
  handle = await startEmbeddedPostgres(opts);
  expect(await roundTrip(handle.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
}, 60000);

it('says clearly when the port is taken', async () => {
  const other = { dataDir: path.join(dataDir, 'pg2'), port, database: 'x' };
  await expect(startEmbeddedPostgres(other)).rejects.toThrow(/Port \d+ is taken|did not start/);
}, 60000);

it('runs the server as the postgres user when started as root', () => {
  if (process.getuid?.() !== 0) return; // only meaningful as root (CI and this machine run as root)
  const pid = fs.readFileSync(path.join(fs.realpathSync(opts.dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]!;
  const user = execFileSync('ps', ['-o', 'user=', '-p', pid]).toString().trim();
  expect(user).toBe('postgres');
});
