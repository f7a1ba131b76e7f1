/**
 * Global search (⌘K) over clients: by name, company, website and contact (name, email).
 * Broker-only `clients.search`; a member finds only the clients granted to them (read or write).
 */
import { clientScope, defineSearch, idArray, searchCandidates, searchScore } from '@audienceos/module-sdk';

/**
 * The searched text of a client: one expression so that one trigram index serves it
 * (migration `0003_search`: `gin (audienceos.fold_text(<this>) gin_trgm_ops)`). Name first:
 * a "starts with" match is a match at the start of the name.
 */
export const CLIENT_SEARCH_TEXT = `c.name || ' ' || c.company || ' ' || coalesce(c.website, '') || ' ' || coalesce(c.contact_name, '') || ' ' || coalesce(c.contact_email, '')`;

interface Row {
  id: string;
  name: string;
  company: string;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  stage_name: string | null;
  archived: boolean;
}

/**
 * `clients.search` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'client', id, title: name,
 * subtitle: "<stage> · <company or contact>", url: '/pipeline?client=<id>', score }] }`.
 * Archived clients are found too (marked, ranked a little lower). Needs `clients:read`.
 */
export const clientSearch = defineSearch({
  action: 'clients.search',
  label: 'Clients',
  types: ['client'],
  permission: 'clients:read',
  async search(ctx, q, limit) {
    const scope = await clientScope(ctx);
    const granted = [...new Set([...scope.read, ...scope.write])];
    if (!scope.all && granted.length === 0) return [];
    const rows = await searchCandidates<Row>(ctx, {
      select: `c.id, c.name, c.company, c.website, c.contact_name, c.contact_email, c.archived_at is not null as archived,
               (select s.name from pipeline.stage s where s.agency_id = c.agency_id and s.key = c.stage) as stage_name`,
      from: 'pipeline.client c',
      where: scope.all ? 'c.agency_id = $agency' : 'c.agency_id = $agency and c.id = any(?::uuid[])',
      params: scope.all ? [] : [idArray(granted)],
      text: CLIENT_SEARCH_TEXT,
      q,
      limit: limit * 4,
    });
    return rows.map((r) => {
      const detail = r.company && r.company !== r.name ? r.company : (r.contact_name ?? r.website ?? '');
      const subtitle = [r.archived ? 'Archived' : r.stage_name, detail].filter(Boolean).join(' · ');
      const score = searchScore(q, r.name, [r.company, r.website, r.contact_name, r.contact_email]);
      return { type: 'client', id: r.id, title: r.name, ...(subtitle ? { subtitle } : {}), url: `/pipeline?client=${r.id}`, score: r.archived ? score * 0.8 : score };
    });
  },
});
