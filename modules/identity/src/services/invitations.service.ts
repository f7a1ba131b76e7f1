/** Invitations: an admin invites by email and role; accepting sets the password and creates the user. */
import { randomUUID } from 'node:crypto';
import { defineService, errors, LockMode, type ActionContext } from '@audienceos/module-sdk';
import { audit } from '../audit';
import { userDto } from '../dto';
import { emailIs, normaliseEmail, usersWithEmail } from '../email';
import { CredentialSchema, InvitationSchema, UserSchema, type Invitation } from '../entities';
import { assertAcceptablePassword } from '../password-policy';
import { hashPassword } from '../passwords';
import { daysFromNow, hashToken, INVITATION_TTL_DAYS, newOpaqueToken } from '../tokens';

const invitationDto = (i: Invitation) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  revokedAt: i.revokedAt?.toISOString() ?? null,
  status: i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt.getTime() < Date.now() ? 'expired' : 'pending',
  createdAt: i.createdAt.toISOString(),
});

export const invitationsService = defineService({
  name: 'invitations',
  settings: { rest: '/invitations' },
  actions: {
    list: {
      rest: 'GET /',
      permissions: ['users:manage'],
      async handler(ctx: ActionContext) {
        const rows = await ctx.db.find(InvitationSchema, {}, { orderBy: { createdAt: 'desc' }, limit: 200 });
        return { items: rows.map(invitationDto) };
      },
    },
    create: {
      rest: 'POST /',
      summary: 'Invite a person; the response carries the one-time token for the invitation link',
      permissions: ['users:manage'],
      params: { email: { type: 'email', max: 254, normalize: true }, role: { type: 'enum', values: ['admin', 'manager', 'member', 'owner'] } },
      async handler(ctx: ActionContext<{ email: string; role: Invitation['role'] }>) {
        const email = normaliseEmail(ctx.params.email);
        if (ctx.params.role === 'owner' && ctx.user.role !== 'owner') throw errors.forbidden('users:invite-owner', ctx.user.role);
        if ((await usersWithEmail(ctx.em, email, { agencyId: ctx.user.agencyId })).length) {
          throw errors.invalid({ field: 'email', message: 'Someone in your agency already uses this email', type: 'unique' });
        }
        // One live link per address: an earlier pending invitation for it stops working.
        await ctx.em.nativeUpdate(InvitationSchema, ctx.db.where<Invitation>({ $and: [emailIs(email), { acceptedAt: null, revokedAt: null }] } as never), { revokedAt: new Date() });
        const { token, hash } = newOpaqueToken();
        const invitation = ctx.db.create(InvitationSchema, {
          id: randomUUID(),
          email,
          role: ctx.params.role,
          tokenHash: hash,
          invitedBy: ctx.user.id,
          expiresAt: daysFromNow(INVITATION_TTL_DAYS),
          createdAt: new Date(),
        });
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'invitation.created', targetType: 'invitation', targetId: invitation.id, data: { email, role: ctx.params.role } });
        ctx.meta.$statusCode = 201;
        return { ...invitationDto(invitation), token };
      },
    },
    revoke: {
      rest: 'DELETE /:id',
      permissions: ['users:manage'],
      params: { id: { type: 'uuid' } },
      async handler(ctx: ActionContext<{ id: string }>) {
        const invitation = await ctx.db.get(InvitationSchema, ctx.params.id, 'Invitation');
        if (invitation.acceptedAt) throw errors.conflict('This invitation was already accepted', 'INVITATION_ACCEPTED');
        if (invitation.role === 'owner' && ctx.user.role !== 'owner') throw errors.forbidden('users:invite-owner', ctx.user.role);
        invitation.revokedAt ??= new Date();
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'invitation.revoked', targetType: 'invitation', targetId: invitation.id });
        return invitationDto(invitation);
      },
    },
    /**
     * Send again: a new one-time token and a fresh expiry (the old link stops working); also
     * revives a revoked or expired invitation. 409 INVITATION_ACCEPTED once accepted.
     */
    resend: {
      rest: 'POST /:id/resend',
      permissions: ['users:manage'],
      params: { id: { type: 'uuid' } },
      async handler(ctx: ActionContext<{ id: string }>) {
        const invitation = await ctx.db.get(InvitationSchema, ctx.params.id, 'Invitation', { lock: true });
        if (invitation.acceptedAt) throw errors.conflict('This invitation was already accepted', 'INVITATION_ACCEPTED');
        if (invitation.role === 'owner' && ctx.user.role !== 'owner') throw errors.forbidden('users:invite-owner', ctx.user.role);
        if ((await usersWithEmail(ctx.em, invitation.email, { agencyId: ctx.user.agencyId })).length) {
          throw errors.conflict('This email already has an account in your agency', 'USER_EXISTS');
        }
        const { token, hash } = newOpaqueToken();
        invitation.tokenHash = hash;
        invitation.revokedAt = null;
        invitation.expiresAt = daysFromNow(INVITATION_TTL_DAYS);
        audit(ctx.em, { agencyId: ctx.user.agencyId, actorId: ctx.user.id, event: 'invitation.resent', targetType: 'invitation', targetId: invitation.id });
        return { ...invitationDto(invitation), token };
      },
    },
    accept: {
      rest: 'POST /accept',
      auth: 'public',
      summary: 'Accept an invitation: sets the password and creates the user',
      params: {
        token: { type: 'string', min: 10, max: 200 },
        name: { type: 'string', min: 1, max: 120, trim: true },
        password: { type: 'string', min: 12, max: 1024 },
      },
      async handler(ctx: ActionContext<{ token: string; name: string; password: string }>) {
        // Row lock: concurrent accepts of one token run one after the other; the first creates
        // the user (201), the others find it accepted (404).
        const invitation = await ctx.em.findOne(InvitationSchema, { tokenHash: hashToken(ctx.params.token) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!invitation || invitation.revokedAt || invitation.acceptedAt) throw errors.notFound('Invitation');
        if (invitation.expiresAt.getTime() < Date.now()) throw errors.conflict('This invitation has expired: ask for a new one', 'INVITATION_EXPIRED');
        assertAcceptablePassword(ctx.params.password, [invitation.email, invitation.email.split('@')[0]!, ctx.params.name]);
        const taken = await usersWithEmail(ctx.em, invitation.email, { agencyId: invitation.agencyId });
        if (taken.length) throw errors.conflict('This email already has an account', 'USER_EXISTS');
        const user = ctx.em.create(UserSchema, {
          id: randomUUID(),
          agencyId: invitation.agencyId,
          name: ctx.params.name,
          email: invitation.email,
          role: invitation.role,
          active: true,
          sessionVersion: 1,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await ctx.em.flush(); // the credential references the user row
        ctx.em.create(CredentialSchema, { userId: user.id, passwordHash: await hashPassword(ctx.params.password), updatedAt: new Date() });
        invitation.acceptedAt = new Date();
        audit(ctx.em, { agencyId: invitation.agencyId, actorId: user.id, event: 'invitation.accepted', targetType: 'user', targetId: user.id });
        ctx.meta.$statusCode = 201;
        return userDto(user);
      },
    },
  },
});
