/** The "needs attention" feed for the dashboard: open items I may see, minus what I dismissed or snoozed. */
import { clientScope, errors, now as clockNow, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { pgArray } from '../sql';

interface Row {
  id: string;
  kind: string;
  record_type: string;
  record_id: string;
  client_id: string | null;
  title: string;
  detail: string;
  url: string;
  severity: string;
  opened_at: Date;
  updated_at: Date;
}

export interface AttentionDto {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  clientId: string | null;
  title: string;
  detail: string;
  /** Shell path that opens the record. */
  url: string;
  severity: 'warning' | 'critical';
  openedAt: string;
  updatedAt: string;
}

const dto = (r: Row): AttentionDto => ({
  id: r.id,
  kind: r.kind,
  recordType: r.record_type,
  recordId: r.record_id,
  clientId: r.client_id,
  title: r.title,
  detail: r.detail,
  url: r.url,
  severity: r.severity as AttentionDto['severity'],
  openedAt: new Date(r.opened_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const MAX_SNOOZE_DAYS = 30;

/** An open item this caller may see (members: items of granted clients only; no client-less items). */
async function visibleItem(ctx: ActionContext, id: string): Promise<Row> {
  const rows = await ctx.db.sql<Row>(`select * from notifications.attention where agency_id = $agency and id = ?`, [id]);
  const row = rows[0];
  const scope = await clientScope(ctx);
  if (!row || (!scope.all && (!row.client_id || !scope.canRead(row.client_id)))) throw errors.notFound('Attention item', id);
  return row;
}

export const attentionActions: Record<string, ModuleAction> = {
  attention: {
    rest: 'GET /attention',
    summary: 'Needs attention: open items (client red, SLA at risk/breached, waiting past the threshold, failed automations), critical first; members see their clients’ items only',
    params: { limit: { type: 'number', integer: true, positive: true, max: 100, convert: true, optional: true } },
    async handler(ctx: ActionContext<{ limit?: number }>) {
      const scope = await clientScope(ctx);
      const limit = ctx.params.limit ?? 50;
      const rows = await ctx.db.sql<Row>(
        `select a.* from notifications.attention a
          left join notifications.attention_state s on s.attention_id = a.id and s.user_id = ?
          where a.agency_id = $agency and a.resolved_at is null
            and s.dismissed_at is null and (s.snoozed_until is null or s.snoozed_until <= ?)
            ${scope.all ? '' : 'and a.client_id = any(?::uuid[])'}
          order by (a.severity = 'critical') desc, a.updated_at desc, a.id limit ?`,
        [ctx.user.id, clockNow(), ...(scope.all ? [] : [pgArray([...scope.read, ...scope.write])]), limit],
      );
      return { items: rows.map(dto) };
    },
  },

  dismissAttention: {
    rest: 'POST /attention/:id/dismiss',
    summary: 'Hide an item for me until it happens again',
    params: { id: { type: 'uuid' } },
    async handler(ctx: ActionContext<{ id: string }>) {
      const row = await visibleItem(ctx, ctx.params.id);
      await ctx.db.sql(
        `insert into notifications.attention_state (agency_id, user_id, attention_id, dismissed_at) values ($agency, ?, ?, ?)
         on conflict (user_id, attention_id) do update set dismissed_at = excluded.dismissed_at, snoozed_until = null`,
        [ctx.user.id, row.id, clockNow()],
      );
      return { id: row.id, dismissed: true };
    },
  },

  snoozeAttention: {
    rest: 'POST /attention/:id/snooze',
    summary: `Hide an item for me until \`until\` (ISO instant) or for \`minutes\`; at most ${MAX_SNOOZE_DAYS} days`,
    params: {
      id: { type: 'uuid' },
      until: { type: 'string', max: 40, optional: true },
      minutes: { type: 'number', integer: true, min: 1, max: MAX_SNOOZE_DAYS * 24 * 60, optional: true },
    },
    async handler(ctx: ActionContext<{ id: string; until?: string; minutes?: number }>) {
      const now = clockNow();
      let until: Date;
      if (ctx.params.until !== undefined) {
        until = new Date(ctx.params.until);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(ctx.params.until) || Number.isNaN(until.getTime())) throw errors.invalid({ field: 'until', message: 'Give a date and time, e.g. 2026-12-01T09:00:00Z', type: 'date' });
        if (until <= now) throw errors.invalid({ field: 'until', message: 'Choose a time in the future', type: 'dateMin' });
        if (until.getTime() - now.getTime() > MAX_SNOOZE_DAYS * 86_400_000) throw errors.invalid({ field: 'until', message: `Snooze for at most ${MAX_SNOOZE_DAYS} days`, type: 'dateMax' });
      } else if (ctx.params.minutes !== undefined) {
        until = new Date(now.getTime() + ctx.params.minutes * 60_000);
      } else {
        throw errors.invalid({ field: 'until', message: 'Say until when (or for how many minutes)', type: 'required' });
      }
      const row = await visibleItem(ctx, ctx.params.id);
      await ctx.db.sql(
        `insert into notifications.attention_state (agency_id, user_id, attention_id, snoozed_until) values ($agency, ?, ?, ?)
         on conflict (user_id, attention_id) do update set snoozed_until = excluded.snoozed_until, dismissed_at = null`,
        [ctx.user.id, row.id, until],
      );
      return { id: row.id, snoozedUntil: until.toISOString() };
    },
  },
};
