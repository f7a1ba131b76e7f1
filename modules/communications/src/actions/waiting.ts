/**
 * `communications.scanWaiting` (the scan job, per agency, system principal only): conversations
 * whose client has been waiting for a reply (open, last message inbound) are measured in the
 * agency's business hours (settings' hours and holidays) since the first unanswered message;
 * each threshold of WAIT_THRESHOLDS_HOURS crossed emits `communications.conversation.waiting`
 * once per wait (a reply starts a new wait). Automations filter on `waitingBusinessHours`.
 */
import { agencyTime, businessMinutesBetween, errors, now as clockNow, type ModuleAction } from '@audienceos/module-sdk';
import { EVENTS, JOB_SCHEMA, WAIT_THRESHOLDS_HOURS } from '../constants';

const MAX_PER_SCAN = 2000;

export const scanWaitingAction: ModuleAction = {
  summary: 'Emit "waiting longer than N business hours" for conversations that crossed a threshold (scan job; system principal only)',
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('communications:jobs', ctx.user.role);
    const time = await agencyTime(ctx);
    const now = clockNow();
    const rows = await ctx.db.sql<{ id: string; client_id: string | null; source: string; waiting_since: Date }>(
      `select id, client_id, source, waiting_since from communications.conversation
        where agency_id = $agency and status = 'open' and last_direction = 'inbound' and waiting_since is not null
          and waiting_since < ? order by waiting_since limit ${MAX_PER_SCAN}`,
      [new Date(now.getTime() - 60 * 60_000)],
    );
    let emitted = 0;
    for (const r of rows) {
      const since = new Date(r.waiting_since);
      const hours = businessMinutesBetween(since, now, time) / 60;
      for (const threshold of WAIT_THRESHOLDS_HOURS.filter((h) => h <= hours)) {
        const fresh = await ctx.db.sql(
          `insert into ${JOB_SCHEMA}.waiting_notice (conversation_id, waiting_since, hours, agency_id) values (?, ?, ?, $agency)
           on conflict do nothing returning hours`,
          [r.id, since, threshold],
        );
        if (!fresh.length) continue;
        emitted++;
        ctx.emitDurable(EVENTS.waiting, {
          conversationId: r.id,
          clientId: r.client_id,
          source: r.source,
          waitingBusinessHours: threshold,
          waitingSince: since.toISOString(),
        });
      }
    }
    return { scanned: rows.length, emitted };
  },
};
