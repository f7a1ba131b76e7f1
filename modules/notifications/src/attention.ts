/**
 * The "needs attention" feed: one open item per (kind, record) of the agency, opened and
 * resolved by the same durable events that make notifications (client turning red, SLA at
 * risk / breached, a conversation waiting past the agency's threshold, a failed automation
 * run). Each person can dismiss an item or snooze it until a time; a re-opened item shows again.
 */
import { randomUUID } from 'node:crypto';
import { announce, now as clockNow, type ActionContext, type LiveAudience } from '@audienceos/module-sdk';
import type { AttentionKind } from './constants';
import { pgArray } from './sql';

export interface AttentionDraft {
  kind: AttentionKind;
  recordType: string;
  recordId: string;
  clientId?: string | null;
  title: string;
  detail?: string;
  url: string;
  severity: 'warning' | 'critical';
}

/** Open (or refresh) the item for `(kind, recordId)`; a resolved one re-opens and forgets dismissals. */
export async function openAttention(ctx: ActionContext, d: AttentionDraft): Promise<string> {
  const at = clockNow();
  const rows = await ctx.db.sql<{ id: string; reopened: boolean }>(
    `insert into notifications.attention (id, agency_id, kind, record_type, record_id, client_id, title, detail, url, severity, opened_at, updated_at)
     values (?, $agency, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (agency_id, kind, record_id) do update set
       title = excluded.title, detail = excluded.detail, url = excluded.url, severity = excluded.severity,
       client_id = excluded.client_id, updated_at = excluded.updated_at,
       opened_at = case when notifications.attention.resolved_at is null then notifications.attention.opened_at else excluded.opened_at end,
       resolved_at = null
     returning id, (xmax <> 0) as reopened`,
    [randomUUID(), d.kind, d.recordType, d.recordId, d.clientId ?? null, d.title, d.detail ?? '', d.url, d.severity, at, at],
  );
  const id = rows[0]!.id;
  if (rows[0]!.reopened) {
    // Seen before: dismissals of an earlier occurrence do not hide a new one.
    await ctx.db.sql(`delete from notifications.attention_state where agency_id = $agency and attention_id = ? and dismissed_at is not null and dismissed_at < ?`, [id, at]);
  }
  announce(ctx, { module: 'notifications', entity: 'attention', id, op: 'updated', audience: audienceOf(d.clientId) });
  return id;
}

/**
 * Who hears an attention item change: a client's item whoever may read that client; an item with
 * no client (e.g. a failed automation run) not members, who never see client-less items (`visibleItem`).
 */
const audienceOf = (clientId: string | null | undefined): LiveAudience => (clientId ? { clientId } : { roles: ['owner', 'admin', 'manager'] });

/** Resolve the open items of these kinds about `recordId` (e.g. the ticket was resolved). */
export async function resolveAttention(ctx: ActionContext, kinds: AttentionKind[], recordId: string): Promise<number> {
  const rows = await ctx.db.sql<{ id: string; client_id: string | null }>(
    `update notifications.attention set resolved_at = ?, updated_at = ?
      where agency_id = $agency and kind = any(?::text[]) and record_id = ? and resolved_at is null returning id, client_id`,
    [clockNow(), clockNow(), pgArray(kinds), recordId],
  );
  for (const r of rows) announce(ctx, { module: 'notifications', entity: 'attention', id: r.id, op: 'deleted', audience: audienceOf(r.client_id) });
  return rows.length;
}
