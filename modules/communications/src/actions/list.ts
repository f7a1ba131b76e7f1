/**
 * `GET /communications/conversations` — the inbox list: filters as the UI's chips, newest
 * activity first, keyset pages on (last activity, id) (the SDK's `paginate`: ties on the
 * timestamp continue by id, so no conversation is lost or repeated across a page boundary),
 * member scoping (granted clients only; unlinked ones for managers and above).
 */
import {
  clientScope,
  paginate,
  pageParams,
  raw,
  textMatch,
  textMatchSql,
  likePattern,
  type ActionContext,
  type ClientScope,
  type ModuleAction,
} from '@audienceos/module-sdk';
import { conversationDto } from '../dto';
import { ConversationSchema, type Conversation } from '../entities';
import { labelRule, splitList, statusListRule } from '../params';
import { lastSeenOf } from '../read-state';

export interface ListParams {
  needsReply?: boolean;
  unread?: boolean;
  assignee?: string;
  status?: string;
  source?: string;
  client?: string;
  label?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);

export const listParams = {
  ...pageParams(['lastActivityAt']),
  needsReply: { type: 'boolean', convert: true, optional: true },
  unread: { type: 'boolean', convert: true, optional: true },
  assignee: { type: 'string', optional: true, pattern: new RegExp(`^(me|unassigned|anyone|${UUID})$`) },
  status: statusListRule,
  source: { type: 'string', optional: true, max: 200, pattern: /^[a-z][a-z0-9-]{1,30}(,[a-z][a-z0-9-]{1,30})*$/ },
  client: { type: 'string', optional: true, pattern: new RegExp(`^(unlinked|${UUID})$`) },
  label: { ...labelRule, optional: true },
  q: { type: 'string', optional: true, max: 200, trim: true },
} as const;

/** "An inbound message newer than `userId`'s last-seen pointer" as SQL on alias `a` (the id is a verified uuid). */
export function unreadSql(alias: string, userId: string): string {
  if (!UUID_RE.test(userId)) throw new Error('unreadSql: not a uuid');
  return `(${alias}.last_inbound_at is not null and ${alias}.last_inbound_at > coalesce((select r.last_seen_at from communications.read_state r
            where r.conversation_id = ${alias}.id and r.user_id = '${userId}'), '-infinity'::timestamptz))`;
}

/** Member scoping as a condition: granted clients, never unlinked conversations. */
export function scopeWhere(scope: ClientScope): Record<string, unknown> | null {
  if (scope.all) return null;
  return { clientId: { $in: [...new Set([...scope.read, ...scope.write])] } };
}

/** The filters as MikroORM conditions (`me` is the caller). */
export function listWhere(p: ListParams, me: string, scope: ClientScope): Record<string, unknown>[] {
  const and: Record<string, unknown>[] = [];
  const scoped = scopeWhere(scope);
  if (scoped) and.push(scoped);
  if (p.needsReply === true) and.push({ status: 'open', lastDirection: 'inbound' });
  if (p.needsReply === false)
    and.push({ $or: [{ status: { $ne: 'open' } }, { lastDirection: { $ne: 'inbound' } }, { lastDirection: null }] });
  if (p.unread !== undefined) and.push({ [raw((alias: string) => unreadSql(alias, me))]: p.unread });
  if (p.assignee === 'me') and.push({ assigneeId: me });
  else if (p.assignee === 'unassigned') and.push({ assigneeId: null });
  else if (p.assignee && p.assignee !== 'anyone') and.push({ assigneeId: p.assignee.toLowerCase() });
  const statuses = splitList(p.status);
  if (statuses) and.push({ status: { $in: statuses } });
  const sources = splitList(p.source);
  if (sources) and.push({ source: { $in: sources } });
  if (p.client === 'unlinked') and.push({ clientId: null });
  else if (p.client) and.push({ clientId: p.client.toLowerCase() });
  if (p.label) and.push({ labels: { $contains: [p.label] } });
  if (p.q) {
    // Subject or any message's text or sender, literally, ignoring case and accents (the SDK's matcher).
    const pattern = likePattern(p.q);
    const inMessages = raw(
      (alias: string) =>
        `exists (select 1 from communications.message m where m.conversation_id = ${alias}.id and m.direction <> 'note'
           and (${textMatchSql('m.body_text')} or ${textMatchSql('m.sender_name')} or ${textMatchSql('m.sender_address')}))`,
      [pattern, pattern, pattern],
    );
    and.push({ $or: [textMatch(['subject'], p.q), { [inMessages]: true }] });
  }
  return and;
}

export async function listConversations(ctx: ActionContext<ListParams>) {
  const scope = await clientScope(ctx);
  const where = { $and: listWhere(ctx.params, ctx.user.id, scope) };
  const page = await paginate<Conversation>(
    ctx.db,
    ConversationSchema,
    where,
    { ...ctx.params, sort: 'lastActivityAt', order: 'desc' },
    { sort: 'lastActivityAt', order: 'desc' },
  );
  const seen = await lastSeenOf(
    ctx,
    page.items.map((c) => c.id),
  );
  return { ...page, items: page.items.map((c) => conversationDto(c, seen.get(c.id))) };
}

export const listAction: ModuleAction<ListParams> = {
  rest: 'GET /conversations',
  summary: 'Conversations, filtered, newest activity first, one keyset page at a time',
  permissions: ['communications:read'],
  params: listParams,
  handler: listConversations,
};
