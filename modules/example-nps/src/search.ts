/**
 * Global search (⌘K) over NPS responses: by the words of their comment. Broker-only
 * `nps.search`; a member finds only responses of the clients granted to them. Written only
 * against the SDK, like the rest of this plugin: a partner's module joins ⌘K the same way.
 */
import { clientScope, defineSearch, idArray, searchCandidates, searchScore } from '@audienceos/module-sdk';
import { categoryOf } from './nps';

interface Row {
  id: string;
  score: number;
  comment: string;
  created_at: Date;
}

const CATEGORY_LABELS = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' } as const;

/**
 * `nps.search` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'nps-response', id, title: the
 * comment (cut to 80 characters), subtitle: 'Score <n> · <category>', url: '/nps?category=<category>',
 * score }] }`. Needs `nps:read`.
 */
export const npsSearch = defineSearch({
  action: 'nps.search',
  label: 'NPS responses',
  types: ['nps-response'],
  permission: 'nps:read',
  async search(ctx, q, limit) {
    const scope = await clientScope(ctx);
    const granted = [...new Set([...scope.read, ...scope.write])];
    if (!scope.all && granted.length === 0) return [];
    const rows = await searchCandidates<Row>(ctx, {
      select: 'r.id, r.score, r.comment, r.created_at',
      from: 'example_nps.response r',
      where: `r.agency_id = $agency and r.comment is not null${scope.all ? '' : ' and r.client_id = any(?::uuid[])'}`,
      params: scope.all ? [] : [idArray(granted)],
      text: `coalesce(r.comment, '')`,
      q,
      limit: limit * 4,
    });
    return rows.map((r) => {
      const category = categoryOf(r.score);
      return {
        type: 'nps-response',
        id: r.id,
        title: r.comment.length > 80 ? `${r.comment.slice(0, 79)}…` : r.comment,
        subtitle: `Score ${r.score} · ${CATEGORY_LABELS[category]}`,
        url: `/nps?category=${category}`,
        score: searchScore(q, r.comment) * 0.9,
      };
    });
  },
});
