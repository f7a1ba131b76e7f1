/**
 * Global search (⌘K) over the inbox: conversations by subject and by participant (the last
 * sender, and every message's sender name or address). Broker-only `communications.search`;
 * a member finds only conversations of the clients granted to them (never unlinked ones).
 */
import { clientScope, defineSearch, idArray, searchCandidates, searchScore } from '@audienceos/module-sdk';

/** Searched text of a conversation (migration `0005_search` indexes it folded, without the alias). */
export const CONVERSATION_SEARCH_TEXT = `c.subject || ' ' || c.last_sender_name`;
/** Searched text of a message's sender (the participants), indexed the same way. */
export const PARTICIPANT_SEARCH_TEXT = `m.sender_name || ' ' || m.sender_address`;

interface Row {
  id: string;
  subject: string;
  last_sender_name: string;
  source: string;
  channel: string;
  status: string;
  sender_name: string | null;
  sender_address: string | null;
}

/**
 * `communications.search` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'conversation', id,
 * title: subject (or "Conversation with <sender>"), subtitle: '<source> · <channel> · <sender>',
 * url: '/communications?c=<id>', score }] }`. Needs `communications:read`.
 */
export const conversationSearch = defineSearch({
  action: 'communications.search',
  label: 'Conversations',
  types: ['conversation'],
  permission: 'communications:read',
  async search(ctx, q, limit) {
    const scope = await clientScope(ctx);
    const granted = [...new Set([...scope.read, ...scope.write])];
    if (!scope.all && granted.length === 0) return [];
    const where = scope.all ? 'c.agency_id = $agency' : 'c.agency_id = $agency and c.client_id = any(?::uuid[])';
    const params = scope.all ? [] : [idArray(granted)];
    const columns = 'c.id, c.subject, c.last_sender_name, c.source, c.channel, c.status';
    const [bySubject, byParticipant] = await Promise.all([
      searchCandidates<Row>(ctx, { select: `${columns}, null as sender_name, null as sender_address`, from: 'communications.conversation c', where, params, text: CONVERSATION_SEARCH_TEXT, q, limit: limit * 4 }),
      searchCandidates<Row>(ctx, {
        select: `${columns}, m.sender_name, m.sender_address`,
        from: 'communications.message m join communications.conversation c on c.id = m.conversation_id',
        where: `m.agency_id = $agency and ${where}`,
        params,
        text: PARTICIPANT_SEARCH_TEXT,
        q,
        limit: limit * 4,
      }),
    ]);
    const seen = new Set<string>();
    return [...bySubject, ...byParticipant]
      .filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id)))
      .map((r) => {
        const who = r.sender_name || r.last_sender_name || r.sender_address || '';
        return {
          type: 'conversation',
          id: r.id,
          title: r.subject || (who ? `Conversation with ${who}` : 'Conversation'),
          subtitle: [r.source, r.channel, who].filter(Boolean).join(' · '),
          url: `/communications?c=${r.id}`,
          score: searchScore(q, r.subject, [r.last_sender_name, r.sender_name, r.sender_address], 0.8),
        };
      });
  },
});
