/**
 * SLA notices. A ticket's SLA state is derived at read time, so nothing happens by itself when
 * a deadline comes close or passes: a pg-boss job (every minute, safe with several processes)
 * runs `tickets.scanSla` per agency as its system principal. For each open, running clock that
 * is at risk (no more than AT_RISK_SHARE of its window left) or past its deadline, it emits
 * `tickets.ticket.slaAtRisk` / `tickets.ticket.slaBreached` once per (ticket, clock, state,
 * deadline) — `tickets.sla_notice` remembers what was told, so a moved deadline (priority
 * change, reopen, pause) can be told again.
 */
import { errors, now as clockNow, runtimeOf, systemCaller, type ModuleAction } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';
import PgBoss from 'pg-boss';
import { AT_RISK_SHARE, JOB_SCHEMA, SLA_SCAN_QUEUE, TICKET_EVENTS } from './constants';

const MAX_PER_SCAN = 2000;

interface Row {
  id: string;
  number: number;
  title: string;
  client_id: string;
  priority: string;
  status: string;
  assignee_id: string | null;
  created_at: Date;
  resolution_clock_start: Date | null;
  first_response_at: Date | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
}

/** `tickets.scanSla` (system principal only): `{ scanned, emitted }`. */
export const scanSlaAction: ModuleAction = {
  summary: 'Emit SLA at-risk / breached events for clocks that crossed since the last scan (scan job; system principal only)',
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('tickets:jobs', ctx.user.role);
    const now = clockNow();
    // Only clocks at risk or past their deadline that were not yet told breached (told once per deadline).
    const rows = await ctx.db.sql<Row>(
      `select id, number, title, client_id, priority, status, assignee_id, created_at, resolution_clock_start, first_response_at, first_response_due_at, resolution_due_at
         from tickets.ticket t
        where agency_id = $agency and resolved_at is null and sla_paused_at is null
          and (
            (first_response_at is null and first_response_due_at <= ?::timestamptz + (first_response_due_at - created_at) * ${AT_RISK_SHARE}
              and not exists (select 1 from tickets.sla_notice n where n.ticket_id = t.id and n.clock = 'firstResponse' and n.state = 'breached' and n.due_at = t.first_response_due_at))
            or (resolution_due_at <= ?::timestamptz + (resolution_due_at - coalesce(resolution_clock_start, created_at)) * ${AT_RISK_SHARE}
              and not exists (select 1 from tickets.sla_notice n where n.ticket_id = t.id and n.clock = 'resolution' and n.state = 'breached' and n.due_at = t.resolution_due_at))
          )
        order by least(case when first_response_at is null then first_response_due_at end, resolution_due_at) limit ${MAX_PER_SCAN}`,
      [now, now],
    );
    let emitted = 0;
    for (const t of rows) {
      const clocks: { clock: 'firstResponse' | 'resolution'; start: Date; due: Date }[] = [];
      if (!t.first_response_at) clocks.push({ clock: 'firstResponse', start: new Date(t.created_at), due: new Date(t.first_response_due_at) });
      clocks.push({ clock: 'resolution', start: new Date(t.resolution_clock_start ?? t.created_at), due: new Date(t.resolution_due_at) });
      for (const c of clocks) {
        const left = c.due.getTime() - now.getTime();
        const window = c.due.getTime() - c.start.getTime();
        const state = left < 0 ? 'breached' : left <= window * AT_RISK_SHARE ? 'at_risk' : null;
        if (!state) continue;
        const fresh = await ctx.db.sql(
          `insert into tickets.sla_notice (agency_id, ticket_id, clock, state, due_at, at) values ($agency, ?, ?, ?, ?, ?) on conflict do nothing returning ticket_id`,
          [t.id, c.clock, state, c.due, now],
        );
        if (!fresh.length) continue;
        emitted++;
        ctx.emitDurable(state === 'breached' ? TICKET_EVENTS.slaBreached : TICKET_EVENTS.slaAtRisk, {
          ticketId: t.id,
          number: t.number,
          title: t.title,
          clientId: t.client_id,
          priority: t.priority,
          status: t.status,
          assigneeId: t.assignee_id,
          clock: c.clock,
          dueAt: c.due.toISOString(),
        });
      }
    }
    return { scanned: rows.length, emitted };
  },
};

const running = new WeakMap<ServiceBroker, Promise<PgBoss>>();

async function start(broker: ServiceBroker): Promise<PgBoss> {
  const runtime = await runtimeOf(broker, 'tickets');
  if (!runtime) throw new Error('tickets runtime is not started');
  const boss = new PgBoss({ connectionString: runtime.orm.config.get('clientUrl'), schema: JOB_SCHEMA, max: 2 });
  boss.on('error', (err) => broker.logger.warn(`tickets jobs: ${err.message}`));
  await boss.start();
  await boss.createQueue(SLA_SCAN_QUEUE);
  await boss.work(SLA_SCAN_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const agencies = (await runtime.orm.em
      .fork()
      .getConnection()
      .execute(`select distinct agency_id from tickets.ticket where resolved_at is null and sla_paused_at is null`)) as { agency_id: string }[];
    for (const a of agencies) await broker.call('tickets.scanSla', {}, { meta: systemCaller(a.agency_id) });
  });
  await boss.schedule(SLA_SCAN_QUEUE, '* * * * *');
  return boss;
}

/** Start the SLA scan schedule and worker once per broker (the service's `started`). */
export function startSlaJobs(broker: ServiceBroker): Promise<PgBoss> {
  let jobs = running.get(broker);
  if (!jobs) {
    jobs = start(broker);
    running.set(broker, jobs);
  }
  return jobs;
}

export async function stopSlaJobs(broker: ServiceBroker): Promise<void> {
  const jobs = running.get(broker);
  running.delete(broker);
  const boss = await jobs?.catch(() => null);
  if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
}
