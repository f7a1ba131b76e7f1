/**
 * `/api/v1/auth/*`: sign-in (passport-local), silent refresh through an httpOnly cookie with
 * rotation, logout, and the signed-in user. The only place that issues access tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, ServiceSchema } from 'moleculer';
import Validator from 'fastest-validator';
import type passport from 'passport';
import { errors, MoleculerClientError, signCaller, type CallerUser, type Meta } from '@audienceos/module-sdk';
import type { GatewayConfig } from './config';
import { clientIp, originAllowed, parseCookies, refreshCookie } from './http';
import { runStrategy, signAccessToken, type Session } from './passport';
import { permissionsForRole } from './registry';

type HttpParams = { $req: IncomingMessage & { body?: Record<string, unknown> }; $res: ServerResponse };

const check = new Validator({ useNewCustomCheckerFunction: true }).compile({
  $$strict: true,
  email: { type: 'email', max: 254 },
  password: { type: 'string', min: 1, max: 1024 },
  agency: { type: 'string', optional: true, max: 100 },
});

function validateLogin(body: unknown): void {
  const result = check(body && typeof body === 'object' ? body : {});
  if (result !== true) throw errors.invalid((result as { field: string; message: string; type: string }[]).map(({ field, message, type }) => ({ field, message, type })));
}

export function sessionService(config: GatewayConfig, getPassport: () => passport.PassportStatic): ServiceSchema {
  const respond = (ctx: Context<unknown, Meta>, session: Session) => {
    ctx.meta.$responseHeaders = { 'Set-Cookie': refreshCookie(config, session.refreshToken), 'Cache-Control': 'no-store' };
    return {
      accessToken: signAccessToken(session.user, session.sessionVersion, config),
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtlSeconds,
      user: { ...session.user, agency: session.agency },
    };
  };
  const refreshTokenOf = (req: IncomingMessage) => {
    const token = parseCookies(req.headers.cookie)[config.refreshCookieName];
    // A token is 43 base64url characters: anything else is not ours (ignored, never a 500).
    return token && /^[A-Za-z0-9_-]{10,200}$/.test(token) ? token : undefined;
  };
  const assertOrigin = (req: IncomingMessage) => {
    if (!originAllowed(req, config)) throw new MoleculerClientError('This origin may not use the session cookie', 403, 'ORIGIN_NOT_ALLOWED', { origin: String(req.headers.origin) });
  };

  return {
    name: 'session',
    actions: {
      login: {
        auth: 'public',
        retryPolicy: { enabled: false },
        async handler(ctx: Context<HttpParams, Meta>) {
          validateLogin(ctx.params.$req.body);
          const session = await runStrategy<Session>(getPassport(), 'local', ctx.params.$req, ctx.params.$res);
          return respond(ctx, session);
        },
      },
      refresh: {
        auth: 'public',
        retryPolicy: { enabled: false },
        async handler(ctx: Context<HttpParams, Meta>) {
          assertOrigin(ctx.params.$req);
          const token = refreshTokenOf(ctx.params.$req);
          if (!token) throw errors.unauthorized('Sign in to continue', 'NO_SESSION');
          try {
            const session = await ctx.call<Session, { token: string; ip: string }>('auth.rotate', { token, ip: clientIp(ctx.params.$req, config) });
            return respond(ctx, session);
          } catch (err) {
            ctx.meta.$responseHeaders = { 'Set-Cookie': refreshCookie(config, null) };
            throw err;
          }
        },
      },
      logout: {
        auth: 'public',
        async handler(ctx: Context<HttpParams, Meta>) {
          assertOrigin(ctx.params.$req);
          const token = refreshTokenOf(ctx.params.$req);
          if (token) await ctx.call('auth.revoke', { token });
          ctx.meta.$responseHeaders = { 'Set-Cookie': refreshCookie(config, null) };
          ctx.meta.$statusCode = 204;
          return null;
        },
      },
      me: {
        async handler(ctx: Context<HttpParams, Meta>) {
          const caller = ctx.meta.user as CallerUser;
          const me = (await ctx.call('auth.me', {}, { meta: signCaller(caller) })) as { user: Record<string, unknown>; agency: Record<string, unknown> };
          return { ...me, permissions: permissionsForRole(this.broker, caller.role) };
        },
      },
    },
  } as ServiceSchema;
}
