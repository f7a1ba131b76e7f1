/**
 * Durable-event consumers: each turns one domain event into notifications (deliver.ts) and
 * needs-attention items (attention.ts). They run as the agency's system principal, once per
 * message (the SDK dedupes redeliveries); the event's `actorId` is the person who caused it.
 */
import type { ActionContext, ChannelHandler, DurableEvent } from '@audienceos/module-sdk';
import { openAttention, resolveAttention } from './attention';
import { DEFAULT_ATTENTION_WAIT_HOURS, TOPICS } from './constants';
import { notifyUsers } from './deliver';
import { clientPeople, teamOf } from './people';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const short = (s: unknown, max = 140) => {
  const t = typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

const ticketUrl = (id: string) => `/tickets?ticket=${id}`;
const conversationUrl = (id: string) => `/communications?c=${id}`;
const clientUrl = (id: string) => `/pipeline?client=${id}`;
const runUrl = (id: string) => `/automations?run=${id}`;
const ticketLabel = (d: Data) => `#${String(d.number ?? '')}${d.title ? ` ${short(d.title, 80)}` : ''}`.trim();

/** `@[Name](user:<uuid>)` tokens in a text (the composers write them), lower-cased, unique. */
export function mentionsIn(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const out = new Set<string>();
  for (const m of text.matchAll(/@\[[^\]\n]{1,120}\]\(user:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi)) out.add(m[1]!.toLowerCase());
  return [...out];
}

async function waitThresholdHours(ctx: ActionContext): Promise<number> {
  const rows = await ctx.db.sql<{ attention_wait_hours: number }>(`select attention_wait_hours from notifications.agency_setting where agency_id = $agency`);
  return rows[0]?.attention_wait_hours ?? DEFAULT_ATTENTION_WAIT_HOURS;
}

type Handler = (ctx: ActionContext, d: Data, e: DurableEvent) => Promise<void>;

const handlers: Record<string, Handler> = {
  async [TOPICS.ticketAssigned](ctx, d, e) {
    const id = str(d.ticketId);
    if (!id) return;
    await notifyUsers(ctx, [str(d.to)], {
      kind: 'assigned',
      recordType: 'ticket',
      recordId: id,
      clientId: str(d.clientId),
      title: `Ticket ${ticketLabel(d)} was assigned to you`,
      url: ticketUrl(id),
      actorId: e.actorId,
    });
  },

  async [TOPICS.ticketNote](ctx, d, e) {
    const id = str(d.ticketId);
    if (!id) return;
    await notifyUsers(ctx, [...ids(d.mentions), ...mentionsIn(d.body)], {
      kind: 'mention',
      recordType: 'ticket',
      recordId: id,
      clientId: str(d.clientId),
      title: `You were mentioned on ticket ${ticketLabel(d)}`,
      body: short(d.excerpt ?? d.body, 280),
      url: ticketUrl(id),
      actorId: e.actorId,
    });
  },

  async [TOPICS.ticketSlaAtRisk](ctx, d) {
    const id = str(d.ticketId);
    if (!id) return;
    const which = d.clock === 'firstResponse' ? 'first response' : 'resolution';
    await notifyUsers(ctx, [str(d.assigneeId)], {
      kind: 'sla_at_risk',
      recordType: 'ticket',
      recordId: id,
      clientId: str(d.clientId),
      title: `SLA at risk on ticket ${ticketLabel(d)}`,
      body: `The ${which} target is close (due ${str(d.dueAt) ?? 'soon'}).`,
      url: ticketUrl(id),
    });
    await openAttention(ctx, { kind: 'sla_at_risk', recordType: 'ticket', recordId: id, clientId: str(d.clientId), title: `SLA at risk: ticket ${ticketLabel(d)}`, detail: `${which} due ${str(d.dueAt) ?? ''}`.trim(), url: ticketUrl(id), severity: 'warning' });
  },

  async [TOPICS.ticketSlaBreached](ctx, d) {
    const id = str(d.ticketId);
    if (!id) return;
    const which = d.clock === 'firstResponse' ? 'first response' : 'resolution';
    await notifyUsers(ctx, [str(d.assigneeId)], {
      kind: 'sla_breached',
      recordType: 'ticket',
      recordId: id,
      clientId: str(d.clientId),
      title: `SLA breached on ticket ${ticketLabel(d)}`,
      body: `The ${which} target was missed (due ${str(d.dueAt) ?? ''}).`,
      url: ticketUrl(id),
    });
    await resolveAttention(ctx, ['sla_at_risk'], id);
    await openAttention(ctx, { kind: 'sla_breached', recordType: 'ticket', recordId: id, clientId: str(d.clientId), title: `SLA breached: ticket ${ticketLabel(d)}`, detail: `${which} was due ${str(d.dueAt) ?? ''}`.trim(), url: ticketUrl(id), severity: 'critical' });
  },

  async [TOPICS.ticketResolved](ctx, d) {
    const id = str(d.ticketId);
    if (id) await resolveAttention(ctx, ['sla_at_risk', 'sla_breached'], id);
  },

  async [TOPICS.conversationAssigned](ctx, d, e) {
    const id = str(d.conversationId);
    if (!id) return;
    const subject = short(d.subject, 80);
    await notifyUsers(ctx, [str(d.to)], {
      kind: 'assigned',
      recordType: 'conversation',
      recordId: id,
      clientId: str(d.clientId),
      title: subject ? `Conversation “${subject}” was assigned to you` : 'A conversation was assigned to you',
      url: conversationUrl(id),
      actorId: e.actorId ?? str(d.by),
    });
  },

  async [TOPICS.conversationNote](ctx, d, e) {
    const id = str(d.conversationId);
    if (!id) return;
    const subject = short(d.subject, 80);
    await notifyUsers(ctx, [...ids(d.mentions), ...mentionsIn(d.body)], {
      kind: 'mention',
      recordType: 'conversation',
      recordId: id,
      clientId: str(d.clientId),
      title: subject ? `You were mentioned in an internal note on “${subject}”` : 'You were mentioned in an internal note',
      body: short(d.excerpt ?? d.body, 280),
      url: conversationUrl(id),
      actorId: e.actorId,
    });
  },

  async [TOPICS.conversationWaiting](ctx, d) {
    const id = str(d.conversationId);
    const hours = Number(d.waitingBusinessHours ?? 0);
    if (!id || !Number.isFinite(hours)) return;
    const { name, people } = await clientPeople(ctx, str(d.clientId));
    const who = name ? `${name} has` : 'A client has';
    await notifyUsers(ctx, people, {
      kind: 'waiting',
      recordType: 'conversation',
      recordId: id,
      clientId: str(d.clientId),
      title: `${who} been waiting ${hours} business hour${hours === 1 ? '' : 's'} for a reply`,
      url: conversationUrl(id),
    });
    if (hours >= (await waitThresholdHours(ctx))) {
      await openAttention(ctx, {
        kind: 'waiting',
        recordType: 'conversation',
        recordId: id,
        clientId: str(d.clientId),
        title: `${who} been waiting ${hours} business hours for a reply`,
        detail: str(d.waitingSince) ? `waiting since ${str(d.waitingSince)}` : '',
        url: conversationUrl(id),
        severity: hours >= 24 ? 'critical' : 'warning',
      });
    }
  },

  async [TOPICS.messageSent](ctx, d) {
    const id = str(d.conversationId);
    if (id) await resolveAttention(ctx, ['waiting'], id);
  },

  async [TOPICS.conversationStatus](ctx, d) {
    const id = str(d.conversationId);
    if (id && d.to !== 'open') await resolveAttention(ctx, ['waiting'], id);
  },

  async [TOPICS.clientCreated](ctx, d, e) {
    const id = str(d.clientId);
    if (!id) return;
    await notifyUsers(ctx, [str(d.ownerId)], {
      kind: 'assigned',
      recordType: 'client',
      recordId: id,
      clientId: id,
      title: `You are the owner of the new client ${short(d.name, 80)}`,
      url: clientUrl(id),
      actorId: e.actorId,
    });
  },

  async [TOPICS.clientUpdated](ctx, d, e) {
    const id = str(d.clientId);
    const changes = (d.changes ?? {}) as Record<string, { from?: unknown; to?: unknown } | undefined>;
    if (!id) return;
    const name = short(d.name, 80);
    const owner = str(changes.ownerId?.to);
    if (owner) {
      await notifyUsers(ctx, [owner], { kind: 'assigned', recordType: 'client', recordId: id, clientId: id, title: `You are now the owner of ${name}`, url: clientUrl(id), actorId: e.actorId });
    }
    const before = new Set(ids(changes.collaboratorIds?.from));
    const added = ids(changes.collaboratorIds?.to).filter((x) => !before.has(x));
    if (added.length) {
      await notifyUsers(ctx, added, { kind: 'assigned', recordType: 'client', recordId: id, clientId: id, title: `You were added as a collaborator on ${name}`, url: clientUrl(id), actorId: e.actorId });
    }
    const health = changes.health;
    if (health && health.to === 'red' && health.from !== 'red') {
      await openAttention(ctx, { kind: 'client_red', recordType: 'client', recordId: id, clientId: id, title: `${name} turned red`, detail: short((health as { reason?: unknown }).reason, 200), url: clientUrl(id), severity: 'critical' });
    } else if (health && health.from === 'red' && health.to !== 'red') {
      await resolveAttention(ctx, ['client_red'], id);
    }
  },

  async [TOPICS.runFailed](ctx, d) {
    const id = str(d.runId) ?? str(d.id);
    if (!id) return;
    const workflow = short(d.workflowName ?? d.name, 80) || 'A workflow';
    const error = short(d.error ?? (d.step as Data | undefined)?.error, 200);
    const admins = (await teamOf(ctx)).filter((u) => u.role === 'owner' || u.role === 'admin').map((u) => u.id);
    await notifyUsers(ctx, admins, {
      kind: 'automation_failed',
      recordType: 'run',
      recordId: str(d.workflowId) ?? id,
      title: `Automation “${workflow}” failed`,
      body: error,
      url: runUrl(id),
    });
    await openAttention(ctx, { kind: 'automation_failed', recordType: 'run', recordId: id, title: `Automation “${workflow}” failed`, detail: error, url: runUrl(id), severity: 'warning' });
  },
};

/** `channels` for the service: every topic above, consumer group `notifications`. */
export const channels: Record<string, ChannelHandler> = Object.fromEntries(
  Object.entries(handlers).map(([topic, fn]) => [
    topic,
    {
      group: 'notifications',
      async handler(ctx: ActionContext<DurableEvent>, event: DurableEvent) {
        await fn(ctx, (event.data ?? {}) as Data, event);
      },
    },
  ]),
);
