/** `GET /tickets`: filters as the UI's chips, sorting, keyset pagination, member scoping. */
import { errors, now as clockNow, paginate, pageParams, textMatch, type ModuleAction } from '@audienceos/module-sdk';
import { raw } from '@mikro-orm/postgresql';
import { clientScopeOf } from '../access';
import { CATEGORIES, OPEN_STATUSES, PRIORITIES, STATUSES } from '../constants';
import { ticketDto } from '../dto';
import { TicketSchema, type Ticket } from '../entities';
import { dateRule, enumListRule, splitList, toDate } from '../params';
import { atRiskSql, breachedSql } from '../sla';

/** API sort names → columns; `priority` sorts by severity, `sla` by the resolution deadline. */
const SORTS = {
  number: 'number',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  priority: 'priorityRank',
  sla: 'resolutionDueAt',
} as const;
type SortName = keyof typeof SORTS;

export interface ListParams {
  status?: string;
  priority?: string;
  category?: string;
  assignee?: string;
  client?: string;
  overdue?: boolean;
  sla?: 'breached' | 'at_risk';
  /** With `from`/`to`: the tickets a KPI counted in `[from, to)` (drill-down from a dashboard card). */
  in?: PeriodField;
  from?: string;
  to?: string;
  /** The tickets open at this instant (or now, if later) by the timeline: the "open tickets" card's drill-down. */
  openAt?: string;
  q?: string;
  sort?: SortName;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const listParams = {
  ...pageParams(Object.keys(SORTS)),
  // `open` = every status but resolved (the dashboard's "open tickets" link)
  status: enumListRule([...STATUSES, 'open']),
  priority: enumListRule(PRIORITIES),
  category: enumListRule(CATEGORIES),
  assignee: { type: 'string', optional: true, pattern: new RegExp(`^(me|unassigned|${UUID})$`) },
  client: { type: 'uuid', optional: true },
  overdue: { type: 'boolean', convert: true, optional: true },
  sla: { type: 'enum', values: ['breached', 'at_risk'], optional: true },
  in: { type: 'enum', values: ['created', 'resolved', 'responded', 'timeLogged'], optional: true },
  from: { ...dateRule, optional: true },
  to: { ...dateRule, optional: true },
  openAt: { ...dateRule, optional: true },
  q: { type: 'string', optional: true, max: 200, trim: true },
} as const;

type PeriodField = 'created' | 'resolved' | 'responded' | 'timeLogged';
const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;

/**
 * `in` + `[from, to)`: the same definitions as the KPIs (kpis.ts) — opened, resolved (a
 * `resolved` line on the timeline), first answered, or time spent in the period.
 */
function periodWhere(p: ListParams): Record<string, unknown> | null {
  if (!p.in && p.from === undefined && p.to === undefined) return null;
  if (!p.in) throw errors.invalid({ field: 'in', message: "'from' and 'to' go with 'in' (created, resolved, responded or timeLogged)", type: 'required' });
  const from = toDate('from', p.from);
  const to = toDate('to', p.to);
  if (!from) throw errors.invalid({ field: 'from', message: `'from' is required with in=${p.in}`, type: 'required' });
  if (!to) throw errors.invalid({ field: 'to', message: `'to' is required with in=${p.in}`, type: 'required' });
  if (to <= from) throw errors.invalid({ field: 'to', message: "'to' must be after 'from'", type: 'dateMin' });
  if (p.in === 'created') return { createdAt: { $gte: from, $lt: to } };
  if (p.in === 'responded') return { firstResponseAt: { $gte: from, $lt: to } };
  const exists =
    p.in === 'resolved'
      ? (a: string) => `exists (select 1 from tickets.activity x where x.ticket_id = ${a}.id and x.kind = 'resolved' and x.created_at >= ${ts(from)} and x.created_at < ${ts(to)})`
      : (a: string) => `exists (select 1 from tickets.time_entry x where x.ticket_id = ${a}.id and x.spent_at >= ${ts(from)} and x.spent_at < ${ts(to)})`;
  return { [raw(exists)]: true };
}

/**
 * `openAt`: open at that instant, capped at the platform clock, by the same replay as the
 * "open tickets" KPI (kpis.ts `OPEN_AT`): created before it, and its last resolve/reopen line
 * before it is not a resolution. A past period's drill-down thus counts what the card counted.
 */
function openAtWhere(p: ListParams): Record<string, unknown> | null {
  const at = toDate('openAt', p.openAt);
  if (!at) return null;
  const instant = ts(at.getTime() < clockNow().getTime() ? at : clockNow());
  return {
    [raw((a: string) => `(${a}.created_at < ${instant} and coalesce((select x.kind from tickets.activity x where x.ticket_id = ${a}.id
       and x.kind in ('resolved', 'reopened') and x.created_at < ${instant} order by x.created_at desc, x.id desc limit 1), 'reopened') <> 'resolved')`)]: true,
  };
}

/** The filters as MikroORM conditions; `me` is the caller, `clientIds` null means every client. */
export function listWhere(p: ListParams, me: string, clientIds: string[] | null): Record<string, unknown>[] {
  const and: Record<string, unknown>[] = [];
  if (clientIds) and.push({ clientId: { $in: clientIds } });
  const statuses = splitList(p.status);
  if (statuses) and.push({ status: { $in: statuses.flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [s])) } });
  const priorities = splitList(p.priority);
  if (priorities) and.push({ priority: { $in: priorities } });
  const categories = splitList(p.category);
  if (categories) and.push({ category: { $in: categories } });
  if (p.assignee === 'me') and.push({ assigneeId: me });
  else if (p.assignee === 'unassigned') and.push({ assigneeId: null });
  else if (p.assignee) and.push({ assigneeId: p.assignee.toLowerCase() });
  if (p.client) and.push({ clientId: p.client });
  if (p.overdue === true) and.push({ dueAt: { $lt: clockNow() }, status: { $ne: 'resolved' } });
  if (p.overdue === false) and.push({ $or: [{ dueAt: null }, { dueAt: { $gte: clockNow() } }, { status: 'resolved' }] });
  const period = periodWhere(p);
  if (period) and.push(period);
  const openAt = openAtWhere(p);
  if (openAt) and.push(openAt);
  if (p.sla === 'breached') and.push({ [raw((alias: string) => breachedSql(alias))]: true });
  if (p.sla === 'at_risk') and.push({ [raw((alias: string) => atRiskSql(alias))]: true });
  if (p.q) {
    const number = /^#?(\d{1,9})$/.exec(p.q)?.[1];
    // Literal ("50%" is the text), case- and accent-insensitive: the SDK's one text matcher.
    and.push({ $or: [textMatch(['title', 'description'], p.q), ...(number ? [{ number: Number(number) }] : [])] });
  }
  return and;
}

export const listAction: ModuleAction<ListParams> = {
  rest: 'GET /',
  summary: 'Tickets, filtered and sorted, one keyset page at a time',
  permissions: ['tickets:read'],
  params: listParams,
  async handler(ctx) {
    const scope = await clientScopeOf(ctx);
    const where = { $and: listWhere(ctx.params, ctx.user.id, scope.all ? null : scope.read) };
    const sort = SORTS[ctx.params.sort ?? 'number'];
    const page = await paginate<Ticket>(ctx.db, TicketSchema, where, { ...ctx.params, sort }, { sort: 'number', order: 'desc' });
    const now = clockNow();
    return { ...page, items: page.items.map((t) => ticketDto(t, now)) };
  },
};
