import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendFile } from './static-files';

/**
 * A stand-in for the gateway that implements exactly the API contract the shell relies on
 * (auth with a rotating httpOnly refresh cookie, /auth/me, /modules) and serves the built shell
 * and remotes the way the gateway does. Lets the shell's browser tests run without the backend
 * and lets a test change the module list or token lifetime at will.
 */
export interface MockUser {
  id: string;
  name: string;
  email: string;
  password: string;
  role: 'owner' | 'admin' | 'manager' | 'member';
  permissions: string[];
}

export interface MockModule {
  module: string;
  version?: string;
  nav: { label: string; icon: string; path: string; group: 'operations' | 'resources' | 'configure'; order: number };
}

export interface MockPlatformOptions {
  shellDir: string;
  /** module id → directory with its built remote (served at /remotes/<module>/). */
  remoteDirs: Record<string, string>;
  modules: MockModule[];
  users: MockUser[];
  agency?: { id: string; name: string; slug: string };
  accessTokenTtlSeconds?: number;
}

export interface MockPlatform {
  url: string;
  /** Replace the modules listed by /modules (simulates module processes starting/stopping). */
  setModules(modules: MockModule[]): void;
  setAccessTokenTtl(seconds: number): void;
  /** Invalidate every access token (the next API call gets 401 and must refresh). */
  expireAccessTokens(): void;
  /** Revoke every session: access and refresh tokens (as an admin deactivating a user would). */
  revokeAllSessions(): void;
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

const COOKIE = 'aos_refresh';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

function error(res: ServerResponse, code: number, type: string, message: string, data: unknown = null, headers: Record<string, string> = {}) {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ name: code === 401 ? 'UnAuthorizedError' : 'Error', message, code, type, data }));
}

function json(res: ServerResponse, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return {};
  }
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export async function startMockPlatform(options: MockPlatformOptions): Promise<MockPlatform> {
  const agency = options.agency ?? { id: 'agency-1', name: 'Chase Digital Agency', slug: 'chase-digital' };
  let modules = options.modules;
  let ttl = options.accessTokenTtlSeconds ?? 900;
  const accessTokens = new Map<string, { userId: string; expiresAt: number }>();
  const refreshTokens = new Map<string, string>();
  const requests: MockPlatform['requests'] = [];

  const issue = (res: ServerResponse, user: MockUser) => {
    const accessToken = `at_${randomBytes(12).toString('hex')}`;
    const refreshToken = `rt_${randomBytes(12).toString('hex')}`;
    accessTokens.set(accessToken, { userId: user.id, expiresAt: Date.now() + ttl * 1000 });
    refreshTokens.set(refreshToken, user.id);
    const { password: _password, permissions: _permissions, ...publicUser } = user;
    json(res, { accessToken, expiresIn: ttl, user: { ...publicUser, agencyId: agency.id } }, {
      'Set-Cookie': `${COOKIE}=${refreshToken}; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=604800`,
    });
  };

  const bearerUser = (req: IncomingMessage): MockUser | null => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const entry = accessTokens.get(token);
    if (!entry || entry.expiresAt < Date.now()) return null;
    return options.users.find((u) => u.id === entry.userId) ?? null;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (req.method === 'POST' && pathname === '/api/v1/auth/login') {
      const body = await readJson(req);
      const user = options.users.find((u) => u.email === body.email);
      if (!body.email || !body.password) {
        return error(res, 422, 'VALIDATION_ERROR', 'Parameters validation error!', [
          ...(body.email ? [] : [{ field: 'email', message: "The 'email' field is required.", type: 'required' }]),
          ...(body.password ? [] : [{ field: 'password', message: "The 'password' field is required.", type: 'required' }]),
        ]);
      }
      if (!user || user.password !== body.password) return error(res, 401, 'INVALID_CREDENTIALS', 'Invalid email or password.');
      return issue(res, user);
    }
    if (req.method === 'POST' && pathname === '/api/v1/auth/refresh') {
      const token = cookieValue(req, COOKIE);
      const userId = token ? refreshTokens.get(token) : undefined;
      const user = userId ? options.users.find((u) => u.id === userId) : undefined;
      if (!token || !user) return error(res, 401, 'INVALID_REFRESH_TOKEN', 'Session expired.');
      refreshTokens.delete(token); // rotation
      return issue(res, user);
    }
    if (req.method === 'POST' && pathname === '/api/v1/auth/logout') {
      const token = cookieValue(req, COOKIE);
      if (token) refreshTokens.delete(token);
      res.writeHead(204, { 'Set-Cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=0` });
      return res.end();
    }
    const user = bearerUser(req);
    if (!user) return error(res, 401, 'INVALID_TOKEN', 'Unauthorized');
    if (req.method === 'GET' && pathname === '/api/v1/auth/me') {
      const { password: _password, permissions, ...publicUser } = user;
      return json(res, { user: { ...publicUser, agencyId: agency.id, lastActiveAt: new Date().toISOString() }, agency, permissions });
    }
    // The live channel as the real gateway has it: a ticket, then a stream that says it is ready.
    if (req.method === 'POST' && pathname === '/api/v1/live/ticket') {
      if (!bearerUser(req)) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ name: 'UnauthorizedError', message: 'Sign in first', code: 401, type: 'UNAUTHORIZED', data: null }));
        return;
      }
      return json(res, { ticket: 'mock-ticket', expiresIn: 60 });
    }
    if (req.method === 'GET' && pathname === '/api/v1/live') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write('event: ready\nid: mock-0\ndata: {}\n\n');
      return;
    }
    if (req.method === 'GET' && pathname === '/api/v1/modules') {
      return json(res, {
        modules: modules.map((m) => ({
          module: m.module,
          version: m.version ?? '0.1.0',
          available: true,
          ui: { remote: `aos_${m.module.replace(/-/g, '_')}`, entry: `/remotes/${m.module}/remoteEntry.js`, nav: m.nav },
          permissions: [],
        })),
      });
    }
    return error(res, 404, 'NOT_FOUND', `No route for ${req.method} ${pathname}`);
  };

  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    // Same policy as the gateway, so a shell that needs inline scripts fails here too.
    res.setHeader('Content-Security-Policy', CSP);
    res.on('finish', () => requests.push({ method: req.method ?? 'GET', path: pathname, status: res.statusCode }));
    void (async () => {
      if (pathname.startsWith('/api/')) return handleApi(req, res, pathname);
      const remote = /^\/remotes\/([^/]+)\/(.+)$/.exec(pathname);
      if (remote) {
        const dir = options.remoteDirs[remote[1]];
        if (dir && (await sendFile(res, dir, remote[2]))) return;
        res.writeHead(404).end('Not found');
        return;
      }
      if (pathname !== '/' && (await sendFile(res, options.shellDir, pathname.slice(1)))) return;
      if (!(await sendFile(res, options.shellDir, 'index.html'))) res.writeHead(500).end('shell not built');
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setModules: (next) => {
      modules = next;
    },
    setAccessTokenTtl: (seconds) => {
      ttl = seconds;
    },
    expireAccessTokens: () => accessTokens.clear(),
    revokeAllSessions: () => {
      accessTokens.clear();
      refreshTokens.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
