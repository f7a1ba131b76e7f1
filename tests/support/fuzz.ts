/**
 * A schema-driven HTTP fuzzer over every operation of the live OpenAPI document (issue 8 §5),
 * shared by the CI suite (tests/api/fuzz.test.ts, fixed seed) and the longer random-seed run
 * (bench/fuzz.ts). Requests are generated with fast-check from each operation's parameters
 * and body schema: mostly well-formed values, mixed with the hostile kinds the issue lists
 * (NUL, lone surrogates, null, impossible and out-of-range dates, forged cursors, deep
 * nesting, wrong types, unknown fields, mismatched Content-Encoding, malformed JSON).
 *
 * Checks per request: never a 5xx, and a 4xx writes nothing in the called module's schema.
 * Writes are seen by a row trigger on every module table (installed by `installWriteLog`)
 * that appends to `fuzz.write_log` in the writing transaction: a rolled-back write leaves
 * no entry. Other schemas are not attributed to the request: background jobs of other
 * modules write whenever they run.
 * Not counted: the outbox (its relay marks rows published asynchronously), job queues
 * (pg-boss bookkeeping), the gateway's rate-limit counters and sign-in throttling (written
 * on purpose by refused requests).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';

type Json = Record<string, any>;

export interface FuzzOperation {
  method: string;
  path: string;
  operationId: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: Json }[];
  body: Json | null;
  public: boolean;
  /** The module the operation belongs to (its OpenAPI tag; `auth` is identity's). */
  module: string;
}

export interface FuzzRequest {
  op: string;
  module: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  caller: string;
}

export interface FuzzFinding {
  request: FuzzRequest;
  status: number;
  response: string;
  writes?: string[];
}

export interface FuzzReport {
  requests: number;
  operations: number;
  byStatus: Record<string, number>;
  serverErrors: FuzzFinding[];
  /**
   * 503s that say the server is not set up for this (a connector without its OAuth client id,
   * a module not running): a state of the deployment, not something the client caused.
   */
  unavailable: number;
  writesOn4xx: FuzzFinding[];
  ms: number;
}

const UNAVAILABLE = /"type":"(SERVICE_UNAVAILABLE|[A-Z_]*NOT_CONFIGURED)"/;

/** Tables whose writes on a refused request are expected (see the header). */
const UNTRACKED = new Set(['outbox']);
const UNTRACKED_SCHEMAS = ['pg_catalog', 'information_schema', 'fuzz', 'audienceos', 'gateway', 'pgboss'];
const THROTTLE_TABLE = /throttle|login_attempt|login_failure|sign_in/i;
/** pg-boss queues (`<module>_jobs`): job bookkeeping is the queue's own, written in the background. */
const JOB_QUEUE_SCHEMA = /(^|_)jobs?$|pgboss/;

export async function installWriteLog(db: pg.Client): Promise<void> {
  await db.query(`
    create schema if not exists fuzz;
    create table if not exists fuzz.write_log (id bigserial primary key, tbl text not null, op text not null, action text);
    create or replace function fuzz.note() returns trigger language plpgsql as $$
    begin
      insert into fuzz.write_log (tbl, op, action) values (tg_table_schema || '.' || tg_table_name, tg_op, current_setting('aos.action', true));
      return null;
    end $$;`);
  // Plain and partitioned tables (a trigger on a partitioned table covers its partitions).
  const tables = await db.query<{ schemaname: string; tablename: string }>(
    `select n.nspname as schemaname, c.relname as tablename from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname <> all($1::text[]) and n.nspname not like 'pg_%'`,
    [UNTRACKED_SCHEMAS],
  );
  for (const { schemaname, tablename } of tables.rows) {
    if (UNTRACKED.has(tablename) || THROTTLE_TABLE.test(tablename) || JOB_QUEUE_SCHEMA.test(schemaname)) continue;
    await db.query(`create trigger fuzz_note after insert or update or delete on "${schemaname}"."${tablename}" for each row execute function fuzz.note()`);
  }
}

/** Wait until no row has been written for 100 ms (at most 5 s). */
async function quiesce(db: pg.Client): Promise<void> {
  let last = await lastWrite(db);
  for (let waited = 0; waited < 5_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await lastWrite(db);
    if (now === last) return;
    last = now;
  }
}

async function lastWrite(db: pg.Client): Promise<number> {
  return Number((await db.query('select coalesce(max(id), 0) as id from fuzz.write_log')).rows[0].id);
}

/** Operations of an OpenAPI 3 document (as the gateway builds it). */
export function operationsOf(doc: Json): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        params: (op.parameters ?? []).map((p: Json) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema ?? {} })),
        body,
        public: Array.isArray(op.security) && op.security.length === 0,
        module: String(op.tags?.[0] ?? ''),
      });
    }
  }
  return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'half \ud83d',
  '\udc00tail',
  '%',
  '_',
  '\\',
  "' or 1=1 --",
  '2026-02-30',
  '2025-02-29T10:00:00Z',
  '0000-01-01',
  '1899-12-31',
  '10000-01-01',
  '9999-12-31T23:59:60Z',
  '-000001-01-01T00:00:00Z',
  'null',
  '{"$ne":null}',
  '../../etc/passwd',
  '🙂'.repeat(50),
  'x'.repeat(5_000),
  'NaN',
  '1e309',
];

function deepValue(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: fc.constantFrom(-1, 0, 1e15, -1e15, 2 ** 53, 1.5, Number.MAX_VALUE), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [null], { $gt: '' }, ['a\u0000']), weight: 1 },
  { arbitrary: fc.constantFrom(deepValue(20), deepValue(40)), weight: 1 },
);

function forgedCursor(): fc.Arbitrary<string> {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return fc.constantFrom(
    'garbage',
    b64({ a: 1 }),
    b64([{ v: { $ne: null } }, randomUUID()]),
    b64([{ v: 'zzz' }, randomUUID()]),
    b64([{ v: 5 }, randomUUID()]),
    b64([{ d: 'soon' }, randomUUID()]),
    b64([{ d: '2026-01-01T00:00:00Z' }, 'x']),
    b64([{ v: null }, randomUUID()]),
  );
}

export interface IdPools {
  /** Path prefix (e.g. `/api/v1/clients`) → ids that exist. */
  byPrefix: Record<string, string[]>;
  /** Path parameter name (e.g. `taskId`) → ids that exist. */
  byName: Record<string, string[]>;
}

function idFor(op: FuzzOperation, name: string, pools: IdPools): fc.Arbitrary<string> {
  const known = pools.byName[name] ?? Object.entries(pools.byPrefix).find(([prefix]) => op.path.startsWith(prefix))?.[1] ?? [];
  const options: fc.Arbitrary<string>[] = [fc.uuid(), fc.constantFrom('not-a-uuid', '0', '%00', 'x'.repeat(300))];
  if (known.length) options.unshift(fc.constantFrom(...known), fc.constantFrom(...known));
  return fc.oneof(...options);
}

function validFor(schema: Json, name: string, depth = 0): fc.Arbitrary<unknown> {
  if (name === 'cursor') return fc.oneof(fc.constant(undefined), forgedCursor());
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s: Json) => validFor(s, name, depth)));
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.format === 'date-time' || /date|at$|from|to/i.test(name)) {
        return fc.oneof(
          fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        );
      }
      const max = Math.min(schema.maxLength ?? 40, 60);
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.max(max, schema.minLength ?? 0) });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -10, -1e6), max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? -10, -1e6), max: Math.min(schema.maximum ?? 1e6, 1e9), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? valueFor(schema.items, name, depth + 1) : hostile, { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object':
      return schema.properties && depth < 4 ? objectFor(schema, depth + 1) : fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 });
    default:
      return hostile;
  }
}

function valueFor(schema: Json, name: string, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validFor(schema, name, depth), weight: 11 }, { arbitrary: hostile, weight: 1 });
}

function objectFor(schema: Json, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(Object.entries<Json>(schema.properties ?? {}).map(([k, s]) => [k, valueFor(s, k, depth)]));
  const required = (schema.required ?? []) as string[];
  const complete = fc.record(props, { requiredKeys: required.filter((k) => k in props) });
  const sparse = fc.record(props, { requiredKeys: [] });
  const withUnknown = fc.tuple(complete, fc.constantFrom('agencyId', 'id', 'createdAt', 'role', '$where', '__proto__x'), hostile).map(([o, k, v]) => ({ ...o, [k]: v }));
  return fc.oneof({ arbitrary: complete, weight: 6 }, { arbitrary: sparse, weight: 2 }, { arbitrary: withUnknown, weight: 1 });
}

function queryString(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    // Lone surrogates cannot be percent-encoded as UTF-8: send their replacement.
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed())}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** One arbitrary HTTP request for `op`. `callers` are handles whose tokens the runner has. */
export function requestFor(op: FuzzOperation, pools: IdPools, callers: string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map((p) => idFor(op, p.name, pools))) as fc.Arbitrary<string[]>;
  const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valueFor(p.schema, p.name)])), { requiredKeys: [] });
  const bodyArb: fc.Arbitrary<unknown> = op.body ? objectFor(op.body) : fc.constant(undefined);
  const framing = fc.constantFrom('json', 'json', 'json', 'json', 'json', 'json', 'gzip-mismatch', 'malformed', 'deep', 'text');
  return fc.tuple(pathArb, queryArb, bodyArb, framing, fc.constantFrom(...callers)).map(([ids, query, body, frame, caller]) => {
    let url = op.path;
    pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(ids[i]!))));
    url += queryString(query);
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
    if (hasBody) {
      headers['content-type'] = 'application/json';
      const json = JSON.stringify(body ?? {});
      if (frame === 'gzip-mismatch') {
        headers['content-encoding'] = 'gzip';
        payload = json;
      } else if (frame === 'malformed') payload = json.slice(0, Math.max(1, json.length - 1));
      else if (frame === 'deep') payload = `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      else if (frame === 'text') {
        headers['content-type'] = 'text/plain';
        payload = json;
      } else payload = json;
    }
    return { op: op.operationId, module: op.module, method: op.method, url, headers, body: payload, caller };
  });
}

export interface FuzzTarget {
  base: string;
  db: pg.Client;
  /** handle → access token (`anonymous` sends none). */
  tokens: Record<string, string | null>;
  pools: IdPools;
  /** Operations not to send (e.g. sign-out of the fuzzing user). */
  skip?: (op: FuzzOperation) => boolean;
  /** Writes a refused request makes on purpose (e.g. a failed sign-in is audited). */
  expectedWrite?: (op: string, table: string) => boolean;
}

/** Generate `runs` requests from `seed` over every operation and send them one by one. */
export async function runFuzz(target: FuzzTarget, doc: Json, seed: number, runs: number): Promise<FuzzReport> {
  const ops = operationsOf(doc).filter((op) => !target.skip?.(op));
  const callers = Object.keys(target.tokens);
  const arb = fc.oneof(...ops.map((op) => requestFor(op, target.pools, callers)));
  const requests = fc.sample(arb, { seed, numRuns: runs });
  const report: FuzzReport = { requests: 0, operations: ops.length, byStatus: {}, serverErrors: [], unavailable: 0, writesOn4xx: [], ms: 0 };
  const started = Date.now();
  for (const req of requests) {
    const token = target.tokens[req.caller];
    const headers = { ...req.headers, ...(token && !ops.find((o) => o.operationId === req.op)?.public ? { authorization: `Bearer ${token}` } : {}) };
    const before = await lastWrite(target.db);
    const res = await fetch(target.base + req.url, { method: req.method, headers, body: req.body as string | undefined });
    const text = await res.text();
    report.requests++;
    report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
    // Work a successful write started in the background (a job, a consumer) must not be
    // taken for a write of the next refused request: wait until the write log is quiet.
    if (res.status < 300 && req.method !== 'GET') await quiesce(target.db);
    if (res.status === 503 && UNAVAILABLE.test(text)) report.unavailable++;
    else if (res.status >= 500) report.serverErrors.push({ request: req, status: res.status, response: text.slice(0, 300) });
    else if (res.status >= 400) {
      const writes = await target.db.query<{ tbl: string; op: string; action: string | null }>('select tbl, op, action from fuzz.write_log where id > $1 order by id', [before]);
      // Attributed to this request: writes of the called action's own transaction (tagged
      // with AOS_TAG_TRANSACTIONS), and untagged writes (outside any action transaction) in
      // the called module's schema. Background jobs are actions of their own, other
      // modules write whenever their jobs run: neither is an effect of this request.
      const own = `${req.module === 'auth' ? 'identity' : req.module.replace(/-/g, '_')}.`;
      writes.rows = writes.rows.filter((w) => (w.action === req.op || (w.action === null && w.tbl.startsWith(own))) && !target.expectedWrite?.(req.op, w.tbl));
      if (writes.rows.length) report.writesOn4xx.push({ request: req, status: res.status, response: text.slice(0, 300), writes: writes.rows.map((w) => `${w.op} ${w.tbl}${w.action ? ` (${w.action})` : ''}`) });
    }
  }
  report.ms = Date.now() - started;
  return report;
}

/** Ids that exist, for path parameters: read from the collections' own list routes. */
export async function collectIds(base: string, token: string, exclude: string[]): Promise<IdPools> {
  const get = async (path: string): Promise<string[]> => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return [];
    const body = (await res.json()) as Json;
    const items = (Array.isArray(body) ? body : (body.items ?? body.invitations ?? body.responses ?? [])) as Json[];
    return items.map((i) => i.id).filter((id): id is string => typeof id === 'string' && !exclude.includes(id)).slice(0, 20);
  };
  const clients = await get('/api/v1/clients?limit=20');
  const tasks = clients[0] ? await get(`/api/v1/clients/${clients[0]}/tasks`) : [];
  return {
    byPrefix: {
      '/api/v1/clients': clients,
      '/api/v1/tickets': await get('/api/v1/tickets?limit=20'),
      '/api/v1/users': await get('/api/v1/users?limit=20'),
      '/api/v1/invitations': await get('/api/v1/invitations'),
      '/api/v1/nps/responses': await get('/api/v1/nps/responses?limit=20'),
    },
    byName: { taskId: tasks },
  };
}

export function describeFinding(f: FuzzFinding): string {
  const body = typeof f.request.body === 'string' ? f.request.body.slice(0, 200) : f.request.body ? '<binary>' : '';
  return `${f.status} ${f.request.method} ${f.request.url.slice(0, 200)} as ${f.request.caller} ${JSON.stringify(f.request.headers)} ${body} → ${f.response}${f.writes ? ` writes: ${f.writes.join(', ')}` : ''}`;
}
