/**
 * Authentication: password check with throttling, refresh-token rotation with reuse
 * detection, logout. The gateway's Passport strategies call these; they carry no REST route
 * of their own (the gateway owns `/api/v1/auth/*` because it sets cookies and signs JWTs).
 */
import { randomUUID } from 'node:crypto';
import { defineService, errors, LockMode, type ActionContext, type EntityManager } from '@audienceos/module-sdk';
import { audit } from '../audit';
import { agencyDto, userDto } from '../dto';
import { AgencySchema, CredentialSchema, RefreshTokenSchema, UserSchema, type User } from '../entities';
import { dummyHash, verifyPassword } from '../passwords';
import { daysFromNow, hashToken, newOpaqueToken, REFRESH_TTL_DAYS } from '../tokens';

const MAX_FAILURES = Number(process.env.LOGIN_MAX_FAILURES ?? 5);
const WINDOW_MINUTES = Number(process.env.LOGIN_WINDOW_MINUTES ?? 15);

async function throttleState(em: EntityManager, column: 'email' | 'ip', value: string) {
  const rows = (await em.getConnection().execute(
    `select created_at from identity.login_attempt
       where ${column} = ? and success = false and created_at > now() - make_interval(mins => ?)
       order by created_at desc limit ?`,
    [value, WINDOW_MINUTES, MAX_FAILURES],
  )) as { created_at: Date }[];
  if (rows.length < MAX_FAILURES) return null;
  const oldest = new Date(rows[rows.length - 1]!.created_at).getTime();
  return Math.max(1, Math.ceil((oldest + WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
}

async function recordAttempt(em: EntityManager, email: string, ip: string, success: boolean) {
  await em.getConnection().execute('insert into identity.login_attempt (email, ip, success) values (?, ?, ?)', [email, ip, success]);
  if (success) await em.getConnection().execute('delete from identity.login_attempt where email = ? and success = false', [email]);
}

async function sessionPayload(em: EntityManager, user: User) {
  const agency = await em.findOneOrFail(AgencySchema, { id: user.agencyId });
  return { user: userDto(user), agency: agencyDto(agency) };
}

async function issueToken(em: EntityManager, user: User, familyId: string = randomUUID()) {
  const { token, hash } = newOpaqueToken();
  em.create(RefreshTokenSchema, {
    id: randomUUID(),
    agencyId: user.agencyId,
    userId: user.id,
    familyId,
    tokenHash: hash,
    expiresAt: daysFromNow(REFRESH_TTL_DAYS),
    createdAt: new Date(),
  });
  return { refreshToken: token, refreshExpiresAt: daysFromNow(REFRESH_TTL_DAYS).toISOString() };
}

export const authService = defineService({
  name: 'auth',
  actions: {
    /** Check email + password (Passport local strategy). 401 or 429; never says which part was wrong. */
    authenticate: {
      auth: 'public',
      mutation: false,
      params: {
        email: { type: 'email', max: 254 },
        password: { type: 'string', min: 1, max: 1024 },
        agency: { type: 'string', optional: true, max: 100 },
        ip: { type: 'string', max: 100 },
      },
      async handler(ctx: ActionContext<{ email: string; password: string; agency?: string; ip: string }>) {
        const em = ctx.em;
        const email = ctx.params.email.trim().toLowerCase();
        const ip = ctx.params.ip;
        const retryAfter = (await throttleState(em, 'email', email)) ?? (await throttleState(em, 'ip', ip));
        if (retryAfter) {
          throw errors.tooManyRequests(`Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, retryAfter);
        }
        const candidates = await em.find(UserSchema, { email: { $ilike: email }, active: true });
        let matched: User | null = null;
        for (const user of candidates) {
          const credential = await em.findOne(CredentialSchema, { userId: user.id });
          if (!credential) continue;
          if (ctx.params.agency) {
            const agency = await em.findOne(AgencySchema, { id: user.agencyId });
            if (agency?.slug !== ctx.params.agency) continue;
          }
          if (await verifyPassword(ctx.params.password, credential.passwordHash)) {
            matched = user;
            break;
          }
        }
        if (candidates.length === 0) await verifyPassword(ctx.params.password, await dummyHash());
        await recordAttempt(em, email, ip, Boolean(matched));
        if (!matched) {
          audit(em, { agencyId: candidates[0]?.agencyId, event: 'login.failed', targetType: 'user', targetId: candidates[0]?.id, ip, data: { email } });
          await em.flush();
          throw errors.unauthorized('Email or password is incorrect', 'INVALID_CREDENTIALS');
        }
        matched.lastActiveAt = new Date();
        audit(em, { agencyId: matched.agencyId, actorId: matched.id, event: 'login.succeeded', targetType: 'user', targetId: matched.id, ip });
        const tokens = await issueToken(em, matched);
        await em.flush();
        return { ...(await sessionPayload(em, matched)), ...tokens };
      },
    },

    /** Exchange a refresh token for a new one (rotation). Reuse of a spent token revokes its family. */
    rotate: {
      auth: 'public',
      // Own transaction: a detected reuse must commit its revocation and still answer 401.
      mutation: false,
      params: { token: { type: 'string', min: 10, max: 200 }, ip: { type: 'string', max: 100, optional: true } },
      async handler(ctx: ActionContext<{ token: string; ip?: string }>) {
        const outcome = await ctx.em.transactional(async (em) => {
          const current = await em.findOne(RefreshTokenSchema, { tokenHash: hashToken(ctx.params.token) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (!current) return { error: errors.unauthorized('Your session has ended. Sign in again.', 'REFRESH_TOKEN_INVALID') };
          if (current.revokedAt) return { error: errors.unauthorized('Your session has ended. Sign in again.', 'REFRESH_TOKEN_REVOKED') };
          if (current.replacedAt) {
            // A spent token came back: someone kept a copy. End every session of this family.
            await em.nativeUpdate(RefreshTokenSchema, { familyId: current.familyId, revokedAt: null }, { revokedAt: new Date() });
            audit(em, { agencyId: current.agencyId, actorId: current.userId, event: 'refresh_token.reuse_detected', targetType: 'user', targetId: current.userId, ip: ctx.params.ip, data: { familyId: current.familyId } });
            return { error: errors.unauthorized('Your session has ended. Sign in again.', 'REFRESH_TOKEN_REUSED') };
          }
          if (current.expiresAt.getTime() < Date.now()) return { error: errors.unauthorized('Your session has expired. Sign in again.', 'REFRESH_TOKEN_EXPIRED') };
          const user = await em.findOne(UserSchema, { id: current.userId, active: true });
          if (!user) return { error: errors.unauthorized('This account is no longer active.', 'ACCOUNT_INACTIVE') };
          current.replacedAt = new Date();
          user.lastActiveAt = new Date();
          const tokens = await issueToken(em, user, current.familyId);
          return { session: { ...(await sessionPayload(em, user)), ...tokens } };
        });
        if ('error' in outcome) throw outcome.error;
        return outcome.session;
      },
    },

    /** Logout: revoke the token's whole family (this browser session). Unknown tokens are fine. */
    revoke: {
      auth: 'public',
      params: { token: { type: 'string', max: 200 } },
      async handler(ctx: ActionContext<{ token: string }>) {
        const current = await ctx.em.findOne(RefreshTokenSchema, { tokenHash: hashToken(ctx.params.token) });
        if (!current) return { revoked: false };
        await ctx.em.nativeUpdate(RefreshTokenSchema, { familyId: current.familyId, revokedAt: null }, { revokedAt: new Date() });
        audit(ctx.em, { agencyId: current.agencyId, actorId: current.userId, event: 'logout', targetType: 'user', targetId: current.userId });
        return { revoked: true };
      },
    },

    /** The signed-in user and agency (the gateway adds permissions from the live modules). */
    me: {
      mutation: false,
      async handler(ctx: ActionContext) {
        const user = await ctx.db.findOne(UserSchema, { id: ctx.user.id, active: true });
        if (!user) throw errors.unauthorized('This account is no longer active.', 'ACCOUNT_INACTIVE');
        return sessionPayload(ctx.em, user);
      },
    },
  },
});
