/**
 * Global search (issue 13, ⌘K): p95 of `GET /api/v1/search` — the fan-out to every module that
 * declares `search` (clients, tickets, conversations, documents, people) — over an agency with
 * 20,000 generated clients and 100,000 generated tickets (`BENCH_SEARCH_CLIENTS`; tickets are
 * five per client), as a ratio to a bare SQL baseline measured in the same run: the tickets
 * text query (the largest table) issued directly through `pg`, without broker, gateway or the
 * other modules. Target: p95 ≤ 150 ms.
 */
import path from 'node:path';
import pg from 'pg';
import { demo, generate, listInstalledModules, loadModule, prepareDatabase, startEmbeddedPostgres } from '@audienceos/db';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';

const CLIENTS = Number(process.env.BENCH_SEARCH_CLIENTS ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const MODULES = ['identity', 'pipeline', 'tickets', 'communications', 'knowledge-base', 'settings', 'search'];

/** What people type: a word common in titles, a rarer pair, a client name word, a number, a person, nothing matching. */
const QUERIES = ['checkout', 'consent banner', 'client 1234', `#${CLIENTS * 2}`, 'bloom', 'jeff', 'qzxv'];

async function timeIt(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: +samples[Math.floor(runs / 2)]!.toFixed(2), p95: +samples[Math.floor(runs * 0.95)]!.toFixed(2) };
}

async function run(): Promise<Record<string, unknown>> {
  let server = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!server) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(__dirname, '..', '.data', 'pg-bench'), port: 54349, database: 'postgres' });
    server = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const name = `aos_bench_search_${process.pid}`;
  const url = await createDatabase(server, name);
  const modules = listInstalledModules()
    .filter((p) => MODULES.includes(p.module))
    .map((p) => loadModule(p));
  await prepareDatabase(url, modules, { seed: true });
  const generatedAt = Date.now();
  await generate(url, modules, demo.chase.id, CLIENTS);
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  await raw.query('analyze pipeline.client; analyze tickets.ticket');
  const generateMs = Date.now() - generatedAt;
  const counts = (await raw.query(`select (select count(*) from pipeline.client where agency_id = $1)::int as clients, (select count(*) from tickets.ticket where agency_id = $1)::int as tickets`, [demo.chase.id])).rows[0];
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  const app = await startApp({ gateway: true, modules: modules.map((m) => m.name), transporter: null, gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null }, logLevel: 'error', log: () => undefined });
  try {
    const base = app.url!.replace('localhost', '127.0.0.1');
    const login = await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.user('chase-digital', 'josh').email, password: demo.password() }) })).json();
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const search = async (q: string) => {
      const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}`, { headers: auth });
      if (!res.ok) throw new Error(`search ${q}: ${res.status}`);
      const body = (await res.json()) as { groups: { module: string; hits: unknown[] }[]; skipped: { module: string; reason: string }[] };
      if (body.skipped.length) throw new Error(`search ${q}: skipped ${JSON.stringify(body.skipped)}`);
      return body;
    };
    // The bare SQL baseline: the tickets module's two passes for a common word, straight to PostgreSQL.
    const fold = 'audienceos.fold_text';
    const text = `t.title || ' ' || left(t.description, 500)`;
    const pass = `(select t.id, t.number, t.title from tickets.ticket t where t.agency_id = $1 and ${fold}(${text}) like ${fold}($2) escape '\\' limit 20)`;
    const rawSql = `${pass} union all ${pass.replace('$2', '$3')}`;
    const sqlTime = await timeIt(() => raw.query(rawSql, [demo.chase.id, 'checkout%', '%checkout%']));

    const perQuery: Record<string, { p50: number; p95: number; groups: string[] }> = {};
    const all: number[] = [];
    for (const q of QUERIES) {
      const groups = (await search(q)).groups.map((g) => `${g.module}:${g.hits.length}`);
      const samples: number[] = [];
      const time = await timeIt(async () => {
        const t = process.hrtime.bigint();
        await search(q);
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }, Math.max(10, Math.round(RUNS / 2)));
      all.push(...samples);
      perQuery[q] = { ...time, groups };
    }
    all.sort((a, b) => a - b);
    const p95 = +all[Math.floor(all.length * 0.95)]!.toFixed(2);
    return {
      ...counts,
      generateMs,
      runs: all.length,
      rawSqlTicketsMs: sqlTime,
      searchApiMs: { p50: +all[Math.floor(all.length / 2)]!.toFixed(2), p95, ratioToRawSql: +(p95 / Math.max(sqlTime.p95, 0.01)).toFixed(2), targetP95Ms: 150, met: p95 <= 150 },
      perQuery,
    };
  } finally {
    await raw.end();
    await app.broker.stop();
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    await dropDatabase(server, name);
    await stopEmbedded?.();
  }
}

export default { name: 'search', run };
