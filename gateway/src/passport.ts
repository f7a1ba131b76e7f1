/**
 * Passport in the gateway only: `local` checks email + password through identity,
 * `jwt` checks access tokens (HS256 pinned: `none`, other algorithms, expired and tampered
 * tokens fail). No express, no sessions: strategies run inside moleculer-web's hooks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { ServiceBroker } from 'moleculer';
import { errors, platformSecret, type CallerUser } from '@audienceos/module-sdk';
import type { GatewayConfig } from './config';
import { clientIp } from './http';
import { sessionVersionsOf } from './session-versions';

const ISSUER = 'audienceos';
const AUDIENCE = 'audienceos-api';
const ALGORITHM = 'HS256' as const;

export interface Session {
  user: { id: string; agencyId: string; name: string; email: string; role: CallerUser['role']; [k: string]: unknown };
  agency: { id: string; name: string; slug: string };
  /** The user's session version at issue; carried in the token as `sv`. */
  sessionVersion: number;
  refreshToken: string;
}

/** An HS256 access token: `sub` user id, `agency`, `role`, `name`, `sv` (session version). */
export function signAccessToken(user: Session['user'], sessionVersion: number, config: GatewayConfig): string {
  return jwt.sign({ agency: user.agencyId, role: user.role, name: user.name, sv: sessionVersion }, platformSecret(), {
    algorithm: ALGORITHM,
    subject: user.id,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: config.accessTokenTtlSeconds,
  });
}

export function createPassport(broker: ServiceBroker, config: GatewayConfig): passport.PassportStatic {
  const instance = new passport.Passport() as unknown as passport.PassportStatic;
  instance.use(
    'local',
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: false, passReqToCallback: true }, (req, email, password, done) => {
      broker
        .call('auth.authenticate', { email, password, ip: clientIp(req as unknown as IncomingMessage, config), agency: (req.body as { agency?: string })?.agency })
        .then((session) => done(null, session as Session))
        .catch((err) => done(err));
    }),
  );
  instance.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: platformSecret(),
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
      },
      (payload: { sub?: string; agency?: string; role?: string; sv?: number }, done: (err: unknown, user?: CallerUser | false) => void) => {
        if (!payload.sub || !payload.agency || !payload.role) return done(null, false);
        // Tokens from before session versions carry none: version 0, older than any user's.
        const sv = typeof payload.sv === 'number' && Number.isInteger(payload.sv) ? payload.sv : 0;
        const user: CallerUser = { id: payload.sub, agencyId: payload.agency, role: payload.role as CallerUser['role'], sv };
        sessionVersionsOf(broker).check(user.id, sv).then(
          () => done(null, user),
          (err) => done(err),
        );
      },
    ),
  );
  return instance;
}

/** Run a strategy against a raw request; resolves with the user, rejects with a JSON-shaped error. */
export function runStrategy<T>(pp: passport.PassportStatic, name: 'local' | 'jwt', req: IncomingMessage, res: ServerResponse): Promise<T> {
  return new Promise((resolve, reject) => {
    const callback = (err: unknown, user: T | false, info?: { name?: string; message?: string }) => {
      if (err) return reject(err);
      if (user) return resolve(user);
      if (name === 'jwt') {
        const type = info?.name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : info?.message === 'No auth token' ? 'NO_TOKEN' : 'INVALID_TOKEN';
        const message = type === 'TOKEN_EXPIRED' ? 'Your session token has expired' : type === 'NO_TOKEN' ? 'Sign in to continue' : 'The access token is not valid';
        return reject(errors.unauthorized(message, type));
      }
      reject(errors.unauthorized('Email or password is incorrect', 'INVALID_CREDENTIALS'));
    };
    pp.authenticate(name, { session: false }, callback)(req, res, (err?: unknown) => (err ? reject(err) : undefined));
  });
}
