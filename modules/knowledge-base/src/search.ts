/**
 * Ranked full-text search in PostgreSQL. The document's `search` vector (kept by a trigger)
 * weights title A > tags and description B > body D, accents folded, in the agency's
 * text-search configuration. The query goes through `websearch_to_tsquery` (quoted phrases,
 * `or`, `-exclude`), ranks with `ts_rank_cd`, and titles also match by trigram word
 * similarity (`<%`, pg_trgm) so that "instalation" finds "Installation guide". Snippets come
 * from `ts_headline` on the page's rows only, as segments (never HTML: the UI marks hits).
 */
import type { ClientScope } from '@audienceos/module-sdk';
import { errors } from '@audienceos/module-sdk';
import { visibleSql } from './access';

export interface SearchFilters {
  q?: string;
  category?: string[];
  client?: string[]; // uuids or 'none'
  type?: string[];
  author?: string;
  tag?: string;
  starred?: boolean;
  archived?: boolean;
}

type Sql = <R>(query: string, params?: unknown[]) => Promise<R[]>;

const HIT_START = '\u0001';
const HIT_END = '\u0002';

/** `text with \u0001hits\u0002` → segments `[{ text, hit }]`. */
export function segments(headline: string): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  for (const part of headline.split(HIT_START)) {
    const end = part.indexOf(HIT_END);
    if (end >= 0) {
      if (end > 0) out.push({ text: part.slice(0, end), hit: true });
      if (end + 1 < part.length) out.push({ text: part.slice(end + 1), hit: false });
    } else if (part) out.push({ text: part, hit: false });
  }
  return out;
}

const plainWords = (q: string) => !/["]|(^|\s)-\S|\sor\s/i.test(q);

function where(f: SearchFilters, userId: string, scope: ClientScope, skip?: keyof SearchFilters): { sql: string; params: unknown[] } {
  const and: string[] = ['d.agency_id = $agency'];
  const params: unknown[] = [];
  const vis = visibleSql(scope);
  and.push(vis.sql);
  params.push(...vis.params);
  and.push(f.archived ? 'd.archived_at is not null' : 'd.archived_at is null');
  // typo tolerance only for plain words: a phrase, `or` or `-exclusion` means exactly what it says
  if (f.q) and.push(plainWords(f.q) ? `(d.search @@ q.tsq or (char_length(q.raw) >= 4 and q.raw <% knowledge_base.fold(d.title)))` : 'd.search @@ q.tsq');
  if (f.category && skip !== 'category') {
    and.push('d.category = any(?::text[])');
    params.push(`{${f.category.join(',')}}`);
  }
  if (f.client && skip !== 'client') {
    const ids = f.client.filter((c) => c !== 'none');
    and.push(`(${[ids.length ? 'd.client_id = any(?::uuid[])' : null, f.client.includes('none') ? 'd.client_id is null' : null].filter(Boolean).join(' or ')})`);
    if (ids.length) params.push(`{${ids.join(',')}}`);
  }
  if (f.type && skip !== 'type') {
    and.push('d.file_type = any(?::text[])');
    params.push(`{${f.type.join(',')}}`);
  }
  if (f.author && skip !== 'author') {
    and.push('d.author_id = ?::uuid');
    params.push(f.author);
  }
  if (f.tag && skip !== 'tag') {
    and.push('d.tags @> array[?]::text[]');
    params.push(f.tag);
  }
  if (f.starred) {
    and.push('exists (select 1 from knowledge_base.star s where s.document_id = d.id and s.user_id = ?::uuid)');
    params.push(userId);
  }
  return { sql: and.join(' and '), params };
}

/** `q` CTE: the parsed query and the folded raw text for trigram matching. */
const Q_CTE = `with q as (select websearch_to_tsquery(?::regconfig, knowledge_base.fold(?)) as tsq, knowledge_base.fold(?) as raw)`;

function qParams(language: string, q: string | undefined) {
  return [language, q ?? '', q ?? ''];
}

export interface SearchPage {
  ids: { id: string; score: number | null; snippet: { text: string; hit: boolean }[] }[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * A page cursor `[key, id]` as `encodeCursor` wrote it: `key` is the rank (a plain decimal)
 * when searching and the `updated_at` instant (`toISOString()`, so no rolled-over 2026-02-30
 * and no year 275760) otherwise. Anything else is the platform's 400 `INVALID_CURSOR`
 * (issue 8 §5), never a database error.
 */
function decodeCursor(cursor: string, byScore: boolean): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const [a, b] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
  const keyOk =
    typeof a === 'string' &&
    (byScore ? /^\d{1,12}(\.\d{1,20})?$/.test(a) : /^\d{4}-/.test(a) && !Number.isNaN(Date.parse(a)) && new Date(a).toISOString() === a);
  if (!keyOk || typeof b !== 'string' || !UUID.test(b))
    throw errors.badRequest('The cursor is not valid: start from the first page', 'INVALID_CURSOR', [
      { field: 'cursor', message: 'The cursor is not valid', type: 'cursor' },
    ]);
  return [a, b];
}
const encodeCursor = (a: string, b: string) => Buffer.from(JSON.stringify([a, b])).toString('base64url');

/** One keyset page of matching ids, by relevance (with `q`) or most recently updated. */
export async function searchPage(sql: Sql, f: SearchFilters, userId: string, scope: ClientScope, language: string, limit: number, cursor?: string): Promise<SearchPage> {
  const w = where(f, userId, scope);
  const after = cursor ? decodeCursor(cursor, Boolean(f.q)) : null;
  if (f.q) {
    const rows = await sql<{ id: string; score: string; headline: string }>(
      `${Q_CTE},
       hits as (
         select d.id, round((ts_rank_cd(d.search, q.tsq) + 0.1 * word_similarity(q.raw, knowledge_base.fold(d.title)))::numeric, 8) as score
           from knowledge_base.document d, q where ${w.sql}),
       page as (select * from hits ${after ? 'where (score, id) < (?::numeric, ?::uuid)' : ''} order by score desc, id desc limit ?)
       select page.id, page.score::text as score,
              ts_headline(?::regconfig, left(coalesce(nullif(d.body_text, ''), d.description), 200000), q.tsq,
                'StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') as headline
         from page join knowledge_base.document d on d.id = page.id, q
        order by page.score desc, page.id desc`,
      [...qParams(language, f.q), ...w.params, ...(after ?? []), limit + 1, language],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      ids: items.map((r) => ({ id: r.id, score: Number(r.score), snippet: segments(r.headline ?? '') })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.score, last.id) : null,
    };
  }
  const rows = await sql<{ id: string; updated_at: Date; excerpt: string }>(
    `select d.id, d.updated_at, left(coalesce(nullif(d.description, ''), d.body_text), 220) as excerpt from knowledge_base.document d
      where ${w.sql} ${after ? 'and (d.updated_at, d.id) < (?::timestamptz, ?::uuid)' : ''}
      order by d.updated_at desc, d.id desc limit ?`,
    [...w.params, ...(after ?? []), limit + 1],
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    ids: items.map((r) => ({ id: r.id, score: null, snippet: r.excerpt ? [{ text: r.excerpt, hit: false }] : [] })),
    nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.updated_at).toISOString(), last.id) : null,
  };
}

const FACETS = {
  category: 'd.category',
  client: `coalesce(d.client_id::text, 'none')`,
  type: 'd.file_type',
  author: `coalesce(d.author_id::text, 'none')`,
  tag: 'unnest(d.tags)',
} as const;

export type Facets = Record<keyof typeof FACETS, { value: string; count: number }[]>;

/** Counts per facet value over the matching documents (each facet ignoring its own filter). */
export async function facetCounts(sql: Sql, f: SearchFilters, userId: string, scope: ClientScope, language: string): Promise<Facets> {
  const out = {} as Facets;
  for (const [facet, expr] of Object.entries(FACETS) as [keyof typeof FACETS, string][]) {
    const w = where(f, userId, scope, facet);
    const rows = await sql<{ value: string; count: string }>(
      `${Q_CTE} select v.value, count(*)::int as count from (select ${expr} as value from knowledge_base.document d, q where ${w.sql}) v
        group by v.value order by count(*) desc, v.value limit 50`,
      [...qParams(language, f.q), ...w.params],
    );
    out[facet] = rows.map((r) => ({ value: r.value, count: Number(r.count) }));
  }
  return out;
}
