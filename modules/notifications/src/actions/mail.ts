/**
 * Email delivery (system principal only: the sweep job and the after-commit kick call these).
 * `sendPending` mails pending notifications and held ones whose quiet hours are over;
 * `sendDigests` mails each person who chose the digest one summary a day at their hour.
 */
import { dateKeyIn, errors, now as clockNow, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { absoluteUrl, mailEnabled, sendMail } from '../mail';
import { teamOf } from '../people';
import { inQuietHours, loadPrefs, localMinutes, zoneFor } from '../prefs';
import { pgArray } from '../sql';

const MAX_ATTEMPTS = 5;

interface Row {
  id: string;
  recipient_id: string;
  title: string;
  body: string;
  url: string;
  count: number;
  email_state: string;
  email_attempts: number;
  created_at: Date;
}

function systemOnly(ctx: ActionContext) {
  if (ctx.user.role !== 'system') throw errors.forbidden('notifications:jobs', ctx.user.role);
}

const line = (r: Row) => `• ${r.title}${r.count > 1 ? ` (×${r.count})` : ''}\n  ${absoluteUrl(r.url)}`;

export const mailActions: Record<string, ModuleAction> = {
  sendPending: {
    summary: 'Send pending notification emails of the agency (and held ones whose quiet hours ended); `{ sent, held, failed }`',
    mutation: true,
    async handler(ctx) {
      systemOnly(ctx);
      if (!mailEnabled()) return { sent: 0, held: 0, failed: 0 };
      const rows = await ctx.db.sql<Row>(
        `select * from notifications.notification where agency_id = $agency and email_state in ('pending', 'held') and email_attempts < ${MAX_ATTEMPTS}
          order by created_at limit 50 for update skip locked`,
      );
      if (!rows.length) return { sent: 0, held: 0, failed: 0 };
      const team = new Map((await teamOf(ctx)).map((u) => [u.id, u]));
      const prefs = await loadPrefs(ctx, [...new Set(rows.map((r) => r.recipient_id))]);
      const at = clockNow();
      let sent = 0;
      let held = 0;
      let failed = 0;
      for (const r of rows) {
        const member = team.get(r.recipient_id);
        const pref = prefs.get(r.recipient_id)!;
        if (!member?.email) {
          await ctx.db.sql(`update notifications.notification set email_state = 'none' where agency_id = $agency and id = ?`, [r.id]);
          continue;
        }
        if (inQuietHours(pref, at, await zoneFor(ctx, pref))) {
          if (r.email_state !== 'held') await ctx.db.sql(`update notifications.notification set email_state = 'held' where agency_id = $agency and id = ?`, [r.id]);
          held++;
          continue;
        }
        try {
          await sendMail({ to: member.email, subject: r.title, text: `${r.body ? `${r.body}\n\n` : ''}Open: ${absoluteUrl(r.url)}\n\nChange what you receive in your notification preferences.` });
          await ctx.db.sql(`update notifications.notification set email_state = 'sent', emailed_at = ?, email_attempts = email_attempts + 1 where agency_id = $agency and id = ?`, [at, r.id]);
          sent++;
        } catch (err) {
          failed++;
          await ctx.db.sql(
            `update notifications.notification set email_attempts = email_attempts + 1, last_error = ?,
               email_state = case when email_attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else email_state end where agency_id = $agency and id = ?`,
            [String((err as Error).message).slice(0, 500), r.id],
          );
        }
      }
      return { sent, held, failed };
    },
  },

  sendDigests: {
    summary: 'Send the daily digest to each person whose digest hour has come (local) and who has not had today’s; `{ sent }`',
    mutation: true,
    async handler(ctx) {
      systemOnly(ctx);
      if (!mailEnabled()) return { sent: 0 };
      const waiting = await ctx.db.sql<{ recipient_id: string }>(`select distinct recipient_id from notifications.notification where agency_id = $agency and email_state = 'digest'`);
      const prefs = await loadPrefs(ctx, waiting.map((w) => w.recipient_id));
      const team = new Map((await teamOf(ctx)).map((u) => [u.id, u]));
      const at = clockNow();
      let sent = 0;
      for (const { recipient_id: userId } of waiting) {
        const pref = prefs.get(userId)!;
        const member = team.get(userId);
        const zone = await zoneFor(ctx, pref);
        const today = dateKeyIn(at, zone);
        if (Math.floor(localMinutes(at, zone) / 60) < pref.digestHour || pref.lastDigestOn === today) continue;
        const rows = await ctx.db.sql<Row>(
          `select * from notifications.notification where agency_id = $agency and recipient_id = ? and email_state = 'digest' order by created_at for update skip locked`,
          [userId],
        );
        if (!rows.length) continue;
        if (member?.email) {
          await sendMail({
            to: member.email,
            subject: `Your AudienceOS digest: ${rows.length} notification${rows.length === 1 ? '' : 's'}`,
            text: `Since your last digest:\n\n${rows.map(line).join('\n')}\n`,
          });
        }
        await ctx.db.sql(`update notifications.notification set email_state = ?, emailed_at = ? where agency_id = $agency and id = any(?::uuid[])`, [member?.email ? 'sent' : 'none', at, pgArray(rows.map((r) => r.id))]);
        await ctx.db.sql(
          `insert into notifications.preference (agency_id, user_id, last_digest_on) values ($agency, ?, ?)
           on conflict (agency_id, user_id) do update set last_digest_on = excluded.last_digest_on`,
          [userId, today],
        );
        sent++;
      }
      return { sent };
    },
  },
};
