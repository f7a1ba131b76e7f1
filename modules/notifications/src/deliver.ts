/**
 * Making notifications. Every source (durable-event consumers, the automation action) ends
 * here: the actor is never notified, each recipient's preferences decide in-app and email,
 * a muted client silences its notifications, repeats collapse into one row with a count,
 * and the recipient's screens hear about it live. Emails are sent after the commit (or held
 * for quiet hours, or kept for the daily digest).
 */
import { randomUUID } from 'node:crypto';
import { announce, now as clockNow, systemCaller, type ActionContext } from '@audienceos/module-sdk';
import { COLLAPSE_MINUTES, type Kind } from './constants';
import { mailEnabled } from './mail';
import { teamOf } from './people';
import { inQuietHours, loadPrefs, zoneFor } from './prefs';

export interface Draft {
  kind: Kind;
  /** `ticket`, `conversation`, `client`, `run`, or whatever an automation names. */
  recordType: string;
  /** The record the notification is about (collapse key with kind + recipient). */
  recordId: string;
  clientId?: string | null;
  title: string;
  body?: string;
  /** Shell path that opens the record, e.g. `/tickets?ticket=<id>`. */
  url: string;
  /** Who caused it (never notified); null for the platform. */
  actorId?: string | null;
}

export interface Outcome {
  created: string[];
  collapsed: string[];
  skipped: { userId: string; reason: 'actor' | 'not_in_team' | 'muted' | 'off' }[];
}

/**
 * Notify `recipients` (user ids of the caller's agency) about `draft`. Unknown or inactive
 * users and the actor are skipped. Runs inside the caller's transaction.
 */
export async function notifyUsers(ctx: ActionContext, recipients: Iterable<string | null | undefined>, draft: Draft): Promise<Outcome> {
  const out: Outcome = { created: [], collapsed: [], skipped: [] };
  const wanted = [...new Set([...recipients].filter((x): x is string => typeof x === 'string' && x.length > 0).map((x) => x.toLowerCase()))];
  if (!wanted.length) return out;
  const team = new Map((await teamOf(ctx)).map((u) => [u.id, u]));
  const prefs = await loadPrefs(ctx, wanted.filter((id) => team.has(id)));
  const at = clockNow();
  let mailQueued = false;
  for (const userId of wanted) {
    if (draft.actorId && userId === draft.actorId.toLowerCase()) {
      out.skipped.push({ userId, reason: 'actor' });
      continue;
    }
    const member = team.get(userId);
    const pref = prefs.get(userId);
    if (!member || !pref) {
      out.skipped.push({ userId, reason: 'not_in_team' });
      continue;
    }
    if (draft.clientId && draft.kind !== 'automation_failed' && pref.mutedClientIds.includes(draft.clientId)) {
      out.skipped.push({ userId, reason: 'muted' });
      continue;
    }
    const channel = pref.channels[draft.kind];
    if (!channel.inApp && !channel.email) {
      out.skipped.push({ userId, reason: 'off' });
      continue;
    }
    // One writer per (recipient, kind, record) at a time, so that concurrent repeats collapse.
    await ctx.db.sql(`select pg_advisory_xact_lock(hashtext(?))`, [`notifications|${ctx.user.agencyId}|${userId}|${draft.kind}|${draft.recordId}`]);
    const recent = await ctx.db.sql<{ id: string; in_app: boolean }>(
      `select id, in_app from notifications.notification
        where agency_id = $agency and recipient_id = ? and kind = ? and record_id = ? and updated_at > ?
        order by updated_at desc limit 1`,
      [userId, draft.kind, draft.recordId, new Date(at.getTime() - COLLAPSE_MINUTES * 60_000)],
    );
    if (recent[0]) {
      await ctx.db.sql(
        `update notifications.notification set count = count + 1, title = ?, body = ?, url = ?, actor_id = ?, updated_at = ?, read_at = null
          where agency_id = $agency and id = ?`,
        [draft.title, draft.body ?? '', draft.url, draft.actorId ?? null, at, recent[0].id],
      );
      out.collapsed.push(recent[0].id);
      if (recent[0].in_app) announce(ctx, { module: 'notifications', entity: 'notification', id: recent[0].id, op: 'updated', audience: { userIds: [userId] } });
      continue;
    }
    let emailState = 'none';
    if (channel.email && mailEnabled() && member.email) {
      if (pref.digest) emailState = 'digest';
      else if (inQuietHours(pref, at, await zoneFor(ctx, pref))) emailState = 'held';
      else emailState = 'pending';
    }
    const id = randomUUID();
    await ctx.db.sql(
      `insert into notifications.notification
        (id, agency_id, recipient_id, kind, record_type, record_id, client_id, title, body, url, actor_id, in_app, created_at, updated_at, email_state)
       values (?, $agency, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, userId, draft.kind, draft.recordType, draft.recordId, draft.clientId ?? null, draft.title, draft.body ?? '', draft.url, draft.actorId ?? null, channel.inApp, at, at, emailState],
    );
    out.created.push(id);
    if (emailState === 'pending') mailQueued = true;
    if (channel.inApp) announce(ctx, { module: 'notifications', entity: 'notification', id, op: 'created', audience: { userIds: [userId] } });
  }
  if (mailQueued) {
    const agencyId = ctx.user.agencyId;
    ctx.afterCommit(() =>
      ctx.broker
        .call('notifications.sendPending', {}, { meta: systemCaller(agencyId) })
        .catch((err: Error) => ctx.broker.logger.warn(`notifications: mail not sent yet (the sweep retries): ${err.message}`)),
    );
  }
  return out;
}
