/**
 * Global search (⌘K, issue 13): the one shape every module's search action takes and answers,
 * so that a module (or a partner's plugin) writes only "find my records for this text".
 *
 * `defineSearch({ action, label, types, permission, search })` gives the manifest declaration
 * (`metadata.audienceos.search`) and the broker-only action: params `{ q, limit? }` validated
 * (q 1–200 characters after trimming, limit 1–20, default 5), hits checked, scores clamped to
 * [0, 1], sorted best first and cut to `limit`. Match text with `textMatch`/`textMatchSql`
 * (literal, accent- and case-insensitive) and rank with {@link searchScore}.
 */
import type { ActionContext, ModuleAction } from './define-module';
import { likePattern, textMatchSql } from './text-search';
import type { SearchAnswer, SearchDeclaration, SearchHit } from './types';

export const SEARCH_DEFAULT_LIMIT = 5;
export const SEARCH_MAX_LIMIT = 20;
export const SEARCH_MAX_QUERY = 200;

/** fastest-validator params of every search action (the fan-out validates the same before asking). */
export const searchParams = {
  q: { type: 'string', min: 1, max: SEARCH_MAX_QUERY, trim: true },
  limit: { type: 'number', integer: true, min: 1, max: SEARCH_MAX_LIMIT, convert: true, optional: true },
} as const;

/** Case and accents dropped (an approximation of SQL `audienceos.fold_text` for ranking in JS). */
export function foldForScore(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * Relevance of one field for a query, in [0, 1]: 1 when the field equals the query, 0.9 when it
 * starts with it, 0.8 when a word in it starts with it, 0.6 when it contains it elsewhere, 0
 * otherwise; shorter fields rank a little higher among equals (the query covers more of them).
 */
function fieldScore(field: string, q: string): number {
  const f = foldForScore(field);
  if (!f || !q) return 0;
  if (f === q) return 1;
  const at = f.indexOf(q);
  if (at < 0) return 0;
  const base = at === 0 ? 0.9 : /[^\p{L}\p{N}]/u.test(f[at - 1]!) ? 0.8 : 0.6;
  return base - 0.1 * (1 - q.length / f.length);
}

/**
 * The score of a hit: the best of its fields, the first (title) at full weight and every other
 * (email, subtitle, body …) at `otherWeight` (default 0.7). `q` is the user's text as given.
 */
export function searchScore(q: string, title: string | null | undefined, others: (string | null | undefined)[] = [], otherWeight = 0.7): number {
  const folded = foldForScore(q);
  let best = title ? fieldScore(title, folded) : 0;
  for (const other of others) if (other) best = Math.max(best, fieldScore(other, folded) * otherWeight);
  return Math.round(best * 1000) / 1000;
}

export interface SearchProviderOptions {
  /** Moleculer action name of the service the action is put in, e.g. `tickets.search`. */
  action: string;
  label: string;
  types: string[];
  /** The permission the caller's role needs (e.g. `tickets:read`); member scoping is the handler's. */
  permission?: string;
  /** Find up to `limit` records for `q` (trimmed, non-empty) that the caller may read. */
  search(ctx: ActionContext<{ q: string; limit?: number }>, q: string, limit: number): Promise<SearchHit[]>;
}

export interface SearchProvider {
  declaration: SearchDeclaration;
  action: ModuleAction<{ q: string; limit?: number }>;
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

/** The manifest entry and the action of a module's global search (see the file comment). */
export function defineSearch(options: SearchProviderOptions): SearchProvider {
  const action: SearchProvider['action'] = {
    summary: `Global search (⌘K): ${options.label} matching \`q\`, best first: \`{ hits: [{ type, id, title, subtitle?, url, score }] }\``,
    permissions: options.permission ? [options.permission] : [],
    mutation: false,
    params: searchParams,
    async handler(ctx) {
      const q = ctx.params.q.trim();
      const limit = ctx.params.limit ?? SEARCH_DEFAULT_LIMIT;
      const hits = (await options.search(ctx, q, limit))
        .filter((h) => h && typeof h.id === 'string' && typeof h.url === 'string')
        .map((h) => ({ ...h, score: clampScore(h.score) }))
        .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
        .slice(0, limit);
      return { hits } satisfies SearchAnswer;
    },
  };
  return { declaration: { action: options.action, label: options.label, types: options.types }, action };
}

/** Queries shorter than this match only at the start of the text (a trigram index needs three characters). */
export const SEARCH_MIN_CONTAINS = 3;

export interface SearchCandidatesOptions {
  /** Column list, e.g. `c.id, c.name`; must include `id`. */
  select: string;
  /** Table with alias, e.g. `pipeline.client c`. */
  from: string;
  /** Further conditions (SQL with `?` and `$agency`), e.g. `c.agency_id = $agency and c.id = any(?::uuid[])`. */
  where: string;
  params?: unknown[];
  /**
   * The searched text as one SQL expression, e.g. `c.name || ' ' || coalesce(c.website, '')`.
   * Give the module's migration a trigram index on exactly
   * `audienceos.fold_text(<text>) gin_trgm_ops` so both passes use it.
   */
  text: string;
  q: string;
  /** Rows per pass (the caller scores and cuts). */
  limit: number;
}

/**
 * Candidate rows for a search in at most two bounded passes, without sorting the whole match
 * set: rows containing `q` anywhere (from {@link SEARCH_MIN_CONTAINS} characters; shorter text
 * matches only at the start), at most `limit`; when that pass is full there may be more, so a
 * second pass adds rows whose text starts with `q` (the best-ranked ones). Matched literally and
 * accent-/case-insensitively (`textMatchSql`), duplicates removed. Rank them with {@link searchScore}.
 */
export async function searchCandidates<R extends { id: string }>(ctx: ActionContext, options: SearchCandidatesOptions): Promise<R[]> {
  const { select, from, where, text, q, limit } = options;
  const params = options.params ?? [];
  const pass = `select ${select} from ${from} where ${where} and ${textMatchSql(text)} limit ?`;
  const run = (mode: 'prefix' | 'contains') => ctx.db.sql<R>(pass, [...params, likePattern(q, mode), limit]);
  let rows: R[];
  if (q.length < SEARCH_MIN_CONTAINS) rows = await run('prefix');
  else {
    const contains = await run('contains');
    // Fewer than `limit`: that was every match, the ones starting with `q` included.
    rows = contains.length < limit ? contains : [...(await run('prefix')), ...contains];
  }
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)));
}

/** `{a,b}`: a PostgreSQL array literal of ids to bind as `?::uuid[]` (a raw JS array would be expanded). */
export function idArray(ids: Iterable<string>): string {
  return `{${[...ids].join(',')}}`;
}
