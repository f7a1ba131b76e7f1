/**
 * Member scoping: a member sees only the clients granted to them (read or write); managers
 * and above, and the system principal, see every client of their agency. Identity owns the
 * grants; modules ask through the broker, once per call. Fails closed: when identity cannot
 * answer, a member sees nothing.
 */
import type { ActionContext } from './define-module';

export interface ClientScope {
  all: boolean;
  read: string[];
  write: string[];
  canRead(clientId: string): boolean;
  canWrite(clientId: string): boolean;
}

const perCall = new WeakMap<object, Promise<ClientScope>>();

function scopeOf(all: boolean, read: string[], write: string[]): ClientScope {
  const r = new Set(read);
  const w = new Set(write);
  return { all, read, write, canRead: (id) => all || r.has(id) || w.has(id), canWrite: (id) => all || w.has(id) };
}

export function clientScope(ctx: ActionContext): Promise<ClientScope> {
  if (ctx.user.role !== 'member') return Promise.resolve(scopeOf(true, [], []));
  let pending = perCall.get(ctx);
  if (!pending) {
    pending = (ctx.call('users.clientScope', {}, { timeout: 5000, retries: 0 }) as Promise<{ all: boolean; read: string[]; write: string[] }>)
      .then((s) => scopeOf(s.all, s.read, s.write))
      .catch((err) => {
        ctx.broker.logger.warn(`client scope unavailable, member sees nothing: ${(err as Error).message}`);
        return scopeOf(false, [], []);
      });
    perCall.set(ctx, pending);
  }
  return pending;
}
