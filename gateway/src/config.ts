/** Gateway settings, all from the environment with safe defaults for the one-process run. */
export interface GatewayConfig {
  port: number;
  host: string;
  accessTokenTtlSeconds: number;
  refreshCookieName: string;
  refreshTtlDays: number;
  /** Send cookies with `Secure` (behind HTTPS). */
  secureCookies: boolean;
  /** Trust `X-Forwarded-For` from a reverse proxy. Off by default: a client could forge it. */
  trustProxy: boolean;
  corsOrigins: string[];
  bodyLimit: string;
  /** Folder holding `shell/dist` and `remotes/<name>/dist` (the repository in the default run). */
  webRoot: string | null;
  /** Remotes built outside `remotes/` (a partner's npm package): name → dist folder. */
  extraRemotes: Record<string, string>;
}

export function gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const env = process.env;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    accessTokenTtlSeconds: Number(env.ACCESS_TOKEN_TTL_SECONDS ?? 900),
    refreshCookieName: 'aos_refresh',
    refreshTtlDays: Number(env.REFRESH_TTL_DAYS ?? 30),
    secureCookies: env.COOKIE_SECURE === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimit: env.BODY_LIMIT ?? '1mb',
    webRoot: env.WEB_ROOT ?? null,
    extraRemotes: {},
    ...overrides,
  };
}
