/**
 * One conversation: the thread, and the triage actions (done, reopen, snooze, assign, labels,
 * read/unread, link to a client). Every change is a locked read-modify-write; status and
 * assignee changes are durable events (automations, audit) and live notices.
 */
import { agencyZone, atLocalTime, clientScope, dateKeyIn, errors, now as clockNow, paginate, startOfDateIn, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { actorOf, visibleConversation, writableConversation } from '../access';
import { EVENTS, LIVE_EVENT, type Status } from '../constants';
import { conversationDto, messageDto } from '../dto';
import { ConversationSchema, MessageSchema, type Conversation, type Message } from '../entities';
import { scheduleSnoozeExpiry } from '../jobs';
import { forgetClientDomains, FREE_MAIL } from '../linking';
import { dateRule, idParam, labelRule, toDate } from '../params';
import { lastSeenOf, setLastSeen } from '../read-state';
import { assertAssignee, assertClient } from '../references';
import { scopeWhere } from './list';
import { SNOOZE_PRESETS, snoozePresetUntil, type SnoozePreset } from '../snooze';

const notifyLive = (ctx: ActionContext, c: Conversation) =>
  ctx.afterCommit(() =>
    ctx.broker.broadcast(LIVE_EVENT, { agencyId: ctx.user.agencyId, conversationId: c.id, clientId: c.clientId ?? null }),
  );

async function dtoFor(ctx: ActionContext, c: Conversation) {
  return conversationDto(c, (await lastSeenOf(ctx, [c.id])).get(c.id));
}

function setStatus(ctx: ActionContext, c: Conversation, to: Status, until: Date | null = null): void {
  const from = c.status;
  c.status = to;
  c.snoozedUntil = to === 'snoozed' ? until : null;
  c.updatedAt = clockNow();
  if (from !== to || to === 'snoozed') {
    ctx.emitDurable(EVENTS.statusChanged, {
      conversationId: c.id,
      clientId: c.clientId ?? null,
      source: c.source,
      from,
      to,
      snoozedUntil: until?.toISOString() ?? null,
    });
  }
  notifyLive(ctx, c);
}

export const getAction: ModuleAction<{ id: string }> = {
  rest: 'GET /conversations/:id',
  summary: 'One conversation with its agency time zone (show every instant in it)',
  permissions: ['communications:read'],
  params: idParam,
  async handler(ctx) {
    const { conversation } = await visibleConversation(ctx, ctx.params.id);
    return { ...(await dtoFor(ctx, conversation)), zone: await agencyZone(ctx) };
  },
};

export const messagesAction: ModuleAction<{ id: string; limit?: number; cursor?: string }> = {
  rest: 'GET /conversations/:id/messages',
  summary: 'The thread in order (oldest first, keyset pages), notes and drafts included',
  permissions: ['communications:read'],
  params: {
    ...idParam,
    limit: { type: 'number', integer: true, positive: true, max: 100, convert: true, optional: true },
    cursor: { type: 'string', optional: true, max: 500 },
  },
  async handler(ctx) {
    await visibleConversation(ctx, ctx.params.id);
    const page = await paginate<Message>(
      ctx.db,
      MessageSchema,
      { conversationId: ctx.params.id },
      { limit: ctx.params.limit ?? 100, cursor: ctx.params.cursor },
      { sort: 'sentAt', order: 'asc' },
    );
    return { ...page, items: page.items.map(messageDto) };
  },
};

export const countsAction: ModuleAction = {
  rest: 'GET /counts',
  summary: "The caller's badges: needs reply, unread, unlinked, assigned to me (members: their clients only)",
  permissions: ['communications:read'],
  async handler(ctx) {
    const scope = await clientScope(ctx);
    const scoped = scopeWhere(scope);
    const clients = (scoped?.clientId as { $in: string[] } | undefined)?.$in ?? null;
    const [row] = await ctx.db.sql<Record<string, string>>(
      `select count(*) filter (where c.status = 'open' and c.last_direction = 'inbound') as needs_reply,
              count(*) filter (where c.last_inbound_at > coalesce(r.last_seen_at, '-infinity'::timestamptz)) as unread,
              count(*) filter (where c.client_id is null) as unlinked,
              count(*) filter (where c.assignee_id = ? and c.status = 'open') as mine
         from communications.conversation c
         left join communications.read_state r on r.conversation_id = c.id and r.user_id = ?
        where c.agency_id = $agency and (?::boolean or c.client_id = any(string_to_array(?, ',')::uuid[]))`,
      [ctx.user.id, ctx.user.id, clients === null, (clients ?? []).join(',')],
    );
    return { needsReply: Number(row!.needs_reply), unread: Number(row!.unread), unlinked: Number(row!.unlinked), mine: Number(row!.mine) };
  },
};

export const doneAction: ModuleAction<{ id: string }> = {
  rest: 'POST /conversations/:id/done',
  summary: 'Mark done (leaves needs-reply; a new inbound message reopens it)',
  permissions: ['communications:write'],
  params: idParam,
  async handler(ctx) {
    const c = await writableConversation(ctx, ctx.params.id);
    setStatus(ctx, c, 'done');
    return dtoFor(ctx, c);
  },
};

export const reopenAction: ModuleAction<{ id: string }> = {
  rest: 'POST /conversations/:id/reopen',
  summary: 'Reopen a done or snoozed conversation',
  permissions: ['communications:write'],
  params: idParam,
  async handler(ctx) {
    const c = await writableConversation(ctx, ctx.params.id);
    setStatus(ctx, c, 'open');
    return dtoFor(ctx, c);
  },
};

/** `until` as an instant: with a zone designator as given; a bare local date-time (`2027-03-02T09:00`, a time picker's value) is wall time in the agency's zone. */
async function snoozeInstant(ctx: ActionContext, until: string): Promise<Date> {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(until);
  if (!local) return toDate('until', until);
  const zone = await agencyZone(ctx);
  const day = startOfDateIn(local[1]!, zone);
  if (Number.isNaN(day.getTime()) || dateKeyIn(day, zone) !== local[1]) throw errors.invalid({ field: 'until', message: 'until is not a valid date', type: 'date', actual: until });
  return atLocalTime(day, local[2]!, zone);
}

/**
 * `POST /conversations/:id/snooze` with `{ until }` (an ISO instant) or `{ preset }`
 * (`later-today` | `tomorrow` | `next-week`, computed in the AGENCY's zone: tomorrow 9:00 there,
 * next Monday 9:00 there); a bare local `until` (no `Z`/offset) is wall time there. Exactly one of them (422 naming the field otherwise); future, within a
 * year. Answers the conversation; a job reopens it at the time, a new inbound message at once.
 */
export const snoozeAction: ModuleAction<{ id: string; until?: string; preset?: SnoozePreset }> = {
  rest: 'POST /conversations/:id/snooze',
  summary: 'Snooze until an instant or a preset in the agency zone (later-today, tomorrow 9:00, next Monday 9:00): a job reopens it then; a new inbound message reopens it at once',
  permissions: ['communications:write'],
  params: { ...idParam, until: { ...dateRule, optional: true }, preset: { type: 'enum', values: [...SNOOZE_PRESETS], optional: true } },
  async handler(ctx) {
    const { preset } = ctx.params;
    if ((ctx.params.until === undefined) === (preset === undefined))
      throw errors.invalid({ field: ctx.params.until === undefined ? 'until' : 'preset', message: 'Give either until or preset', type: 'required' });
    const now = clockNow();
    const until = preset ? snoozePresetUntil(preset, now, await agencyZone(ctx)) : await snoozeInstant(ctx, ctx.params.until!);
    if (until.getTime() <= now.getTime())
      throw errors.invalid({ field: 'until', message: 'until must be in the future', type: 'dateMin', actual: ctx.params.until });
    if (until.getTime() > now.getTime() + 366 * 86_400_000)
      throw errors.invalid({ field: 'until', message: 'until must be within a year', type: 'dateMax', actual: ctx.params.until });
    const c = await writableConversation(ctx, ctx.params.id);
    setStatus(ctx, c, 'snoozed', until);
    ctx.afterCommit(() =>
      scheduleSnoozeExpiry(ctx.broker, { agencyId: ctx.user.agencyId, conversationId: c.id, until: until.toISOString() }),
    );
    return dtoFor(ctx, c);
  },
};

/** Job target (system principal): reopen if still snoozed and the time has come. Idempotent. */
export const expireSnoozeAction: ModuleAction<{ id: string }> = {
  summary: 'Reopen a snoozed conversation whose time has come (snooze job; system principal only)',
  params: idParam,
  async handler(ctx) {
    if (ctx.user.role !== 'system') throw errors.forbidden('communications:jobs', ctx.user.role);
    const c = await ctx.em.findOne(ConversationSchema, ctx.db.where<Conversation>({ id: ctx.params.id }), {
      lockMode: 4 /* PESSIMISTIC_WRITE */,
    });
    if (!c || c.status !== 'snoozed' || !c.snoozedUntil || c.snoozedUntil.getTime() > clockNow().getTime()) return { reopened: false };
    setStatus(ctx, c, 'open');
    return { reopened: true };
  },
};

export const assignAction: ModuleAction<{ id: string; assigneeId: string | null }> = {
  rest: 'POST /conversations/:id/assign',
  summary: 'Assign to a person of the agency (null: unassign)',
  permissions: ['communications:write'],
  params: { ...idParam, assigneeId: { type: 'uuid', nullable: true } },
  async handler(ctx) {
    const to = ctx.params.assigneeId ? ctx.params.assigneeId.toLowerCase() : null;
    if (to) await assertAssignee(ctx, to);
    const c = await writableConversation(ctx, ctx.params.id);
    const from = c.assigneeId ?? null;
    if (from !== to) {
      c.assigneeId = to;
      c.updatedAt = clockNow();
      ctx.emitDurable(EVENTS.assigned, {
        conversationId: c.id,
        clientId: c.clientId ?? null,
        source: c.source,
        subject: c.subject,
        from,
        to,
        by: actorOf(ctx),
      });
      notifyLive(ctx, c);
    }
    return dtoFor(ctx, c);
  },
};

export const labelsAction: ModuleAction<{ id: string; add?: string[]; remove?: string[] }> = {
  rest: 'POST /conversations/:id/labels',
  summary: 'Add and remove labels (operations, so two people labelling at once both win)',
  permissions: ['communications:write'],
  params: {
    ...idParam,
    add: { type: 'array', items: labelRule, max: 20, optional: true },
    remove: { type: 'array', items: labelRule, max: 20, optional: true },
  },
  async handler(ctx) {
    const c = await writableConversation(ctx, ctx.params.id);
    const labels = new Set(c.labels ?? []);
    for (const l of ctx.params.add ?? []) labels.add(l);
    for (const l of ctx.params.remove ?? []) labels.delete(l);
    if (labels.size > 20) throw errors.invalid({ field: 'add', message: 'A conversation has at most 20 labels', type: 'arrayMax' });
    c.labels = [...labels].sort();
    notifyLive(ctx, c);
    return dtoFor(ctx, c);
  },
};

export const readAction: ModuleAction<{ id: string }> = {
  rest: 'POST /conversations/:id/read',
  summary: "Move the caller's last-seen pointer to the newest message",
  permissions: ['communications:read'],
  mutation: true,
  params: idParam,
  async handler(ctx) {
    const { conversation } = await visibleConversation(ctx, ctx.params.id);
    await setLastSeen(ctx, conversation.id, conversation.lastActivityAt);
    return conversationDto(conversation, conversation.lastActivityAt);
  },
};

export const unreadAction: ModuleAction<{ id: string }> = {
  rest: 'POST /conversations/:id/unread',
  summary: 'Mark unread for the caller: the pointer moves back before the last inbound message',
  permissions: ['communications:read'],
  mutation: true,
  params: idParam,
  async handler(ctx) {
    const { conversation } = await visibleConversation(ctx, ctx.params.id);
    const back = conversation.lastInboundAt ? new Date(new Date(conversation.lastInboundAt).getTime() - 1) : null;
    await setLastSeen(ctx, conversation.id, back);
    return conversationDto(conversation, back);
  },
};

export const linkAction: ModuleAction<{ id: string; clientId: string; remember?: boolean }> = {
  rest: 'POST /conversations/:id/link',
  summary:
    "Link to a client; `remember` keeps the rule (the conversation's channel, or the sender's domain for email) for the next messages",
  permissions: ['communications:write'],
  params: { ...idParam, clientId: { type: 'uuid' }, remember: { type: 'boolean', optional: true } },
  async handler(ctx) {
    const clientId = ctx.params.clientId.toLowerCase();
    await assertClient(ctx, clientId);
    const c = await writableConversation(ctx, ctx.params.id);
    c.clientId = clientId;
    if (ctx.params.remember) {
      const [first] = await ctx.db.sql<{ sender_domain: string | null; sender_address: string }>(
        `select sender_domain, sender_address from communications.message where conversation_id = ? and direction = 'inbound' and sender_domain is not null order by sent_at limit 1`,
        [c.id],
      );
      // A public mailbox domain (gmail.com…) identifies a person, not a company: remember the sender's address instead.
      const key = !first?.sender_domain
        ? `channel:${c.source}:${c.channel}`
        : FREE_MAIL.has(first.sender_domain)
          ? `sender:${first.sender_address.toLowerCase()}`
          : `domain:${first.sender_domain}`;
      await ctx.db.sql(
        `insert into communications.link_rule (agency_id, key, client_id) values ($agency, ?, ?) on conflict (agency_id, key) do update set client_id = excluded.client_id`,
        [key, clientId],
      );
      forgetClientDomains(ctx.user.agencyId);
    }
    notifyLive(ctx, c);
    return dtoFor(ctx, c);
  },
};
