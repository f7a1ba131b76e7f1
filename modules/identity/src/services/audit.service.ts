/** The security audit log: logins, failed logins, role changes, invitations. */
import { defineService, paginate, pageParams, textMatch, type ActionContext } from '@audienceos/module-sdk';
import { AuditLogSchema, type AuditLog } from '../entities';

export const auditService = defineService({
  name: 'audit',
  settings: { rest: '/audit-log' },
  actions: {
    list: {
      rest: 'GET /',
      permissions: ['audit:read'],
      params: { ...pageParams(['createdAt']), event: { type: 'string', optional: true, max: 80 }, actorId: { type: 'uuid', optional: true } },
      async handler(ctx: ActionContext<{ event?: string; actorId?: string; sort?: string; order?: 'asc' | 'desc'; limit?: number; cursor?: string }>) {
        const where: Record<string, unknown> = {};
        // A prefix (`user.` finds `user.login`), literal: `_` and `%` are not wildcards.
        if (ctx.params.event) Object.assign(where, textMatch(['event'], ctx.params.event, 'prefix'));
        if (ctx.params.actorId) where.actorId = ctx.params.actorId;
        const page = await paginate<AuditLog>(ctx.db, AuditLogSchema, where, ctx.params, { sort: 'createdAt', order: 'desc' });
        return {
          ...page,
          items: page.items.map((a) => ({ id: a.id, event: a.event, actorId: a.actorId, targetType: a.targetType, targetId: a.targetId, ip: a.ip, data: a.data, createdAt: a.createdAt.toISOString() })),
        };
      },
    },
  },
});
