/** The automations action "Send a notification" (also callable by owners/admins over HTTP). */
import { errors, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { notifyUsers } from '../deliver';
import { teamOf } from '../people';

const ROLES = ['owner', 'admin', 'manager', 'member'] as const;
/** A shell path (`/tickets?ticket=…`), never another site: no scheme, no `//`. */
const SHELL_PATH = /^\/(?![/\\])[^\s]*$/;

interface NotifyParams {
  userIds?: string[];
  role?: (typeof ROLES)[number];
  title: string;
  body?: string;
  url?: string;
}

export const notifyParams = {
  userIds: { type: 'array', items: { type: 'uuid' }, max: 100, optional: true },
  role: { type: 'enum', values: [...ROLES], optional: true },
  title: { type: 'string', min: 1, max: 200, trim: true, empty: false },
  body: { type: 'string', max: 2000, optional: true },
  url: { type: 'string', max: 500, pattern: SHELL_PATH, optional: true, messages: { stringPattern: 'Give a path inside the app, e.g. /tickets?ticket=…' } },
};

export const notifyAction: ModuleAction = {
  rest: 'POST /notify',
  summary:
    'Send an in-app notification (and email, per each person’s preferences) to `userIds` and/or everyone with `role`. Honours `Idempotency-Key` / `meta.idempotencyKey` (automations: `<runId>:<step>`). Answers `{ notified, created, collapsed }`',
  permissions: ['notifications:send'],
  params: notifyParams,
  async handler(ctx: ActionContext<NotifyParams>) {
    const p = ctx.params;
    if (!p.userIds?.length && !p.role) throw errors.invalid({ field: 'userIds', message: 'Choose who gets it: people or a role', type: 'required' });
    const result = await ctx.idempotent(async () => {
      const team = await teamOf(ctx);
      const known = new Set(team.map((u) => u.id));
      const unknown = (p.userIds ?? []).map((x) => x.toLowerCase()).filter((x) => !known.has(x));
      if (unknown.length) throw errors.invalid({ field: 'userIds', message: 'Choose active people of this agency', type: 'unknownUser', actual: unknown });
      const recipients = [...(p.userIds ?? []), ...(p.role ? team.filter((u) => u.role === p.role).map((u) => u.id) : [])];
      const url = p.url ?? '/';
      const run = (ctx.meta.automation as { runId?: string } | undefined)?.runId;
      const out = await notifyUsers(ctx, recipients, {
        kind: 'automation',
        recordType: run ? 'run' : 'link',
        recordId: url,
        title: p.title,
        body: p.body ?? '',
        url,
        actorId: ctx.user.role === 'system' ? null : ctx.user.id,
      });
      return { notified: out.created.length + out.collapsed.length, created: out.created, collapsed: out.collapsed };
    });
    ctx.meta.$statusCode = 201;
    return result;
  },
};
