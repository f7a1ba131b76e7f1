/** The bell: my notifications (unread first), unread count, mark read, mark all read, open. */
import { announce, errors, now as clockNow, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';

export interface NotificationDto {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  clientId: string | null;
  title: string;
  body: string;
  /** Shell path that opens the record. */
  url: string;
  actorId: string | null;
  /** Repeats collapsed into this row. */
  count: number;
  read: boolean;
  readAt: string | null;
  createdAt: string;
  /** The last repeat (ISO instant). */
  updatedAt: string;
}

interface Row {
  id: string;
  kind: string;
  record_type: string;
  record_id: string;
  client_id: string | null;
  title: string;
  body: string;
  url: string;
  actor_id: string | null;
  count: number;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const dto = (r: Row): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  recordType: r.record_type,
  recordId: r.record_id,
  clientId: r.client_id,
  title: r.title,
  body: r.body,
  url: r.url,
  actorId: r.actor_id,
  count: r.count,
  read: Boolean(r.read_at),
  readAt: iso(r.read_at),
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalidCursor = () =>
  errors.badRequest('The cursor is not valid: start from the first page', 'INVALID_CURSOR', [{ field: 'cursor', message: 'The cursor is not valid', type: 'cursor' }]);

/** Cursor = base64url JSON `[unread 0|1, updatedAt ISO, id]`, only ever one we made. */
function decodeCursor(cursor: string): { unread: number; at: Date; id: string } {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(v) || v.length !== 3) throw invalidCursor();
  const [unread, at, id] = v as unknown[];
  const date = typeof at === 'string' ? new Date(at) : null;
  if ((unread !== 0 && unread !== 1) || !date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 9999 || typeof id !== 'string' || !UUID.test(id)) {
    throw invalidCursor();
  }
  return { unread, at: date, id };
}
const encodeCursor = (r: Row) => Buffer.from(JSON.stringify([r.read_at ? 0 : 1, new Date(r.updated_at).toISOString(), r.id])).toString('base64url');

async function unreadCount(ctx: ActionContext): Promise<number> {
  const rows = await ctx.db.sql<{ n: string }>(`select count(*) as n from notifications.notification where agency_id = $agency and recipient_id = ? and in_app and read_at is null`, [ctx.user.id]);
  return Number(rows[0]?.n ?? 0);
}

async function mine(ctx: ActionContext, id: string): Promise<Row> {
  const rows = await ctx.db.sql<Row>(`select * from notifications.notification where agency_id = $agency and recipient_id = ? and in_app and id = ?`, [ctx.user.id, id]);
  if (!rows[0]) throw errors.notFound('Notification', id);
  return rows[0];
}

const idParam = { id: { type: 'uuid' } } as const;

/** My other tabs refresh their bell too. */
const tellMyTabs = (ctx: ActionContext, id: string) => announce(ctx, { module: 'notifications', entity: 'notification', id, op: 'updated', audience: { userIds: [ctx.user.id] } });

export const inboxActions: Record<string, ModuleAction> = {
  list: {
    rest: 'GET /',
    summary: 'My notifications, unread first, newest first (`unread=true`: unread only); `{ items, nextCursor, unread }`',
    params: {
      unread: { type: 'boolean', convert: true, optional: true },
      limit: { type: 'number', integer: true, positive: true, max: 100, convert: true, optional: true },
      cursor: { type: 'string', max: 300, optional: true },
    },
    async handler(ctx: ActionContext<{ unread?: boolean; limit?: number; cursor?: string }>) {
      const limit = ctx.params.limit ?? 25;
      const after = ctx.params.cursor ? decodeCursor(ctx.params.cursor) : null;
      const rows = await ctx.db.sql<Row>(
        `select * from notifications.notification
          where agency_id = $agency and recipient_id = ? and in_app
            ${ctx.params.unread ? 'and read_at is null' : ''}
            ${after ? 'and ((read_at is null)::int, updated_at, id) < (?, ?, ?::uuid)' : ''}
          order by (read_at is null) desc, updated_at desc, id desc limit ?`,
        [ctx.user.id, ...(after ? [after.unread, after.at, after.id] : []), limit + 1],
      );
      const page = rows.slice(0, limit);
      return { items: page.map(dto), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null, unread: await unreadCount(ctx) };
    },
  },

  unreadCount: {
    rest: 'GET /unread-count',
    summary: 'How many of my notifications are unread: `{ count }`',
    async handler(ctx) {
      return { count: await unreadCount(ctx) };
    },
  },

  readAll: {
    rest: 'POST /read-all',
    summary: 'Mark all my notifications read: `{ updated }`',
    async handler(ctx) {
      const rows = await ctx.db.sql(
        `update notifications.notification set read_at = ? where agency_id = $agency and recipient_id = ? and in_app and read_at is null returning id`,
        [clockNow(), ctx.user.id],
      );
      if (rows.length) tellMyTabs(ctx, 'all');
      return { updated: rows.length, unread: 0 };
    },
  },

  markRead: {
    rest: 'POST /:id/read',
    summary: 'Mark one of my notifications read (`read: false`: unread again); 404 for anyone else’s',
    params: { ...idParam, read: { type: 'boolean', optional: true } },
    async handler(ctx: ActionContext<{ id: string; read?: boolean }>) {
      await mine(ctx, ctx.params.id);
      const rows = await ctx.db.sql<Row>(
        `update notifications.notification set read_at = ${ctx.params.read === false ? 'null' : 'coalesce(read_at, ?)'} where agency_id = $agency and id = ? returning *`,
        ctx.params.read === false ? [ctx.params.id] : [clockNow(), ctx.params.id],
      );
      tellMyTabs(ctx, ctx.params.id);
      return { ...dto(rows[0]!), unread: await unreadCount(ctx) };
    },
  },

  open: {
    rest: 'POST /:id/open',
    summary: 'A click on a notification: marks it read and answers `{ url }` (the shell path of the record)',
    params: idParam,
    async handler(ctx: ActionContext<{ id: string }>) {
      const row = await mine(ctx, ctx.params.id);
      await ctx.db.sql(`update notifications.notification set read_at = coalesce(read_at, ?) where agency_id = $agency and id = ?`, [clockNow(), row.id]);
      if (!row.read_at) tellMyTabs(ctx, row.id);
      return { url: row.url, unread: await unreadCount(ctx) };
    },
  },
};
