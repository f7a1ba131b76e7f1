/** The agency's team: list, profile edits, role changes, (de)activation and member client access. */
import { announce, defineService, errors, paginate, pageParams, textMatch, type ActionContext } from '@audienceos/module-sdk';
import { audit } from '../audit';
import { agencyDto, userDto } from '../dto';
import { AgencySchema, ClientAccessSchema, UserSchema, type User } from '../entities';
import { peopleSearch } from '../search';
import { endSessions } from '../sessions';
import { assertAgencyClients, assertKeepsAnOwner, assertMayActOn, assertRole, currentRole, lockAgency } from '../team-rules';

const ROLE_ENUM = { type: 'enum', values: ['owner', 'admin', 'manager', 'member'] } as const;
const idParam = { id: { type: 'uuid' } } as const;
const MANAGERS = ['owner', 'admin'];

export const usersService = defineService({
  name: 'users',
  settings: { rest: '/users' },
  actions: {
    search: peopleSearch.action,
    list: {
      rest: 'GET /',
      summary: 'The agency team',
      permissions: ['users:read'],
      params: { ...pageParams(['name', 'createdAt', 'lastActiveAt']), q: { type: 'string', optional: true, max: 100 }, active: { type: 'boolean', convert: true, optional: true } },
      async handler(ctx: ActionContext<{ q?: string; active?: boolean; sort?: string; order?: 'asc' | 'desc'; limit?: number; cursor?: string }>) {
        const where: Record<string, unknown> = {};
        // Literal, case- and accent-insensitive: "%" or "_" typed in the box match themselves.
        if (ctx.params.q) Object.assign(where, textMatch(['name', 'email'], ctx.params.q));
        if (ctx.params.active !== undefined) where.active = ctx.params.active;
        const page = await paginate<User>(ctx.db, UserSchema, where, ctx.params, { sort: 'name', order: 'asc' });
        return { ...page, items: page.items.map(userDto) };
      },
    },
    get: {
      rest: 'GET /:id',
      permissions: ['users:read'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        return userDto(await ctx.db.get(UserSchema, ctx.params.id, 'User'));
      },
    },
    update: {
      rest: 'PATCH /:id',
      summary: 'Edit a profile (your own, or anyone with users:manage)',
      params: { ...idParam, name: { type: 'string', min: 1, max: 120, trim: true, optional: true }, title: { type: 'string', max: 120, trim: true, optional: true, nullable: true } },
      async handler(ctx: ActionContext<{ id: string; name?: string; title?: string | null }>) {
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        if (user.id !== ctx.user.id && !['owner', 'admin', 'system'].includes(ctx.user.role)) throw errors.forbidden('users:manage', ctx.user.role);
        await assertMayActOn(ctx, user, 'users:manage');
        if (ctx.params.name !== undefined) user.name = ctx.params.name;
        if (ctx.params.title !== undefined) user.title = ctx.params.title;
        return userDto(user);
      },
    },
    changeRole: {
      rest: 'PATCH /:id/role',
      permissions: ['users:manage'],
      params: { ...idParam, role: ROLE_ENUM },
      async handler(ctx: ActionContext<{ id: string; role: User['role'] }>) {
        await lockAgency(ctx);
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        const { role } = ctx.params;
        // The token's role first (an admin touching an owner: 403), then the owner count, then
        // the caller's role as it is now (one of two owners demoting each other: 409, not 403).
        const ownerOnly = (actorRole: string) => {
          if ((role === 'owner' || user.role === 'owner') && actorRole !== 'owner' && actorRole !== 'system') throw errors.forbidden('users:manage-owner', actorRole);
        };
        ownerOnly(ctx.user.role);
        if (role !== 'owner') await assertKeepsAnOwner(ctx, user);
        const actorRole = await currentRole(ctx);
        assertRole(actorRole, MANAGERS, 'users:manage');
        ownerOnly(actorRole);
        if (user.role === role) return userDto(user);
        const from = user.role;
        user.role = role;
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'user.role_changed', targetType: 'user', targetId: user.id, data: { from, to: role } });
        ctx.emitDurable('identity.user.roleChanged', { userId: user.id, from, to: role });
        await endSessions(ctx, [user.id]);
        return userDto(user);
      },
    },
    deactivate: {
      rest: 'POST /:id/deactivate',
      permissions: ['users:manage'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        await lockAgency(ctx);
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        if (user.id === ctx.user.id) throw errors.conflict('You cannot deactivate yourself', 'SELF_DEACTIVATION');
        await assertMayActOn(ctx, user, 'users:manage', ctx.user.role);
        await assertKeepsAnOwner(ctx, user);
        const actorRole = await currentRole(ctx);
        assertRole(actorRole, MANAGERS, 'users:manage');
        await assertMayActOn(ctx, user, 'users:manage', actorRole);
        if (!user.active) return userDto(user);
        user.active = false;
        await ctx.em.getConnection().execute(
          'update identity.refresh_token set revoked_at = now() where user_id = ? and revoked_at is null',
          [user.id],
          'run',
          ctx.em.getTransactionContext(),
        );
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'user.deactivated', targetType: 'user', targetId: user.id });
        await endSessions(ctx, [user.id]);
        return userDto(user);
      },
    },
    activate: {
      rest: 'POST /:id/activate',
      permissions: ['users:manage'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        await lockAgency(ctx);
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        const actorRole = await currentRole(ctx);
        assertRole(actorRole, MANAGERS, 'users:manage');
        await assertMayActOn(ctx, user, 'users:manage', actorRole);
        if (user.active) return userDto(user);
        user.active = true;
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'user.activated', targetType: 'user', targetId: user.id });
        await endSessions(ctx, [user.id]);
        return userDto(user);
      },
    },
    getAccess: {
      rest: 'GET /:id/client-access',
      permissions: ['users:read'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        const grants = await ctx.db.find(ClientAccessSchema, { userId: user.id }, { orderBy: { createdAt: 'asc' } });
        return { userId: user.id, allClients: user.role !== 'member', grants: grants.map((g) => ({ clientId: g.clientId, access: g.access })) };
      },
    },
    setAccess: {
      rest: 'PUT /:id/client-access',
      summary: 'Replace the clients a member may see (read) or edit (write)',
      permissions: ['users:manage'],
      params: {
        ...idParam,
        grants: { type: 'array', max: 1000, items: { type: 'object', strict: true, props: { clientId: { type: 'uuid' }, access: { type: 'enum', values: ['read', 'write'] } } } },
      },
      async handler(ctx: ActionContext<{ id: string; grants: { clientId: string; access: 'read' | 'write' }[] }>) {
        const user = await ctx.db.get(UserSchema, ctx.params.id, 'User');
        await assertMayActOn(ctx, user, 'users:manage');
        await assertAgencyClients(ctx, ctx.params.grants.map((g) => g.clientId));
        await ctx.em.nativeDelete(ClientAccessSchema, { agencyId: ctx.user.agencyId, userId: user.id });
        const unique = new Map(ctx.params.grants.map((g) => [g.clientId, g.access]));
        for (const [clientId, access] of unique) {
          ctx.db.create(ClientAccessSchema, { userId: user.id, clientId, access, grantedBy: ctx.user.id, createdAt: new Date() });
        }
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'user.client_access_changed', targetType: 'user', targetId: user.id, data: { count: unique.size } });
        ctx.emitDurable('identity.user.accessChanged', { userId: user.id });
        // Live (issue 13): gateways drop this member's cached client scope; his screens refetch.
        announce(ctx, { entity: 'clientAccess', id: user.id, op: 'updated', audience: { userIds: [user.id] } });
        return { userId: user.id, allClients: user.role !== 'member', grants: [...unique].map(([clientId, access]) => ({ clientId, access })) };
      },
    },
    /**
     * Which clients the caller may see and edit. Other modules call this to scope members:
     * `{ all: true }` for managers and above (and the system principal).
     */
    clientScope: {
      mutation: false,
      async handler(ctx: ActionContext) {
        if (ctx.user.role !== 'member') return { all: true, read: [], write: [] };
        const grants = await ctx.db.find(ClientAccessSchema, { userId: ctx.user.id });
        return {
          all: false,
          read: grants.map((g) => g.clientId),
          write: grants.filter((g) => g.access === 'write').map((g) => g.clientId),
        };
      },
    },
  },
});

export const agencyService = defineService({
  name: 'agency',
  settings: { rest: '/agency' },
  actions: {
    current: {
      rest: 'GET /',
      summary: "The caller's agency",
      async handler(ctx: ActionContext) {
        const agency = await ctx.em.findOne(AgencySchema, { id: ctx.user.agencyId });
        if (!agency) throw errors.notFound('Agency', ctx.user.agencyId);
        return agencyDto(agency);
      },
    },
    rename: {
      rest: 'PATCH /',
      permissions: ['agency:manage'],
      params: { name: { type: 'string', min: 2, max: 120, trim: true } },
      async handler(ctx: ActionContext<{ name: string }>) {
        const agency = await ctx.em.findOne(AgencySchema, { id: ctx.user.agencyId });
        if (!agency) throw errors.notFound('Agency', ctx.user.agencyId);
        agency.name = ctx.params.name;
        audit(ctx.em, { agencyId: agency.id, actorId: ctx.user.id, event: 'agency.renamed', targetType: 'agency', targetId: agency.id });
        return agencyDto(agency);
      },
    },
  },
});
