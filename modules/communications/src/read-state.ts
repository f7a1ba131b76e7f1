/**
 * Read state per user: a last-seen pointer per (conversation, user). Opening a thread moves it
 * to the newest message; "mark unread" moves it back to just before the last inbound message.
 */
import type { ActionContext } from '@audienceos/module-sdk';

/** The caller's last-seen instant for each of `ids` (absent: never seen). */
export async function lastSeenOf(ctx: ActionContext, ids: string[]): Promise<Map<string, Date>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.sql<{ conversation_id: string; last_seen_at: Date }>(
    `select conversation_id, last_seen_at from communications.read_state
      where agency_id = $agency and user_id = ? and conversation_id in (${ids.map(() => '?').join(', ')})`,
    [ctx.user.id, ...ids],
  );
  return new Map(rows.map((r) => [r.conversation_id, new Date(r.last_seen_at)]));
}

/** Set the caller's pointer (people only: the system principal has no read state). */
export async function setLastSeen(ctx: ActionContext, conversationId: string, at: Date | null): Promise<void> {
  if (ctx.user.role === 'system') return;
  if (at === null) {
    await ctx.db.sql(`delete from communications.read_state where agency_id = $agency and conversation_id = ? and user_id = ?`, [
      conversationId,
      ctx.user.id,
    ]);
    return;
  }
  await ctx.db.sql(
    `insert into communications.read_state (conversation_id, user_id, agency_id, last_seen_at) values (?, ?, $agency, ?)
     on conflict (conversation_id, user_id) do update set last_seen_at = excluded.last_seen_at`,
    [conversationId, ctx.user.id, at],
  );
}
