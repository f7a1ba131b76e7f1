/**
 * The conversation row's summary of its messages (last activity, direction of the last
 * inbound-or-sent message, waiting since, preview, count), recomputed from the messages in
 * one statement. Callers hold the conversation's row lock first (an upsert or SELECT … FOR
 * UPDATE), so under READ COMMITTED this statement sees every message committed before it:
 * two messages ingested at once cannot leave a stale summary behind.
 */
import type { TenantScope } from '@audienceos/module-sdk';

/** Messages that count for "needs reply": inbound ones and replies sending or sent (not notes, drafts, failures). */
export const COUNTED = `(m.direction = 'inbound' or (m.direction = 'outbound' and m.delivery_state in ('sending', 'sent')))`;
/** Messages that show in the list's preview and activity: everything but drafts and failed sends. */
const SHOWN = `(m.direction <> 'outbound' or m.delivery_state in ('sending', 'sent'))`;

export async function refreshConversation(db: TenantScope, conversationId: string): Promise<void> {
  await db.sql(
    `update communications.conversation c set
        last_direction = (select m.direction from communications.message m where m.conversation_id = c.id and ${COUNTED}
                           order by m.sent_at desc, m.created_at desc limit 1),
        last_activity_at = coalesce((select max(m.sent_at) from communications.message m where m.conversation_id = c.id and ${SHOWN}), c.last_activity_at),
        last_inbound_at = (select max(m.sent_at) from communications.message m where m.conversation_id = c.id and m.direction = 'inbound'),
        waiting_since = (select min(m.sent_at) from communications.message m where m.conversation_id = c.id and m.direction = 'inbound'
                          and m.sent_at > coalesce((select max(o.sent_at) from communications.message o where o.conversation_id = c.id
                                                      and o.direction = 'outbound' and o.delivery_state in ('sending', 'sent')), '-infinity')),
        preview = coalesce((select left(m.body_text, 200) from communications.message m where m.conversation_id = c.id and ${SHOWN}
                             order by m.sent_at desc, m.created_at desc limit 1), ''),
        last_sender_name = coalesce((select m.sender_name from communications.message m where m.conversation_id = c.id and ${SHOWN}
                                     order by m.sent_at desc, m.created_at desc limit 1), ''),
        message_count = (select count(*) from communications.message m where m.conversation_id = c.id and ${SHOWN}),
        updated_at = now()
      where c.id = ? and c.agency_id = $agency`,
    [conversationId],
  );
}
