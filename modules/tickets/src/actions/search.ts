/**
 * Global search (⌘K) over tickets: by number ("#23" or "23") and by text (title, the start of
 * the description). Broker-only `tickets.search`; a member finds only tickets of the clients
 * granted to them.
 */
import { clientScope, defineSearch, idArray, searchCandidates, searchScore } from '@audienceos/module-sdk';

/**
 * The searched text of a ticket, one expression for one trigram index (migration
 * `0004_search`). Title first: "starts with" is a match at the start of the title.
 */
export const TICKET_SEARCH_TEXT = `t.title || ' ' || left(t.description, 500)`;

const STATUS_LABELS: Record<string, string> = { new: 'New', in_progress: 'In progress', waiting_client: 'Waiting on client', resolved: 'Resolved' };

interface Row {
  id: string;
  number: number;
  title: string;
  description: string;
  status: string;
  priority: string;
  by_number: boolean;
}

/**
 * `tickets.search` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'ticket', id, title: '#<number> <title>',
 * subtitle: '<status> · <priority> priority', url: '/tickets?ticket=<id>', score }] }`. A query that is a
 * number (optionally with `#`) finds that ticket first (score 1). Needs `tickets:read`.
 */
export const ticketSearch = defineSearch({
  action: 'tickets.search',
  label: 'Tickets',
  types: ['ticket'],
  permission: 'tickets:read',
  async search(ctx, q, limit) {
    const scope = await clientScope(ctx);
    const granted = [...new Set([...scope.read, ...scope.write])];
    if (!scope.all && granted.length === 0) return [];
    const where = scope.all ? 't.agency_id = $agency' : 't.agency_id = $agency and t.client_id = any(?::uuid[])';
    const params = scope.all ? [] : [idArray(granted)];
    const select = 't.id, t.number, t.title, left(t.description, 200) as description, t.status, t.priority';
    const numberMatch = /^#?\s*(\d{1,9})$/.exec(q);
    const byNumber = numberMatch
      ? await ctx.db.sql<Row>(`select ${select}, true as by_number from tickets.ticket t where ${where} and t.number = ?`, [...params, Number(numberMatch[1])])
      : [];
    // "#23" is a number only; "23" is also text ("2023 report").
    const text = q.startsWith('#')
      ? []
      : await searchCandidates<Row>(ctx, { select: `${select}, false as by_number`, from: 'tickets.ticket t', where, params, text: TICKET_SEARCH_TEXT, q, limit: limit * 4 });
    const seen = new Set<string>();
    return [...byNumber, ...text]
      .filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)))
      .map((r) => ({
        type: 'ticket',
        id: r.id,
        title: `#${r.number} ${r.title}`,
        subtitle: `${STATUS_LABELS[r.status] ?? r.status} · ${r.priority.charAt(0).toUpperCase()}${r.priority.slice(1)} priority`,
        url: `/tickets?ticket=${r.id}`,
        score: r.by_number ? 1 : searchScore(q, r.title, [r.description], 0.6),
      }));
  },
});
