import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config';

/** The caller's address: the socket's, or the first X-Forwarded-For hop when a proxy is trusted. */
export function clientIp(req: IncomingMessage, config: GatewayConfig): string {
  if (config.trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Cookies of a `Cookie` header; a malformed pair (bad %-escape…) is skipped, never thrown. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (typeof header === 'string' ? header : '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name) continue;
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* ignore this pair */
    }
  }
  return out;
}

/**
 * Is the request's `Origin` (when a browser sent one) this gateway's own origin or one of the
 * configured `CORS_ORIGINS`? Requests without `Origin` (same-origin GETs, non-browser clients)
 * pass: the refresh cookie is SameSite=Strict, this is the second line against cross-site use.
 */
export function originAllowed(req: IncomingMessage, config: GatewayConfig): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  const host = req.headers.host;
  const proto = config.trustProxy && typeof req.headers['x-forwarded-proto'] === 'string' ? req.headers['x-forwarded-proto'].split(',')[0]!.trim() : (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (host && origin === `${proto}://${host}`) return true;
  return config.corsOrigins.includes(origin);
}

export function refreshCookie(config: GatewayConfig, token: string | null): string {
  const attrs = [
    `${config.refreshCookieName}=${token ? encodeURIComponent(token) : ''}`,
    'Path=/api/v1/auth',
    'HttpOnly',
    'SameSite=Strict',
    token ? `Max-Age=${config.refreshTtlDays * 86400}` : 'Max-Age=0',
  ];
  if (config.secureCookies) attrs.push('Secure');
  return attrs.join('; ');
}

/** Headers every response carries (API and static alike). */
export function securityHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  );
  next();
}
