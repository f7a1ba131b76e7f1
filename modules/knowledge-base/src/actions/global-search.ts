/**
 * Global search (⌘K) over documents: by title (literal, accent-insensitive, the title trigram
 * index) and by content (the ranked full-text vector, `websearch_to_tsquery` in the agency's
 * language). Broker-only `documents.globalSearch`; archived documents are left out, and a
 * member sees documents without a client and those of clients granted to them.
 */
import { clientScope, defineSearch, likePattern, searchScore, SEARCH_MIN_CONTAINS } from '@audienceos/module-sdk';
import { visibleSql } from '../access';

interface Row {
  id: string;
  title: string;
  category: string;
  file_type: string;
  rank: number;
  by_title: boolean;
}

/**
 * `documents.globalSearch` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'document', id, title,
 * subtitle: '<category> · <file type>', url: '/knowledge-base?doc=<id>', score }] }`. A title match
 * scores by how much of the title the query covers; a content-only match at most 0.5. Needs `documents:read`.
 */
export const documentSearch = defineSearch({
  action: 'documents.globalSearch',
  label: 'Documents',
  types: ['document'],
  permission: 'documents:read',
  async search(ctx, q, limit) {
    const scope = await clientScope(ctx);
    const vis = visibleSql(scope);
    const n = limit * 4;
    const base = `d.agency_id = $agency and d.archived_at is null and ${vis.sql}`;
    const titleMode = q.length >= SEARCH_MIN_CONTAINS ? 'contains' : 'prefix';
    const rows = await ctx.db.sql<Row>(
      `(select d.id, d.title, d.category, d.file_type, 0::float4 as rank, true as by_title from knowledge_base.document d
         where ${base} and knowledge_base.fold(d.title) like knowledge_base.fold(?) escape '\\' limit ?)
       union all
       (select d.id, d.title, d.category, d.file_type, ts_rank_cd(d.search, q.tsq) as rank, false as by_title
          from knowledge_base.document d,
               (select websearch_to_tsquery(coalesce((select s.language from knowledge_base.agency_setting s where s.agency_id = $agency), 'english'::regconfig),
                                            knowledge_base.fold(?)) as tsq) q
         where ${base} and d.search @@ q.tsq order by rank desc, d.id limit ?)`,
      [...vis.params, likePattern(q, titleMode), n, q, ...vis.params, n],
    );
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)))
      .map((r) => ({
        type: 'document',
        id: r.id,
        title: r.title,
        subtitle: [r.category, r.file_type].filter(Boolean).join(' · '),
        url: `/knowledge-base?doc=${r.id}`,
        score: r.by_title ? Math.max(searchScore(q, r.title), 0.5) : Math.min(0.5, 0.3 + Number(r.rank)),
      }));
  },
});
