/**
 * KPI figures for the dashboard on the SDK's KPI contract (`defineKpis`), computed from the
 * messages (history), never from a conversation's current state:
 * - needs reply at the end of each bucket: conversations whose last inbound-or-sent message
 *   before that instant was inbound (done/snooze history is not kept, so a conversation closed
 *   without a reply still counts: the figure is "client messages left unanswered");
 * - first reply time in business hours (agency hours and holidays from settings): for each
 *   reply, the business time since the first client message it answered, by the reply's time;
 *   average and median;
 * - replies sent (outbound messages delivered, by the time they were written).
 * Members get figures over their clients only.
 */
import {
  agencyTime,
  BUCKETS_SQL,
  bucketParams,
  businessMinutesBetween,
  clientScope,
  defineKpis,
  now as clockNow,
  type ActionContext,
  type KpiFigures,
  type KpiPeriod,
  type KpiProvider,
} from '@audienceos/module-sdk';

async function scopeParams(ctx: ActionContext): Promise<[boolean, string]> {
  const scope = await clientScope(ctx);
  return [scope.all, [...new Set([...scope.read, ...scope.write])].join(',')];
}
const IN_SCOPE = `(p.all_clients or c.client_id = any(p.clients))`;

async function perBucket(ctx: ActionContext, period: KpiPeriod, expr: string): Promise<(number | null)[]> {
  const rows = await ctx.db.sql<{ value: string | number | null }>(
    `with p as (select ?::boolean as all_clients, string_to_array(?, ',')::uuid[] as clients, ?::timestamptz as now)
     select ${expr} as value from p, ${BUCKETS_SQL} order by b.i`,
    [...(await scopeParams(ctx)), clockNow().toISOString(), ...bucketParams(period)],
  );
  return rows.map((r) => (r.value === null ? null : Number(r.value)));
}

const NEEDS_REPLY_AT = `(select count(*) from communications.conversation c where c.agency_id = $agency and ${IN_SCOPE}
   and (select m.direction from communications.message m where m.conversation_id = c.id and m.sent_at < least(b.bucket_end, p.now)
          and (m.direction = 'inbound' or (m.direction = 'outbound' and m.delivery_state = 'sent'))
        order by m.sent_at desc, m.created_at desc limit 1) = 'inbound')`;

const REPLIES_IN = `(select count(*) from communications.message m join communications.conversation c on c.id = m.conversation_id
   where m.agency_id = $agency and ${IN_SCOPE} and m.direction = 'outbound' and m.delivery_state = 'sent'
     and m.sent_at >= b.bucket_start and m.sent_at < b.bucket_end)`;

/** Each reply in [from, to) with the start of the wait it ended (first inbound after the previous reply). */
async function replyWaits(ctx: ActionContext, from: Date, to: Date): Promise<{ repliedAt: Date; waitStart: Date }[]> {
  const [all, clients] = await scopeParams(ctx);
  const rows = await ctx.db.sql<{ replied_at: Date; wait_start: Date | null }>(
    `select o.sent_at as replied_at,
            (select min(i.sent_at) from communications.message i where i.conversation_id = o.conversation_id and i.direction = 'inbound'
               and i.sent_at < o.sent_at
               and i.sent_at > coalesce((select max(x.sent_at) from communications.message x where x.conversation_id = o.conversation_id
                                          and x.direction = 'outbound' and x.delivery_state = 'sent' and x.sent_at < o.sent_at), '-infinity')) as wait_start
       from communications.message o join communications.conversation c on c.id = o.conversation_id
      where o.agency_id = $agency and (?::boolean or c.client_id = any(string_to_array(?, ',')::uuid[]))
        and o.direction = 'outbound' and o.delivery_state = 'sent' and o.sent_at >= ? and o.sent_at < ?`,
    [all, clients, from, to],
  );
  return rows.filter((r) => r.wait_start).map((r) => ({ repliedAt: new Date(r.replied_at), waitStart: new Date(r.wait_start!) }));
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const average = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function firstReply(reduce: (hours: number[]) => number | null): KpiProvider['compute'] {
  return async (ctx, period): Promise<KpiFigures> => {
    const time = await agencyTime(ctx);
    const waits = await replyWaits(ctx, period.from, period.to);
    const hours = waits.map((w) => ({ at: w.repliedAt.getTime(), h: businessMinutesBetween(w.waitStart, w.repliedAt, time) / 60 }));
    const inBucket = (b: { start: Date; end: Date }) =>
      hours.filter((x) => x.at >= b.start.getTime() && x.at < b.end.getTime()).map((x) => x.h);
    return { value: round1(reduce(hours.map((x) => x.h))), series: period.buckets.map((b) => round1(reduce(inBucket(b)))) };
  };
}

const KPIS: Record<string, KpiProvider> = {
  'needs-reply': {
    label: 'Messages needing reply',
    unit: 'count',
    aggregate: 'snapshot',
    lowerIsBetter: true,
    link: '/communications?needsReply=true',
    compute: async (ctx, period) => {
      const series = await perBucket(ctx, period, NEEDS_REPLY_AT);
      return { value: series[series.length - 1] ?? null, series };
    },
  },
  'first-reply-hours': {
    label: 'First reply time (business hours, average)',
    unit: 'hours',
    aggregate: 'average',
    lowerIsBetter: true,
    compute: firstReply(average),
  },
  'first-reply-median-hours': {
    label: 'First reply time (business hours, median)',
    unit: 'hours',
    aggregate: 'average',
    lowerIsBetter: true,
    compute: firstReply(median),
  },
  'replies-sent': {
    label: 'Replies sent',
    unit: 'count',
    aggregate: 'sum',
    compute: async (ctx, period) => {
      const series = await perBucket(ctx, period, REPLIES_IN);
      return { value: series.reduce<number>((a, b) => a + (b ?? 0), 0), series };
    },
  },
};

export const inboxKpis = defineKpis({ action: 'communications.kpi', permission: 'communications:read', kpis: KPIS });
