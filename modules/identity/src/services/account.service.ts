/** The signed-in person's own account: changing the password. */
import { defineService, errors, type ActionContext } from '@audienceos/module-sdk';
import { audit } from '../audit';
import { CredentialSchema, RefreshTokenSchema, UserSchema } from '../entities';
import { assertAcceptablePassword } from '../password-policy';
import { hashPassword, verifyPassword } from '../passwords';
import { endSessions } from '../sessions';
import { recordAttempt, retryAfterSeconds } from '../throttle';

export const accountService = defineService({
  name: 'account',
  settings: { rest: '/account' },
  actions: {
    /**
     * Change your password: `{currentPassword, newPassword}`. The new one follows the password
     * rule (≥ 12 characters, not common: 422 on `newPassword`); a wrong current password is
     * 422 on `currentPassword` and counts as a failed sign-in for the throttle (429 after).
     * Every session of the person ends (refresh tokens revoked, session version raised): the
     * answer `{ signInAgain: true }` tells the client to sign in with the new password.
     */
    changePassword: {
      rest: 'POST /password',
      params: {
        currentPassword: { type: 'string', min: 1, max: 1024 },
        newPassword: { type: 'string', min: 1, max: 1024 },
      },
      async handler(ctx: ActionContext<{ currentPassword: string; newPassword: string }>) {
        if (ctx.user.role === 'system') throw errors.forbidden('account:password', ctx.user.role);
        const user = await ctx.db.get(UserSchema, ctx.user.id, 'User');
        const ip = ctx.meta.clientIp ?? 'unknown';
        const wait = await retryAfterSeconds(ctx.em, user.email, ip);
        if (wait > 0) throw errors.tooManyRequests(`Too many failed attempts. Try again in ${wait} second(s).`, wait);
        const credential = await ctx.em.findOne(CredentialSchema, { userId: user.id });
        if (!credential || !(await verifyPassword(ctx.params.currentPassword, credential.passwordHash))) {
          await recordAttempt(ctx.em, user.email, ip, false);
          throw errors.invalid({ field: 'currentPassword', message: 'Your current password is not correct', type: 'incorrect' });
        }
        assertAcceptablePassword(ctx.params.newPassword, [user.email, user.email.split('@')[0]!, user.name], 'newPassword');
        credential.passwordHash = await hashPassword(ctx.params.newPassword);
        credential.updatedAt = new Date();
        await ctx.em.nativeUpdate(RefreshTokenSchema, { userId: user.id, revokedAt: null }, { revokedAt: new Date() });
        audit(ctx.em, { agencyId: user.agencyId, actorId: user.id, event: 'user.password_changed', targetType: 'user', targetId: user.id, ip });
        await endSessions(ctx, [user.id]);
        return { changed: true, signInAgain: true };
      },
    },
  },
});
