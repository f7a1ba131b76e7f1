/**
 * Authentication: password check with throttling, refresh-token rotation with reuse
 * detection, logout. The gateway's Passport strategies call these; they carry no REST route
 * of their own (the gateway owns `/api/v1/auth/*` because it sets cookies and signs JWTs).
 */
import { randomUUID } from 'node:crypto';
import { defineService, errors, LockMode, type ActionContext, type EntityManager } from '@audienceos/module-sdk';
import { audit } from '../audit';
import { agencyDto, userDto } from '../dto';
import { normaliseEmail, usersWithEmail } from '../email';
import { AgencySchema, CredentialSchema, RefreshTokenSchema, UserSchema, type Agency, type User } from '../entities';
import { dummyHash, verifyPassword } from '../passwords';
import { announceSessions, bumpSessionVersions, endSessions } from '../sessions';
import { recordAttempt, retryAfterSeconds } from '../throttle';
import { daysFromNow, hashToken, newOpaqueToken, REFRESH_TTL_DAYS } from '../tokens';

/** Two refreshes with one cookie (two tabs) within this many seconds both succeed. */
const REFRESH_GRACE_SECONDS = () => Number(process.env.REFRESH_GRACE_SECONDS ?? 10);

async function sessionPayload(em: EntityManager, user: User) {
  const agency = await em.findOneOrFail(AgencySchema, { id: user.agencyId });
  return { user: userDto(user), agency: agencyDto(agency), sessionVersion: user.sessionVersion };
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
  started() {
    // The dummy hash costs one scrypt: make it before the first sign-in, not during it.
    void dummyHash();
  },
  actions: {
    /**
     * Check email + password (Passport local strategy). Takes `{email, password, agency?: slug,
     * ip}`; gives the session (user, agency, sessionVersion, refresh token).
     * Errors: 401 INVALID_CREDENTIALS (never says which part was wrong), 429 with `retryAfter`
     * (see throttle.ts), 409 AGENCY_CHOICE_REQUIRED with `data.agencies: [{slug, name}]` when
     * the address belongs to several agencies and no slug was given (only after the password
     * verified for at least one of them; only those agencies are listed).
     * The work is the same whether the email exists and whether the slug matches: at least one
     * scrypt verification always runs (against a dummy hash when nobody matches).
     */
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
        const email = normaliseEmail(ctx.params.email);
        const ip = ctx.params.ip;
        const retryAfter = await retryAfterSeconds(em, email, ip);
        if (retryAfter > 0) {
          throw errors.tooManyRequests(`Too many failed sign-ins. Try again in ${retryAfter < 90 ? `${retryAfter} second(s)` : `${Math.ceil(retryAfter / 60)} minute(s)`}.`, retryAfter);
        }
        const users = await usersWithEmail(em, email, { active: true });
        const agencies = users.length ? await em.find(AgencySchema, { id: { $in: users.map((u) => u.agencyId) } }) : [];
        const agencyOf = new Map<string, Agency>(agencies.map((a) => [a.id, a]));
        const candidates = ctx.params.agency ? users.filter((u) => agencyOf.get(u.agencyId)?.slug === ctx.params.agency) : users;
        const credentials = candidates.length ? await em.find(CredentialSchema, { userId: { $in: candidates.map((u) => u.id) } }) : [];
        const hashOf = new Map(credentials.map((c) => [c.userId, c.passwordHash]));
        const matched: User[] = [];
        if (candidates.length === 0) {
          await verifyPassword(ctx.params.password, await dummyHash());
        } else {
          for (const user of candidates) {
            const hash = hashOf.get(user.id);
            if (await verifyPassword(ctx.params.password, hash ?? (await dummyHash()))) {
              if (hash) matched.push(user);
            }
          }
        }
        await recordAttempt(em, email, ip, matched.length > 0);
        if (matched.length === 0) {
          audit(em, { agencyId: candidates[0]?.agencyId, event: 'login.failed', targetType: 'user', targetId: candidates[0]?.id, ip, data: { email } });
          await em.flush();
          throw errors.unauthorized('Email or password is incorrect', 'INVALID_CREDENTIALS');
        }
        if (candidates.length > 1) {
          // Never pick an agency by chance: the person chooses (the login page remembers it).
          const choices = matched.map((u) => agencyOf.get(u.agencyId)!).map((a) => ({ slug: a.slug, name: a.name }));
          throw errors.conflict('This email belongs to several agencies: choose one', 'AGENCY_CHOICE_REQUIRED', { agencies: choices });
        }
        const user = matched[0]!;
        user.lastActiveAt = new Date();
        audit(em, { agencyId: user.agencyId, actorId: user.id, event: 'login.succeeded', targetType: 'user', targetId: user.id, ip });
        const tokens = await issueToken(em, user);
        await em.flush();
        return { ...(await sessionPayload(em, user)), ...tokens };
      },
    },

    /**
     * The current session state of a user, for the gateway's session-version cache:
     * `{userId}` → `{userId, version, active}` (an unknown user is inactive, version 0).
     */
    sessionState: {
      auth: 'public',
      mutation: false,
      params: { userId: { type: 'uuid' } },
      async handler(ctx: ActionContext<{ userId: string }>) {
        const rows = (await ctx.em.getConnection().execute('select session_version, active from identity.user where id = ?', [ctx.params.userId])) as {
          session_version: number;
          active: boolean;
        }[];
        const row = rows[0];
        return { userId: ctx.params.userId, version: row ? Number(row.session_version) : 0, active: row?.active ?? false };
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
          // Two tabs refreshing with one cookie at the same moment: the second (it waited on the
          // row lock above) finds the token just replaced and also gets a new one.
          const inGrace = current.replacedAt && Date.now() - current.replacedAt.getTime() <= REFRESH_GRACE_SECONDS() * 1000;
          if (current.replacedAt && !inGrace) {
            // A spent token came back: someone kept a copy. End every session of this family,
            // and the user's access tokens with it.
            await em.nativeUpdate(RefreshTokenSchema, { familyId: current.familyId, revokedAt: null }, { revokedAt: new Date() });
            audit(em, { agencyId: current.agencyId, actorId: current.userId, event: 'refresh_token.reuse_detected', targetType: 'user', targetId: current.userId, ip: ctx.params.ip, data: { familyId: current.familyId } });
            return { error: errors.unauthorized('Your session has ended. Sign in again.', 'REFRESH_TOKEN_REUSED'), ended: await bumpSessionVersions(em, [current.userId]) };
          }
          if (current.expiresAt.getTime() < Date.now()) return { error: errors.unauthorized('Your session has expired. Sign in again.', 'REFRESH_TOKEN_EXPIRED') };
          const user = await em.findOne(UserSchema, { id: current.userId, active: true });
          if (!user) return { error: errors.unauthorized('This account is no longer active.', 'ACCOUNT_INACTIVE') };
          current.replacedAt ??= new Date();
          user.lastActiveAt = new Date();
          const tokens = await issueToken(em, user, current.familyId);
          return { session: { ...(await sessionPayload(em, user)), ...tokens } };
        });
        if ('error' in outcome) {
          if ('ended' in outcome && outcome.ended) await announceSessions(ctx.broker, outcome.ended);
          throw outcome.error;
        }
        return outcome.session;
      },
    },

    /**
     * Logout: revoke the token's whole family (this browser session) and raise the user's
     * session version, so that access tokens already issued stop working at once (other
     * browsers of the same person refresh silently). Unknown tokens are fine.
     */
    revoke: {
      auth: 'public',
      params: { token: { type: 'string', max: 200 } },
      async handler(ctx: ActionContext<{ token: string }>) {
        const current = await ctx.em.findOne(RefreshTokenSchema, { tokenHash: hashToken(ctx.params.token) });
        if (!current) return { revoked: false };
        await ctx.em.nativeUpdate(RefreshTokenSchema, { familyId: current.familyId, revokedAt: null }, { revokedAt: new Date() });
        await endSessions(ctx, [current.userId]);
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
