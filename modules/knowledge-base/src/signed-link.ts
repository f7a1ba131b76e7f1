/**
 * Short-lived signed download links (for the browser's PDF viewer, which cannot send a
 * bearer token): HMAC-SHA256 with the platform secret over agency, document, version and
 * expiry. A link names one version of one document and expires after five minutes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { platformSecret } from '@audienceos/module-sdk';

export const LINK_TTL_SECONDS = 300;

export interface LinkClaims {
  agencyId: string;
  documentId: string;
  versionId: string;
  /** Unix seconds. */
  exp: number;
}

const sign = (payload: string) => createHmac('sha256', platformSecret()).update(`kb-link:${payload}`).digest('base64url');

export function signLink(claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify([claims.agencyId, claims.documentId, claims.versionId, claims.exp])).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyLink(token: string, now = Date.now()): LinkClaims | null {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [agencyId, documentId, versionId, exp] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof exp !== 'number' || exp * 1000 < now) return null;
    return { agencyId, documentId, versionId, exp };
  } catch {
    return null;
  }
}
