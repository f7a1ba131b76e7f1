/**
 * `dashboard` at `/api/v1/dashboard`: the KPI cards of every live provider the caller may
 * read (each asked for the period and the previous one, in parallel, under a timeout), and
 * the caller's own layout of those cards.
 */
import { randomUUID } from 'node:crypto';
import { agencyTimeEvents, agencyZone, bucketFor, defineService, errors, type ActionContext } from '@audienceos/module-sdk';
import { change, linkFor, readAnswer, toRange, type KpiAnswer, type KpiCard, type KpiCardError } from '../domain/cards';
import { PERIOD_KEYS, previousOf, resolvePeriod, type PeriodKey, type Range } from '../domain/periods';
import { discoverProviders, enabledModules, type Provider } from '../domain/providers';
import { LayoutSchema, type LayoutCard } from '../entities';

/** How long one provider may take for one period (ms); `DASHBOARD_KPI_TIMEOUT_MS` overrides. */
export function kpiTimeoutMs(): number {
  const fromEnv = Number(process.env.DASHBOARD_KPI_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 5000;
}

export const MAX_LAYOUT_CARDS = 200;
const CARD_FIELDS = new Set(['module', 'id', 'hidden']);
const dateParam = { type: 'string', optional: true, max: 40, pattern: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/ };
const keyRule = { type: 'string', min: 1, max: 100, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ };

class ProviderTimeout extends Error {
  type = 'PROVIDER_TIMEOUT';
}

function cardError(provider: Provider, err: unknown, period: 'current' | 'previous'): KpiCardError {
  const e = err as { message?: string; type?: string; code?: number; name?: string };
  if (err instanceof ProviderTimeout || e?.name === 'RequestTimeoutError') {
    return { message: `${provider.kpi.label} did not answer in time`, type: 'PROVIDER_TIMEOUT', period };
  }
  if (e?.name === 'ServiceNotFoundError' || e?.name === 'ServiceNotAvailableError') {
    return { message: `${provider.kpi.label} is unavailable right now`, type: 'PROVIDER_UNAVAILABLE', period };
  }
  // A client error (4xx) is the provider's own explanation; anything else stays inside.
  const clientError = typeof e?.code === 'number' && e.code >= 400 && e.code < 500;
  return {
    message: clientError && e.message ? e.message : `${provider.kpi.label} could not be computed`,
    type: clientError && e.type ? e.type : 'PROVIDER_ERROR',
    period,
  };
}

async function ask(ctx: ActionContext, provider: Provider, range: Range, zone: string, timeout: number): Promise<KpiAnswer> {
  let timer: NodeJS.Timeout | undefined;
  // `ctx.call` carries the caller's signed meta, so the provider scopes to the caller itself.
  // The KPI contract: `[from, to)`, the agency's zone and the bucket size (the same for both periods).
  const params = { id: provider.kpi.id, from: range.from.toISOString(), to: range.to.toISOString(), zone, bucket: bucketFor(range.from, range.to) };
  const call = ctx.call(provider.kpi.action, params, { timeout, retries: 0 });
  // A guard in case the broker's own timeout is off: the answer must not hang on one provider.
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeout('timeout')), timeout + 250);
  });
  try {
    return readAnswer(await Promise.race([call, guard]));
  } finally {
    clearTimeout(timer);
  }
}

async function buildCard(ctx: ActionContext, provider: Provider, current: Range, previous: Range, zone: string, timeout: number): Promise<KpiCard> {
  const { kpi } = provider;
  const lowerIsBetter = Boolean(kpi.lowerIsBetter);
  const base = {
    module: provider.module,
    id: kpi.id,
    label: kpi.label,
    unit: kpi.unit ?? null,
    lowerIsBetter,
    link: linkFor(kpi.link, current),
    aggregate: kpi.aggregate ?? null,
    period: toRange(current),
    previousPeriod: toRange(previous),
    zone,
  };
  const [now, before] = await Promise.allSettled([ask(ctx, provider, current, zone, timeout), ask(ctx, provider, previous, zone, timeout)]);
  if (now.status === 'rejected' || before.status === 'rejected') {
    const failed = now.status === 'rejected' ? { reason: now.reason, period: 'current' as const } : { reason: (before as PromiseRejectedResult).reason, period: 'previous' as const };
    ctx.broker.logger.warn(`dashboard: KPI ${provider.module}/${kpi.id} (${kpi.action}) failed: ${(failed.reason as Error)?.message ?? failed.reason}`);
    return { ...base, value: null, previous: null, change: null, changePct: null, better: null, series: [], error: cardError(provider, failed.reason, failed.period) };
  }
  // The provider's link for this answer (built from the same definition as the figure) wins over the declaration's.
  const link = now.value.link ?? base.link;
  return { ...base, link, value: now.value.value, previous: before.value.value, ...change(now.value.value, before.value.value, lowerIsBetter), series: now.value.series };
}

/** The saved layout with every card it does not name yet (a module installed since) appended. */
function mergeLayout(saved: LayoutCard[], providers: Provider[]): LayoutCard[] {
  const key = (c: { module: string; id: string }) => `${c.module}\u0000${c.id}`;
  const named = new Set(saved.map(key));
  const added = providers.filter((p) => !named.has(key({ module: p.module, id: p.kpi.id }))).map((p) => ({ module: p.module, id: p.kpi.id }));
  return [...saved.map((c) => ({ module: c.module, id: c.id, ...(c.hidden ? { hidden: true } : {}) })), ...added];
}

async function layoutOf(ctx: ActionContext) {
  const row = await ctx.db.findOne(LayoutSchema, { userId: ctx.user.id });
  const providers = discoverProviders(ctx.broker, ctx.user.role, await enabledModules(ctx));
  return { cards: mergeLayout(row?.cards ?? [], providers), custom: Boolean(row), updatedAt: row ? new Date(row.updatedAt).toISOString() : null };
}

export const dashboardService = defineService({
  name: 'dashboard',
  settings: { rest: '/dashboard' },
  // Forget the agency's cached zone when settings changes it.
  events: { ...agencyTimeEvents },
  actions: {
    kpis: {
      rest: 'GET /kpis',
      // Fans out to every KPI provider: rate-limited like a write (gateway rate-limit.ts).
      expensive: true,
      summary: 'Every KPI the live modules offer the caller, for the period and the previous one of the same length; a failing provider yields a card with `error`',
      permissions: ['dashboard:read'],
      params: {
        period: { type: 'enum', values: PERIOD_KEYS, optional: true },
        from: dateParam,
        to: dateParam,
        // One card only (a Retry on an error card): `module` and `kpi` narrow the providers asked.
        module: { ...keyRule, optional: true },
        kpi: { ...keyRule, optional: true },
      },
      async handler(ctx: ActionContext<{ period?: PeriodKey; from?: string; to?: string; module?: string; kpi?: string }>) {
        // The agency's own days (settings profile; UTC when settings is not running).
        const zone = await agencyZone(ctx);
        const current = resolvePeriod(ctx.params.period ?? '30d', ctx.params.from, ctx.params.to, zone);
        const previous = previousOf(current, zone);
        const timeout = kpiTimeoutMs();
        const { module, kpi } = ctx.params;
        const providers = discoverProviders(ctx.broker, ctx.user.role, await enabledModules(ctx)).filter((p) => (!module || p.module === module) && (!kpi || p.kpi.id === kpi));
        ctx.meta.$responseHeaders = { 'Cache-Control': 'no-store' };
        return Promise.all(providers.map((p) => buildCard(ctx, p, current, previous, zone, timeout)));
      },
    },
    layout: {
      rest: 'GET /layout',
      summary: "The caller's card layout (order, hidden cards); cards it does not name yet are appended",
      permissions: ['dashboard:read'],
      async handler(ctx: ActionContext) {
        return layoutOf(ctx);
      },
    },
    saveLayout: {
      rest: 'PUT /layout',
      summary: "Save the caller's card layout: `{ cards: [{ module, id, hidden? }] }` in display order",
      permissions: ['dashboard:write'],
      params: {
        cards: {
          type: 'array',
          max: MAX_LAYOUT_CARDS,
          items: { type: 'object', props: { module: keyRule, id: keyRule, hidden: { type: 'boolean', optional: true } } },
        },
      },
      async handler(ctx: ActionContext<{ cards: LayoutCard[] }>) {
        const seen = new Set<string>();
        const problems = ctx.params.cards.flatMap((c, i) => {
          // Unknown fields are named one by one, like the SDK does for top-level params.
          const unknown = Object.keys(c).filter((k) => !CARD_FIELDS.has(k));
          if (unknown.length) return unknown.map((k) => ({ field: `cards[${i}].${k}`, message: `The '${k}' field cannot be set here`, type: 'forbidden' }));
          const key = `${c.module}\u0000${c.id}`;
          if (seen.has(key)) return [{ field: `cards[${i}]`, message: `${c.module}/${c.id} is listed twice`, type: 'duplicate' }];
          seen.add(key);
          return [];
        });
        if (problems.length) throw errors.invalid(problems);
        const cards = ctx.params.cards.map((c) => ({ module: c.module, id: c.id, ...(c.hidden ? { hidden: true } : {}) }));
        await ctx.db.sql(
          `insert into dashboard.layout (id, agency_id, user_id, cards, updated_at) values (?, $agency, ?, ?::jsonb, now())
           on conflict (agency_id, user_id) do update set cards = excluded.cards, updated_at = now()`,
          [randomUUID(), ctx.user.id, JSON.stringify(cards)],
        );
        return layoutOf(ctx);
      },
    },
  },
});
