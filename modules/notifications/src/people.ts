/**
 * Who is on the team: identity answers (through the broker) with the agency's active people.
 * Asked once per call; a consumer that cannot reach identity fails and is retried by the channel.
 */
import type { ActionContext } from '@audienceos/module-sdk';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'manager' | 'member';
}

const perCall = new WeakMap<object, Promise<TeamMember[]>>();

/** Every active user of the caller's agency `{ id, name, email, role }` (identity `users.list`, paged). */
export function teamOf(ctx: ActionContext): Promise<TeamMember[]> {
  let pending = perCall.get(ctx);
  if (!pending) {
    pending = (async () => {
      const out: TeamMember[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = (await ctx.call('users.list', { active: true, limit: 100, ...(cursor ? { cursor } : {}) }, { timeout: 5000, retries: 1 })) as {
          items: TeamMember[];
          nextCursor?: string | null;
        };
        for (const u of res.items) out.push({ id: u.id, name: u.name, email: u.email, role: u.role });
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      return out;
    })();
    perCall.set(ctx, pending);
  }
  return pending;
}

/** A client's people (owner + collaborators) from pipeline, or none when it is unknown/archived/unreachable. */
export async function clientPeople(ctx: ActionContext, clientId: string | null | undefined): Promise<{ name: string | null; people: string[] }> {
  if (!clientId) return { name: null, people: [] };
  try {
    const c = (await ctx.call('clients.get', { id: clientId }, { timeout: 5000, retries: 1 })) as { name: string; ownerId: string | null; collaboratorIds: string[] };
    return { name: c.name, people: [...new Set([c.ownerId, ...(c.collaboratorIds ?? [])].filter((x): x is string => Boolean(x)))] };
  } catch (err) {
    if ((err as { code?: number }).code === 404) return { name: null, people: [] };
    throw err;
  }
}
