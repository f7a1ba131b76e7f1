/**
 * The whole product in-process for HTTP tests: gateway + modules on one broker, against a
 * private copy of the seeded template database, on a free port.
 */
import { demo, listInstalledModules } from '@audienceos/db';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { startApp, type RunningApp } from '@audienceos/server';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface TestApp {
  app: RunningApp;
  db: TestDatabase;
  base: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  /** Sign in as a demo user by handle (`josh`, `nina`…); returns the access token. */
  login(handle: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export function demoEmail(handle: string): string {
  for (const agency of demo.agencies) {
    const user = agency.users.find((u) => u.handle === handle);
    if (user) return user.email;
  }
  throw new Error(`no demo user ${handle}`);
}

export async function request<T = any>(base: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The bearer token `/metrics` wants in tests (METRICS_TOKEN, issue 8 §6). */
export const TEST_METRICS_TOKEN = (process.env.METRICS_TOKEN ||= 'test-metrics-token');

export async function startTestApp(options: { modules?: string[] } = {}): Promise<TestApp> {
  const db = await freshDatabase();
  process.env.DATABASE_URL = db.url;
  const app = await startApp({
    gateway: true,
    modules: options.modules ?? listInstalledModules().map((m) => m.module),
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null },
    logLevel: 'error',
    log: () => undefined,
  });
  // startApp resolves once the module routes (autoAliases) are built: no wait needed here.
  const base = app.url!.replace('localhost', '127.0.0.1');
  const tokens = new Map<string, string>();
  const self: TestApp = {
    app,
    db,
    base,
    request: (method, path, opts) => request(base, method, path, opts),
    async login(handle, password = demo.password()) {
      const cached = tokens.get(handle);
      // A cached token may have been revoked since (role change, logout: session versions).
      if (cached && password === demo.password() && (await request(base, 'GET', '/api/v1/auth/me', { token: cached })).status === 200) return cached;
      const res = await request(base, 'POST', '/api/v1/auth/login', { body: { email: demoEmail(handle), password } });
      if (res.status !== 200) throw new Error(`login ${handle} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(handle, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async stop() {
      // A test may have restarted the product (`t.app = await startApp(…)`): stop the one running
      // now as well, or its job queues keep polling a dropped database after the suite ends.
      for (const running of new Set([app, self.app])) await running.stop().catch(() => undefined);
      await db.drop();
    },
  };
  return self;
}
