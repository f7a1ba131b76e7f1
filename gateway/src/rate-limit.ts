/**
 * Request rate limits per user and per agency (issue 8 §4), shared by every gateway process:
 * a fixed-window counter in PostgreSQL (`gateway.rate_limit`), one upsert per limited
 * request that counts the user's and the agency's bucket at once. Limited: every write
 * (POST/PUT/PATCH/DELETE under /api/v1) and every read whose action declares
 * `expensive: true` (KPI providers are marked by the SDK). Over the limit → 429
 * TOO_MANY_REQUESTS with `Retry-After` (seconds to the end of the window).
 *
 * Defaults are far above what a person at a keyboard does (600 writes a minute is ten a
 * second, sustained): they stop scripts, not people. If the database cannot count, the
 * request is let through (logged): the limiter must not turn a database hiccup into an outage.
 */
import pg from 'pg';
import { migrate, resolveDatabaseUrl } from '@audienceos/db';
import { errors, type CallerUser } from '@audienceos/module-sdk';

export interface RateLimitConfig {
  /** Window length in seconds (`RATE_LIMIT_WINDOW_SECONDS`, default 60). */
  windowSeconds: number;
  /** Writes per window per user / per agency (`RATE_LIMIT_WRITES_PER_USER` 600, `…_PER_AGENCY` 6000). 0 = off. */
  writesPerUser: number;
  writesPerAgency: number;
  /** Expensive reads per window per user / per agency (`RATE_LIMIT_EXPENSIVE_READS_PER_USER` 300, `…_PER_AGENCY` 3000). */
  expensiveReadsPerUser: number;
  expensiveReadsPerAgency: number;
}

const num = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
};

export function rateLimitConfig(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  return {
    windowSeconds: Math.max(1, num(env.RATE_LIMIT_WINDOW_SECONDS, 60)),
    writesPerUser: num(env.RATE_LIMIT_WRITES_PER_USER, 600),
    writesPerAgency: num(env.RATE_LIMIT_WRITES_PER_AGENCY, 6000),
    expensiveReadsPerUser: num(env.RATE_LIMIT_EXPENSIVE_READS_PER_USER, 300),
    expensiveReadsPerAgency: num(env.RATE_LIMIT_EXPENSIVE_READS_PER_AGENCY, 3000),
  };
}

const MIGRATIONS = [
  {
    id: '0001_rate_limit',
    up: `create table gateway.rate_limit (
           bucket text not null,
           window_start timestamptz not null,
           hits int not null,
           primary key (bucket, window_start)
         );`,
  },
];

let pool: pg.Pool | null = null;
let ready: Promise<pg.Pool> | null = null;
let calls = 0;

async function database(): Promise<pg.Pool> {
  ready ??= (async () => {
    const url = await resolveDatabaseUrl();
    await migrate(url, [{ module: 'gateway', schema: 'gateway', migrations: MIGRATIONS }]);
    pool = new pg.Pool({ connectionString: url, max: 3, idleTimeoutMillis: 10_000 });
    return pool;
  })().catch((err) => {
    ready = null;
    throw err;
  });
  return ready;
}

export type LimitKind = 'write' | 'expensiveRead';

/** Which limit (if any) a request falls under. */
export function limitKind(method: string | undefined, action: { expensive?: unknown } | undefined): LimitKind | null {
  const m = (method ?? 'GET').toUpperCase();
  if (m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') return 'write';
  return action?.expensive ? 'expensiveRead' : null;
}

/**
 * Count one request of `caller` against its user and agency buckets; throws 429 (with
 * `data.retryAfter` seconds, sent as `Retry-After`) when either is over its limit.
 */
export async function enforceRateLimit(config: RateLimitConfig, caller: CallerUser, kind: LimitKind, log: (msg: string) => void): Promise<void> {
  const [perUser, perAgency] = kind === 'write' ? [config.writesPerUser, config.writesPerAgency] : [config.expensiveReadsPerUser, config.expensiveReadsPerAgency];
  if (!perUser && !perAgency) return;
  const windowMs = config.windowSeconds * 1000;
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  let rows: { bucket: string; hits: number }[];
  try {
    const db = await database();
    const result = await db.query<{ bucket: string; hits: number }>(
      `insert into gateway.rate_limit as r (bucket, window_start, hits) values ($1, $3, 1), ($2, $3, 1)
       on conflict (bucket, window_start) do update set hits = r.hits + 1
       returning bucket, hits`,
      [`${kind}:user:${caller.id}`, `${kind}:agency:${caller.agencyId}`, windowStart],
    );
    rows = result.rows;
    // Old windows are useless: drop them now and then (any process may).
    if (++calls % 500 === 0) void db.query(`delete from gateway.rate_limit where window_start < now() - interval '1 hour'`).catch(() => undefined);
  } catch (err) {
    log(`rate limit not counted: ${(err as Error).message}`);
    return;
  }
  const over = rows.find((r) => (r.bucket.includes(':user:') ? perUser && r.hits > perUser : perAgency && r.hits > perAgency));
  if (over) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
    const who = over.bucket.includes(':user:') ? 'you' : 'your agency';
    throw errors.tooManyRequests(`Too many requests from ${who}: try again in ${retryAfter} s`, retryAfter);
  }
}

export async function closeRateLimitPool(): Promise<void> {
  const p = pool;
  pool = null;
  ready = null;
  await p?.end().catch(() => undefined);
}
