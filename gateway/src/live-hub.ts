/**
 * The live hub of one gateway process: the Server-Sent Events streams of the users connected
 * to this process, the changes it heard (`live.change`, broadcast by modules through the SDK's
 * `announce`), and the rules that decide who hears what.
 *
 * - Filtering: same agency; `audience.userIds` / `roles` / `permission` must hold; a change with
 *   `audience.clientId` reaches a member only when identity grants him that client (asked once
 *   per user through `users.clientScope`, cached, dropped when identity announces an access or
 *   session change). The audience itself never leaves the gateway.
 * - Event ids are `<bootId>-<seq>`: `seq` increases per process, `bootId` is random per process
 *   start. A reconnect with `Last-Event-ID` of this boot replays what the user missed from a
 *   short buffer (500 events / 2 minutes); an id of another process (or boot), or one older than
 *   the buffer, gets a `reset` event: the client refetches everything it shows.
 * - A heartbeat comment every 15 s; at most 10 streams per user per process (429 beyond).
 * - A session change (role, deactivation, logout: a higher session version) closes that
 *   user's older streams with a `closed` event.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceBroker } from 'moleculer';
import type { Session } from 'better-sse' with { 'resolution-mode': 'import' };
// better-sse ships CommonJS too (build/index.cjs), but its types resolve as ESM from a CJS file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSession } = require('better-sse') as typeof import('better-sse', { with: { 'resolution-mode': 'import' } });
import { MoleculerClientError, roleHas, signCaller, type CallerUser, type LiveChange, type PrincipalRole } from '@audienceos/module-sdk';
import { allDeclaredPermissions, liveManifests } from './registry';

export interface LiveHubOptions {
  /** Replay buffer size (events). */
  bufferSize: number;
  /** Replay buffer age limit (ms). */
  bufferMs: number;
  /** Heartbeat comment interval (ms). */
  heartbeatMs: number;
  /** Streams per user on this process. */
  maxStreamsPerUser: number;
  /** How long a member's client grants stay cached without an announcement (ms). */
  scopeTtlMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveHubOptions = {
  bufferSize: Number(process.env.LIVE_BUFFER_SIZE ?? 500),
  bufferMs: Number(process.env.LIVE_BUFFER_SECONDS ?? 120) * 1000,
  heartbeatMs: Number(process.env.LIVE_HEARTBEAT_SECONDS ?? 15) * 1000,
  maxStreamsPerUser: Number(process.env.LIVE_MAX_STREAMS_PER_USER ?? 10),
  scopeTtlMs: 60_000,
};

interface Buffered {
  seq: number;
  atMs: number;
  change: LiveChange;
}

interface Scope {
  all: boolean;
  ids: Set<string>;
}

export interface LiveUser {
  id: string;
  agencyId: string;
  role: PrincipalRole;
  sv: number;
}

interface Conn {
  user: LiveUser;
  session: Session;
  res: ServerResponse;
  /** Serialises deliveries to this stream (filters may wait for identity). */
  chain: Promise<void>;
  closed: boolean;
}

const CLIENT_FIELDS: (keyof LiveChange)[] = ['module', 'entity', 'id', 'agencyId', 'op', 'version', 'actorId', 'at', 'data'];

/** The change as a client sees it: everything but the audience. */
export function publicChange(change: LiveChange): Partial<LiveChange> {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_FIELDS) if (change[k] !== undefined) out[k] = change[k];
  return out as Partial<LiveChange>;
}

function isChange(c: unknown): c is LiveChange {
  const x = c as LiveChange;
  return !!x && typeof x === 'object' && typeof x.module === 'string' && typeof x.entity === 'string' && typeof x.id === 'string' && typeof x.agencyId === 'string' && typeof x.op === 'string';
}

export class LiveHub {
  readonly bootId = randomBytes(6).toString('base64url');
  private seq = 0;
  private buffer: Buffered[] = [];
  private readonly byAgency = new Map<string, Set<Conn>>();
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly scopes = new Map<string, { at: number; scope: Promise<Scope> }>();
  /** Counters for tests and metrics. */
  readonly stats = { received: 0, delivered: 0, connected: 0 };

  constructor(
    private readonly broker: ServiceBroker,
    readonly options: LiveHubOptions = DEFAULT_LIVE_OPTIONS,
  ) {}

  /** Streams open on this process (all users). */
  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  private currentId(): string {
    return `${this.bootId}-${this.seq}`;
  }

  /** A change heard on the broker: buffer it and deliver it to every allowed stream of its agency. */
  onChange(raw: unknown): void {
    if (!isChange(raw)) return;
    const change: LiveChange = { ...raw, audience: raw.audience && typeof raw.audience === 'object' ? raw.audience : {} };
    this.stats.received++;
    // Identity says a member's client grants changed: forget the cached scope before filtering.
    if (change.module === 'identity' && change.entity === 'clientAccess') this.scopes.delete(change.id);
    const item: Buffered = { seq: ++this.seq, atMs: Date.now(), change };
    this.buffer.push(item);
    this.trim();
    for (const conn of this.byAgency.get(change.agencyId) ?? []) this.deliver(conn, item);
  }

  /** Identity announced new session states: drop cached scopes, close streams opened under an older version. */
  onSessionChanged(states: { userId: string; version: number; active: boolean }[]): void {
    for (const s of states) {
      if (!s || typeof s.userId !== 'string') continue;
      this.scopes.delete(s.userId);
      for (const conn of [...(this.byUser.get(s.userId) ?? [])]) {
        if (s.active === false || (typeof s.version === 'number' && s.version > conn.user.sv)) {
          this.close(conn, s.active === false ? 'deactivated' : 'session-changed');
        }
      }
    }
  }

  /**
   * Open a stream for `user` on `req`/`res` (the ticket was checked by the caller). Replays
   * from `lastEventId` when it is of this boot and still buffered, sends `reset` otherwise,
   * then `ready`. Rejects with 429 TOO_MANY_STREAMS beyond the per-user limit.
   */
  async attach(req: IncomingMessage, res: ServerResponse, user: LiveUser, lastEventId: string | null): Promise<void> {
    const mine = this.byUser.get(user.id);
    if (mine && mine.size >= this.options.maxStreamsPerUser) {
      throw new MoleculerClientError(`At most ${this.options.maxStreamsPerUser} live streams per user`, 429, 'TOO_MANY_STREAMS', { retryAfter: 30 });
    }
    const session = await createSession(req, res, {
      keepAlive: this.options.heartbeatMs,
      retry: 3000,
      trustClientEventId: false,
      headers: { 'Cache-Control': 'no-cache, no-store', 'X-Accel-Buffering': 'no' },
    });
    const conn: Conn = { user, session, res, chain: Promise.resolve(), closed: false };
    this.add(conn);
    session.once('disconnected', () => this.remove(conn));
    res.once('close', () => this.remove(conn));
    this.stats.connected++;

    // Replay or reset, then `ready` (all through the chain, so order holds).
    const from = lastEventId ? this.parseId(lastEventId) : null;
    if (lastEventId) {
      const first = this.buffer[0];
      const gap = !from || from.boot !== this.bootId || from.seq > this.seq || (first ? from.seq < first.seq - 1 : from.seq < this.seq);
      if (gap) {
        conn.chain = conn.chain.then(() => this.push(conn, { reason: from && from.boot === this.bootId ? 'buffer-exceeded' : 'other-stream' }, 'reset', this.currentId()));
      } else {
        for (const item of this.buffer) if (item.seq > from!.seq) this.deliver(conn, item);
      }
    }
    const readyId = this.currentId();
    conn.chain = conn.chain.then(() => this.push(conn, { bootId: this.bootId, heartbeatMs: this.options.heartbeatMs }, 'ready', readyId));
  }

  /** Close every stream (process shutdown). */
  closeAll(reason = 'shutdown'): void {
    for (const set of [...this.byUser.values()]) for (const conn of [...set]) this.close(conn, reason);
  }

  private parseId(id: string): { boot: string; seq: number } | null {
    const m = /^([A-Za-z0-9_-]{1,40})-(\d{1,15})$/.exec(id.trim());
    return m ? { boot: m[1]!, seq: Number(m[2]) } : null;
  }

  private trim(): void {
    const { bufferSize, bufferMs } = this.options;
    const oldest = Date.now() - bufferMs;
    let drop = Math.max(0, this.buffer.length - bufferSize);
    while (drop < this.buffer.length && this.buffer[drop]!.atMs < oldest) drop++;
    if (drop) this.buffer = this.buffer.slice(drop);
  }

  private deliver(conn: Conn, item: Buffered): void {
    conn.chain = conn.chain
      .then(async () => {
        if (conn.closed) return;
        if (!(await this.allowed(conn.user, item.change))) return;
        this.push(conn, publicChange(item.change), 'change', `${this.bootId}-${item.seq}`);
        this.stats.delivered++;
      })
      .catch((err) => this.broker.logger.warn(`live delivery failed: ${(err as Error).message}`));
  }

  private push(conn: Conn, data: unknown, event: string, id: string): void {
    if (conn.closed || !conn.session.isConnected) return;
    try {
      conn.session.push(data, event, id);
    } catch {
      this.remove(conn);
    }
  }

  /** May `user` hear `change`? Every condition of the audience must hold. */
  async allowed(user: LiveUser, change: LiveChange): Promise<boolean> {
    if (change.agencyId !== user.agencyId) return false;
    const a = change.audience ?? {};
    if (Array.isArray(a.userIds) && !a.userIds.includes(user.id)) return false;
    if (Array.isArray(a.roles) && !a.roles.includes(user.role as never)) return false;
    if (a.permission && !roleHas(user.role, a.permission, allDeclaredPermissions(liveManifests(this.broker)))) return false;
    if (a.clientId && user.role === 'member') {
      const scope = await this.scopeOf(user);
      return scope.all || scope.ids.has(a.clientId);
    }
    return true;
  }

  private scopeOf(user: LiveUser): Promise<Scope> {
    const cached = this.scopes.get(user.id);
    if (cached && Date.now() - cached.at < this.options.scopeTtlMs) return cached.scope;
    const caller: CallerUser = { id: user.id, agencyId: user.agencyId, role: user.role, sv: user.sv };
    const scope = (this.broker.call('users.clientScope', {}, { meta: signCaller(caller), timeout: 5000, retries: 0 }) as Promise<{ all: boolean; read: string[]; write: string[] }>).then(
      (s) => ({ all: !!s.all, ids: new Set([...(s.read ?? []), ...(s.write ?? [])]) }),
      (err: Error) => {
        // Fail closed, and do not keep the failure.
        this.broker.logger.warn(`live: client scope of ${user.id} unavailable: ${err.message}`);
        this.scopes.delete(user.id);
        return { all: false, ids: new Set<string>() };
      },
    );
    this.scopes.set(user.id, { at: Date.now(), scope });
    return scope;
  }

  private add(conn: Conn): void {
    const byUser = this.byUser.get(conn.user.id) ?? new Set<Conn>();
    byUser.add(conn);
    this.byUser.set(conn.user.id, byUser);
    const byAgency = this.byAgency.get(conn.user.agencyId) ?? new Set<Conn>();
    byAgency.add(conn);
    this.byAgency.set(conn.user.agencyId, byAgency);
  }

  private remove(conn: Conn): void {
    conn.closed = true;
    const u = this.byUser.get(conn.user.id);
    if (u?.delete(conn) && u.size === 0) {
      this.byUser.delete(conn.user.id);
      this.scopes.delete(conn.user.id);
    }
    const a = this.byAgency.get(conn.user.agencyId);
    if (a?.delete(conn) && a.size === 0) this.byAgency.delete(conn.user.agencyId);
  }

  private close(conn: Conn, reason: string): void {
    this.push(conn, { reason }, 'closed', this.currentId());
    this.remove(conn);
    conn.res.end();
  }
}

const perBroker = new WeakMap<ServiceBroker, LiveHub>();

/** The one hub of this gateway process (per broker). */
export function liveHubOf(broker: ServiceBroker): LiveHub {
  let hub = perBroker.get(broker);
  if (!hub) {
    hub = new LiveHub(broker);
    perBroker.set(broker, hub);
  }
  return hub;
}
