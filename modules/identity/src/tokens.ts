import { createHash, randomBytes } from 'node:crypto';

export const REFRESH_TTL_DAYS = Number(process.env.REFRESH_TTL_DAYS ?? 30);
export const INVITATION_TTL_DAYS = 7;

/** A random opaque token and the hash we store (the token itself is never stored). */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);
