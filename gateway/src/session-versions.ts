/**
 * The gateway's view of each user's session version (revocation epoch). Every access token
 * carries the version it was issued under (`sv`); a request whose token is older than the
 * user's current version, or whose user is deactivated, is refused with 401 SESSION_REVOKED.
 *
 * Current versions come from identity (`auth.sessionState`) on a cache miss and stay cached;
 * identity broadcasts `identity.session.changed` after every commit that bumps a version, so
 * each gateway process (in-process, or over NATS) updates its entry before the next request.
 * Versions only increase, so entries merge by maximum: a lookup that raced an announcement
 * can never bring an older version back. A time-to-live bounds the damage of a lost event.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { errors, MoleculerError } from '@audienceos/module-sdk';

export const SESSION_CHANGED_EVENT = 'identity.session.changed';

interface Entry {
  version: number;
  active: boolean;
  /** When it was loaded or announced (ms since epoch), for the time-to-live. */
  at: number;
}

export interface SessionState {
  userId: string;
  version: number;
  active: boolean;
}

export class SessionVersions {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Counters for the benchmark and /metrics: hits need no broker call. */
  readonly stats = { hits: 0, loads: 0, refused: 0 };

  constructor(
    private readonly broker: ServiceBroker,
    private readonly ttlMs = Number(process.env.SESSION_CACHE_TTL_SECONDS ?? 300) * 1000,
    private readonly maxEntries = 100_000,
  ) {}

  /** Merge announced states (from the broker event): the higher version wins. */
  apply(states: SessionState[]): void {
    const now = Date.now();
    for (const s of states) {
      if (!s || typeof s.userId !== 'string' || typeof s.version !== 'number') continue;
      const old = this.entries.get(s.userId);
      if (old && old.version > s.version) continue;
      this.set(s.userId, { version: s.version, active: s.active !== false, at: now });
    }
  }

  /**
   * Resolve if a token issued under `tokenVersion` is still good for `userId`; otherwise
   * reject with 401 SESSION_REVOKED. 503 when identity cannot answer a cache miss (fail closed).
   */
  async check(userId: string, tokenVersion: number): Promise<void> {
    let entry = this.fresh(userId);
    if (entry) this.stats.hits++;
    // A token newer than the cached version: the cache missed an announcement; ask again.
    if (!entry || tokenVersion > entry.version) entry = await this.load(userId);
    if (!entry.active || tokenVersion < entry.version) {
      this.stats.refused++;
      throw errors.unauthorized('Your session has changed (role, access or sign-out): sign in again', 'SESSION_REVOKED');
    }
  }

  /** Forget every entry (the benchmark measures the cost of a miss with it). */
  clear(): void {
    this.entries.clear();
  }

  private fresh(userId: string): Entry | undefined {
    const entry = this.entries.get(userId);
    if (entry && Date.now() - entry.at > this.ttlMs) return undefined;
    return entry;
  }

  private load(userId: string): Promise<Entry> {
    let pending = this.loading.get(userId);
    if (!pending) {
      this.stats.loads++;
      pending = (this.broker.call('auth.sessionState', { userId }, { timeout: 5000, retries: 1 }) as Promise<SessionState>)
        .then((state) => {
          const old = this.entries.get(userId);
          const entry = { version: Math.max(state.version, old?.version ?? 0), active: old && old.version > state.version ? old.active : state.active, at: Date.now() };
          this.set(userId, entry);
          return entry;
        })
        .catch((err) => {
          throw new MoleculerError('Your session cannot be checked right now; try again in a moment', 503, 'SERVICE_UNAVAILABLE', { cause: (err as Error).message });
        })
        .finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    return pending;
  }

  private set(userId: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(userId)) {
      // Drop the oldest insertion (Map keeps insertion order): a plain bound, not an LRU.
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.delete(userId);
    this.entries.set(userId, entry);
  }
}

const perBroker = new WeakMap<ServiceBroker, SessionVersions>();

/** The one cache of this gateway process (per broker). */
export function sessionVersionsOf(broker: ServiceBroker): SessionVersions {
  let cache = perBroker.get(broker);
  if (!cache) {
    cache = new SessionVersions(broker);
    perBroker.set(broker, cache);
  }
  return cache;
}

/** Listens for identity's announcements and feeds this process's cache. */
export function sessionVersionsService(): ServiceSchema {
  return {
    name: 'session-versions',
    events: {
      [SESSION_CHANGED_EVENT](this: { broker: ServiceBroker }, ctx: { params: { users?: SessionState[] } }) {
        sessionVersionsOf(this.broker).apply(Array.isArray(ctx.params?.users) ? ctx.params.users : []);
      },
    },
  } as ServiceSchema;
}
