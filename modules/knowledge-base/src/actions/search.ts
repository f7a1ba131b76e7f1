/** `GET /documents`: search and browse, with facets, filters from the URL and keyset pages. */
import { clientScope, pageParams, type ModuleAction } from '@audienceos/module-sdk';
import { randomUUID } from 'node:crypto';
import { SELECT_DOCUMENT, documentDto, type DocumentRow } from '../dto';
import { facetCounts, searchPage, type SearchFilters } from '../search';
import { splitList, typeListRule } from '../params';

export interface SearchParams {
  q?: string;
  category?: string;
  client?: string;
  type?: string;
  author?: string;
  tag?: string;
  starred?: boolean;
  archived?: boolean;
  facets?: boolean;
  limit?: number;
  cursor?: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export async function agencyLanguage(ctx: Parameters<ModuleAction['handler']>[0]): Promise<string> {
  const [row] = await ctx.db.sql<{ language: string }>('select language::text as language from knowledge_base.agency_setting where agency_id = $agency');
  return row?.language ?? 'english';
}

export const searchAction: ModuleAction<SearchParams> = {
  rest: 'GET /',
  summary: 'Search (q: websearch syntax — "phrase", or, -exclude) or browse documents; facets with counts; keyset pages',
  permissions: ['documents:read'],
  params: {
    q: { type: 'string', optional: true, max: 500, trim: true },
    category: { type: 'string', optional: true, max: 400, pattern: /^[a-z0-9-]+(,[a-z0-9-]+)*$/ },
    client: { type: 'string', optional: true, max: 1000, pattern: new RegExp(`^(none|${UUID})(,(none|${UUID}))*$`) },
    type: typeListRule,
    author: { type: 'uuid', optional: true },
    tag: { type: 'string', optional: true, max: 40 },
    starred: { type: 'boolean', convert: true, optional: true },
    archived: { type: 'boolean', convert: true, optional: true },
    facets: { type: 'boolean', convert: true, optional: true },
    ...(({ limit, cursor }) => ({ limit, cursor }))(pageParams([])),
  },
  async handler(ctx) {
    const p = ctx.params;
    const filters: SearchFilters = {
      q: p.q || undefined,
      category: splitList(p.category),
      client: splitList(p.client)?.map((c) => c.toLowerCase()),
      type: splitList(p.type),
      author: p.author,
      tag: p.tag,
      starred: p.starred,
      archived: p.archived,
    };
    const scope = await clientScope(ctx);
    const language = await agencyLanguage(ctx);
    const sql = <R>(q: string, params: unknown[] = []) => ctx.db.sql<R>(q, params);
    const page = await searchPage(sql, filters, ctx.user.id, scope, language, Math.min(p.limit ?? 25, 100), p.cursor);
    const rows = page.ids.length
      ? await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = any(?::uuid[])`, [ctx.user.id, `{${page.ids.map((i) => i.id).join(',')}}`])
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = page.ids.filter((i) => byId.has(i.id)).map((i) => ({ ...documentDto(byId.get(i.id)!), score: i.score, snippet: i.snippet }));
    if (filters.q && !p.cursor && items.length === 0 && ctx.user.role !== 'system') {
      // a content gap: shown to owners and admins, counted by the `no-result-searches` KPI
      await ctx.db.sql('insert into knowledge_base.search_miss (id, agency_id, user_id, query) values (?, $agency, ?, ?)', [randomUUID(), ctx.user.id, filters.q]);
    }
    const facets = p.facets === false ? null : await facetCounts(sql, filters, ctx.user.id, scope, language);
    return { items, nextCursor: page.nextCursor, limit: Math.min(p.limit ?? 25, 100), facets };
  },
};

export const gapsAction: ModuleAction<{ days?: number }> = {
  rest: 'GET /gaps',
  summary: 'Searches that found nothing (content gaps), most frequent first, over the last `days` (default 30)',
  permissions: ['documents:manage'],
  params: { days: { type: 'number', integer: true, positive: true, max: 365, convert: true, optional: true } },
  async handler(ctx) {
    const rows = await ctx.db.sql<{ query: string; count: number; last_at: Date }>(
      `select lower(query) as query, count(*)::int as count, max(created_at) as last_at from knowledge_base.search_miss
        where agency_id = $agency and created_at >= now() - (?::int * interval '1 day') group by lower(query) order by count(*) desc, max(created_at) desc limit 100`,
      [ctx.params.days ?? 30],
    );
    return { items: rows.map((r) => ({ query: r.query, count: Number(r.count), lastAt: new Date(r.last_at).toISOString() })) };
  },
};
