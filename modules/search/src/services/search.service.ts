/**
 * `search` at `/api/v1/search`: global search (⌘K). One query is asked of every live module
 * that declares `search` in its manifest, in parallel and under a time limit, with the
 * caller's own signed identity (so each module applies its own permissions); the hits are
 * merged, ranked and grouped by module. A module that is slow, down or failing is skipped and
 * named in `skipped` — never waited for.
 */
import { defineService, errors, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_QUERY, type ActionContext, type SearchHit } from '@audienceos/module-sdk';
import { discoverProviders, enabledModules, forgetEnabledModules, type Provider } from '../providers';

/** How long one module may take (ms); `SEARCH_TIMEOUT_MS` overrides (default 800). */
export function searchTimeoutMs(): number {
  const fromEnv = Number(process.env.SEARCH_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 800;
}

export interface SearchGroup {
  module: string;
  label: string;
  hits: SearchHit[];
}

export interface SkippedModule {
  module: string;
  label: string;
  reason: 'timeout' | 'unavailable' | 'error';
}

export interface SearchResponse {
  q: string;
  groups: SearchGroup[];
  skipped: SkippedModule[];
  tookMs: number;
}

class ProviderTimeout extends Error {}

/** A hit as the palette may show it: known fields only, a same-origin path as `url`, score in [0, 1]. */
function cleanHit(hit: unknown, fallbackType: string): SearchHit | null {
  const h = hit as Partial<SearchHit> | null;
  if (!h || typeof h.id !== 'string' || typeof h.title !== 'string' || typeof h.url !== 'string') return null;
  // Only paths of this origin: a plugin must not send the palette to `javascript:` or another site.
  if (!h.url.startsWith('/') || h.url.startsWith('//') || h.url.includes('\\')) return null;
  const score = typeof h.score === 'number' && Number.isFinite(h.score) ? Math.min(1, Math.max(0, h.score)) : 0;
  return {
    type: typeof h.type === 'string' && h.type ? h.type.slice(0, 60) : fallbackType,
    id: h.id.slice(0, 200),
    title: h.title.slice(0, 300),
    ...(typeof h.subtitle === 'string' && h.subtitle ? { subtitle: h.subtitle.slice(0, 300) } : {}),
    url: h.url.slice(0, 2000),
    score,
  };
}

function reasonOf(err: unknown): SkippedModule['reason'] {
  const e = err as { name?: string };
  if (err instanceof ProviderTimeout || e?.name === 'RequestTimeoutError') return 'timeout';
  if (e?.name === 'ServiceNotFoundError' || e?.name === 'ServiceNotAvailableError') return 'unavailable';
  return 'error';
}

async function ask(ctx: ActionContext, provider: Provider, q: string, limit: number, timeout: number): Promise<SearchHit[]> {
  let timer: NodeJS.Timeout | undefined;
  const call = ctx.call(provider.search.action, { q, limit }, { timeout, retries: 0 });
  // A guard in case the broker's own timeout is off: the answer must not hang on one module.
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeout('timeout')), timeout + 50);
  });
  try {
    const answer = (await Promise.race([call, guard])) as { hits?: unknown } | null;
    const hits = Array.isArray(answer?.hits) ? answer.hits : [];
    const fallbackType = provider.search.types?.[0] ?? provider.module;
    return hits
      .map((h) => cleanHit(h, fallbackType))
      .filter((h): h is SearchHit => h !== null)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  } finally {
    clearTimeout(timer);
  }
}

export const searchService = defineService({
  name: 'search',
  settings: { rest: '/search' },
  events: {
    // Settings switched a module on or off for an agency: ask again on the next search.
    'settings.modulesChanged'(ctx: { params: { agencyId?: string } }) {
      forgetEnabledModules(ctx.params?.agencyId);
    },
  },
  actions: {
    /**
     * `GET /api/v1/search?q=&limit=` — takes `q` (trimmed; at most 200 characters; empty → no
     * groups) and `limit` (hits per module, 1–20, default 5). Gives `{ q, groups: [{ module, label,
     * hits: [{ type, id, title, subtitle?, url, score }] }], skipped: [{ module, label, reason }], tookMs }`:
     * groups ordered by their best hit, hits by score; `reason` is `timeout` (slower than
     * `SEARCH_TIMEOUT_MS`), `unavailable` (down) or `error`. 422 for a too long `q` or a bad `limit`.
     */
    query: {
      rest: 'GET /',
      summary: 'Global search: every live module that declares `search`, asked in parallel under a time limit; hits grouped by module, slow or down modules in `skipped`',
      permissions: ['search:read'],
      params: {
        q: { type: 'string', optional: true, max: SEARCH_MAX_QUERY, trim: true },
        limit: { type: 'number', integer: true, min: 1, max: SEARCH_MAX_LIMIT, convert: true, optional: true },
      },
      async handler(ctx: ActionContext<{ q?: string; limit?: number }>): Promise<SearchResponse> {
        const started = Date.now();
        ctx.meta.$responseHeaders = { 'Cache-Control': 'no-store' };
        const q = (ctx.params.q ?? '').trim();
        if (!q) return { q, groups: [], skipped: [], tookMs: 0 };
        if (q.length > SEARCH_MAX_QUERY) throw errors.invalid({ field: 'q', message: `Search for at most ${SEARCH_MAX_QUERY} characters`, type: 'stringMax', actual: q.length });
        const limit = ctx.params.limit ?? SEARCH_DEFAULT_LIMIT;
        const timeout = searchTimeoutMs();
        const { live, gone } = discoverProviders(ctx.broker, ctx.user.role, await enabledModules(ctx));
        const answers = await Promise.allSettled(live.map((p) => ask(ctx, p, q, limit, timeout)));
        const groups: SearchGroup[] = [];
        const skipped: SkippedModule[] = gone.map((g) => ({ ...g, reason: 'unavailable' as const }));
        answers.forEach((answer, i) => {
          const provider = live[i]!;
          if (answer.status === 'fulfilled') {
            if (answer.value.length) groups.push({ module: provider.module, label: provider.search.label, hits: answer.value });
            return;
          }
          const err = answer.reason as { code?: number; message?: string; type?: string };
          // The module refused this caller (its own rule, e.g. a permission): nothing to show, nothing broken.
          if (err?.code === 403 || err?.code === 401) return;
          // A 422 for this query is the module's own limit (e.g. text it cannot search): skipped, named.
          ctx.broker.logger.warn(`search: ${provider.module} (${provider.search.action}) skipped: ${err?.message ?? String(answer.reason)}`);
          skipped.push({ module: provider.module, label: provider.search.label, reason: reasonOf(answer.reason) });
        });
        const best = (g: SearchGroup) => g.hits[0]?.score ?? 0;
        groups.sort((a, b) => best(b) - best(a) || a.label.localeCompare(b.label));
        skipped.sort((a, b) => a.module.localeCompare(b.module));
        return { q, groups, skipped, tookMs: Date.now() - started };
      },
    },
  },
});
