/**
 * The long fuzz run (issue 8 §5): the CI suite's generator (tests/support/fuzz.ts) with a
 * random seed and more requests, against a freshly seeded database with every installed
 * module (the NPS plugin too). A measurement, not a test: it prints the seed (to replay a
 * finding), requests, statuses, 5xx answers and refused requests that wrote anything.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/fuzz.ts [runs] [seed]
 */
import { listInstalledModules, loadModule, prepareDatabase } from '@audienceos/db';
import { demo } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';
import pg from 'pg';
import { demoEmail, request } from '../tests/support/app';
import { collectIds, describeFinding, installWriteLog, runFuzz } from '../tests/support/fuzz';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 20_000);
  const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('Set DATABASE_URL to a PostgreSQL server (a database is created and dropped)');
  for (const k of ['RATE_LIMIT_WRITES_PER_USER', 'RATE_LIMIT_WRITES_PER_AGENCY', 'RATE_LIMIT_EXPENSIVE_READS_PER_USER', 'RATE_LIMIT_EXPENSIVE_READS_PER_AGENCY']) process.env[k] = '100000000';
  process.env.LOG_LEVEL = 'fatal';
  process.env.AOS_TAG_TRANSACTIONS = 'true';
  const name = `aos_fuzz_${Date.now().toString(36)}`;
  const url = await createDatabase(server, name);
  // Every installed module (the plugin too), like the CI suite.
  const modules = listInstalledModules();
  await prepareDatabase(url, modules.map((m) => loadModule(m)), { seed: true });
  process.env.DATABASE_URL = url;
  const app = await startApp({ gateway: true, modules: modules.map((m) => m.module), transporter: null, gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null }, logLevel: 'fatal', log: () => undefined });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await new Promise((r) => setTimeout(r, 300));
    const base = app.url!.replace('localhost', '127.0.0.1');
    const login = async (handle: string) => (await request(base, 'POST', '/api/v1/auth/login', { body: { email: demoEmail(handle), password: demo.password() } })).body.accessToken as string;
    await installWriteLog(db);
    const doc = (await request(base, 'GET', '/api/v1/openapi.json')).body;
    const luke = await login('luke');
    const tokens = { luke, jeff: await login('jeff'), nina: await login('nina'), anonymous: null };
    const fuzzers = ['luke', 'jeff'].map((h) => demo.user('chase-digital', h).id).concat(demo.user('northwind-media', 'nina').id);
    const report = await runFuzz(
      {
        base,
        db,
        tokens,
        pools: await collectIds(base, luke, fuzzers),
        skip: (op) => /\/auth\/(logout|refresh)$/.test(op.path),
        expectedWrite: (op, table) => op.startsWith('post /api/v1/auth/login') && table === 'identity.audit_log',
      },
      doc,
      seed,
      runs,
    );
    console.log(JSON.stringify({ seed, requests: report.requests, operations: report.operations, seconds: report.ms / 1000, byStatus: report.byStatus, serverErrors: report.serverErrors.length, unavailable503: report.unavailable, writesOn4xx: report.writesOn4xx.length }, null, 2));
    for (const f of [...report.serverErrors, ...report.writesOn4xx].slice(0, 20)) console.log(describeFinding(f));
  } finally {
    await db.end();
    await app.stop();
    process.env.DATABASE_URL = server;
    await dropDatabase(server, name).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
