/**
 * For connector plugins (Slack, Gmail, a partner's): provider tokens at rest and OAuth state.
 * Provider tokens at rest: AES-256-GCM (node:crypto) with a key from `CONNECTOR_TOKEN_KEY`
 * (32 bytes, base64 or hex); without it, a key derived (HKDF-SHA256) from the platform secret,
 * so the one-process run works on a fresh machine. Stored as `v1.<iv>.<tag>.<ciphertext>`
 * (base64url); the agency id is bound as associated data, so a token copied to another
 * agency's row does not decrypt. OAuth `state` is an HMAC-signed, expiring token.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { platformSecret } from './secret';

function key(): Buffer {
  const env = process.env.CONNECTOR_TOKEN_KEY?.trim();
  if (env) {
    const raw = /^[0-9a-f]{64}$/i.test(env) ? Buffer.from(env, 'hex') : Buffer.from(env, 'base64');
    if (raw.length !== 32) throw new Error('CONNECTOR_TOKEN_KEY must be 32 bytes (64 hex characters or base64)');
    return raw;
  }
  return Buffer.from(hkdfSync('sha256', platformSecret(), 'audienceos', 'connector-token-key', 32));
}

export function sealToken(token: string, agencyId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(agencyId));
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function openToken(sealed: string, agencyId: string): string {
  const [v, iv, tag, data] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed token');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(agencyId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

const stateMac = (body: string) => createHmac('sha256', platformSecret()).update(`oauth-state|${body}`).digest('base64url');

/** A signed OAuth `state` for this agency and user, valid `ttlSeconds`. */
export function signState(data: { agencyId: string; userId: string; provider: string }, ttlSeconds = 600): string {
  const body = Buffer.from(
    JSON.stringify({ ...data, exp: Math.floor(Date.now() / 1000) + ttlSeconds, n: randomBytes(8).toString('hex') }),
  ).toString('base64url');
  return `${body}.${stateMac(body)}`;
}

/** The state's data, or null when forged, for another provider or expired. */
export function verifyState(state: string, provider: string): { agencyId: string; userId: string } | null {
  const [body, mac] = state.split('.');
  if (!body || !mac) return null;
  const a = Buffer.from(mac);
  const b = Buffer.from(stateMac(body));
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      agencyId: string;
      userId: string;
      provider: string;
      exp: number;
    };
    if (data.provider !== provider || data.exp < Date.now() / 1000) return null;
    return { agencyId: data.agencyId, userId: data.userId };
  } catch {
    return null;
  }
}
