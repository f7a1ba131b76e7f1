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

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name) out[name] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
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
