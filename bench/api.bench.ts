/**
 * API latency on a large agency (20,000 generated clients), as ratios against a baseline
 * measured in the same run (`GET /health/live`: the gateway's own overhead):
 *  - an authenticated list page (first page) and page 40 through the keyset cursor — keyset
 *    pagination should keep the deep page about as fast as the first (ratio ≈ 1);
 *  - a filtered list (stage + text search) and a ticket list.
 */
import path from 'node:path';
import { demo, generate, listInstalledModules, loadModule, prepareDatabase, startEmbeddedPostgres } from '@audienceos/db';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { sessionVersionsOf } from '@audienceos/gateway';
import { startApp } from '@audienceos/server';

const SCALE = Number(process.env.BENCH_SCALE ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

async function timeIt(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
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
    const pg = await startEmbeddedPostgres({ dataDir: path.join(__dirname, '..', '.data', 'pg-bench'), port: 54349, database: 'postgres' });
    server = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const name = `aos_bench_${process.pid}`;
  const url = await createDatabase(server, name);
  const only = process.env.BENCH_MODULES?.split(',');
  const modules = listInstalledModules()
    .filter((p) => !only || only.includes(p.module))
    .map((p) => loadModule(p));
  await prepareDatabase(url, modules, { seed: true });
  await generate(url, modules, demo.chase.id, SCALE);
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  const app = await startApp({ gateway: true, modules: modules.map((m) => m.name), transporter: null, gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null }, logLevel: 'error', log: () => undefined });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const base = app.url!.replace('localhost', '127.0.0.1');
    const login = await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.user('chase-digital', 'josh').email, password: demo.password() }) })).json();
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const get = async (p: string) => {
      const res = await fetch(base + p, { headers: auth });
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      return res.json();
    };
    // Walk 40 pages to find the deep cursor.
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++) cursor = (await get(`/api/v1/clients?limit=25&sort=name${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).nextCursor;
    const baseline = await timeIt(() => fetch(`${base}/health/live`).then((r) => r.text()));
    const first = await timeIt(() => get('/api/v1/clients?limit=25&sort=name'));
    const deep = await timeIt(() => get(`/api/v1/clients?limit=25&sort=name&cursor=${encodeURIComponent(cursor!)}`));
    const filtered = await timeIt(() => get('/api/v1/clients?limit=25&stage=audit&q=client%2012'));
    const tickets = await timeIt(() => get('/api/v1/tickets?limit=25'));
    // Session-version check (issue 8): the same authenticated request with the user's version
    // cached (the normal case) and with the cache emptied before each request (one broker call
    // to identity more).
    // Interleaved sample by sample, so that load from elsewhere on the machine falls on both alike.
    const sessions = sessionVersionsOf(app.broker);
    const hits: number[] = [];
    const misses: number[] = [];
    const sample = async (into: number[], clear: boolean) => {
      if (clear) sessions.clear();
      const t0 = process.hrtime.bigint();
      await get('/api/v1/modules');
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
    };
    for (let i = 0; i < 5; i++) await sample([], i % 2 === 0);
    for (let i = 0; i < RUNS; i++) {
      await sample(hits, false);
      await sample(misses, true);
    }
    const pct = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: +sorted[Math.floor(xs.length / 2)]!.toFixed(2), p95: +sorted[Math.floor(xs.length * 0.95)]!.toFixed(2) };
    };
    const sessionHit = pct(hits);
    const sessionMiss = pct(misses);
    const ratio = (x: { p50: number }) => +(x.p50 / baseline.p50).toFixed(2);
    return {
      scale: SCALE,
      runs: RUNS,
      baselineMs: baseline,
      clientsFirstPage: { ...first, ratioToBaseline: ratio(first) },
      clientsPage40: { ...deep, ratioToBaseline: ratio(deep), ratioToFirstPage: +(deep.p50 / first.p50).toFixed(2) },
      clientsFiltered: { ...filtered, ratioToBaseline: ratio(filtered) },
      ticketsFirstPage: { ...tickets, ratioToBaseline: ratio(tickets) },
      sessionCheck: { cached: sessionHit, uncached: sessionMiss, uncachedRatioToCached: +(sessionMiss.p50 / sessionHit.p50).toFixed(2), cachedRatioToBaseline: ratio(sessionHit) },
    };
  } finally {
    await app.broker.stop();
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    await dropDatabase(server, name);
    await stopEmbedded?.();
  }
}

export default { name: 'api', run };
