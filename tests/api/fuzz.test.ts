/**
 * Issue 8 §5: a schema-driven fuzz run over every operation of the live OpenAPI document,
 * fixed seed, 2,000 requests: no 5xx, and no refused request (4xx) writes anything. The
 * generator and checks live in tests/support/fuzz.ts; `bench/fuzz.ts` runs it longer with a
 * random seed.
 */
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { collectIds, describeFinding, installWriteLog, runFuzz, type FuzzReport } from '../support/fuzz';
import { startTestApp, type TestApp } from '../support/app';

// Limits far above the run: rate limiting is tested on its own (limits.test.ts).
process.env.RATE_LIMIT_WRITES_PER_USER = '1000000';
process.env.RATE_LIMIT_WRITES_PER_AGENCY = '1000000';
process.env.RATE_LIMIT_EXPENSIVE_READS_PER_USER = '1000000';
process.env.RATE_LIMIT_EXPENSIVE_READS_PER_AGENCY = '1000000';
// Each action's transaction names its action, so a write is attributed to the request that made it.
process.env.AOS_TAG_TRANSACTIONS = 'true';

const SEED = 20_261_129;
const RUNS = 2_000;

let t: TestApp;
let db: pg.Client;
beforeAll(async () => {
  // Every installed module (the plugin too): every operation of the document is fuzzed.
  t = await startTestApp();
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
  await installWriteLog(db);
});
afterAll(async () => {
  await db?.end();
  await t?.stop();
});

it(`${RUNS} generated requests over every operation: 0 × 5xx, nothing written on any 4xx`, async () => {
  const openapi = await t.request('GET', '/api/v1/openapi.json');
  expect(openapi.status).toBe(200);
  const doc = openapi.body;
  const luke = await t.login('luke');
  const tokens = { luke, jeff: await t.login('jeff'), nina: await t.login('nina'), anonymous: null };
  // The fuzzing users themselves are not offered as targets (deactivating them ends the run).
  const fuzzers = ['luke', 'jeff'].map((h) => demo.user('chase-digital', h).id).concat(demo.user('northwind-media', 'nina').id);
  const pools = await collectIds(t.base, luke, fuzzers);
  const report: FuzzReport = await runFuzz(
    {
      base: t.base,
      db,
      tokens,
      pools,
      // Sign-out/refresh would revoke the fuzzing session; they are covered by auth tests.
      skip: (op) => /\/auth\/(logout|refresh)$/.test(op.path),
      // A failed sign-in is written to the audit log on purpose (identity, issue 8 §3).
      expectedWrite: (op, table) => op.startsWith('post /api/v1/auth/login') && table === 'identity.audit_log',
    },
    doc,
    SEED,
    RUNS,
  );
  console.log(`fuzz: ${report.requests} requests over ${report.operations} operations in ${report.ms} ms; statuses ${JSON.stringify(report.byStatus)} (${report.unavailable} × 503 not configured)`);
  expect(report.operations).toBeGreaterThanOrEqual(50);
  expect(report.serverErrors.map(describeFinding)).toEqual([]);
  expect(report.writesOn4xx.map(describeFinding)).toEqual([]);
  expect(report.requests).toBe(RUNS);
}, 300_000);
