/**
 * Ids that point into other modules (clients in pipeline, tickets in tickets) are checked
 * through the broker as the caller: another agency's id, or one a member may not see, is
 * reported like an unknown one (422 on the field); a module that is down is a 503.
 */
import { errors, MoleculerError, type ActionContext } from '@audienceos/module-sdk';
import { BUILTIN_CATEGORIES } from './constants';

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; type?: string; name?: string };
  return e?.code === 404 && e.type !== 'SERVICE_NOT_FOUND' && e.name !== 'ServiceNotFoundError';
}

function unavailable(what: string, err: unknown): Error {
  const e = err as { code?: number; type?: string };
  if (typeof e?.code === 'number' && e.code >= 400 && e.code < 500 && e.type !== 'SERVICE_NOT_FOUND') return err as Error;
  return new MoleculerError(`${what} cannot be checked right now; try again in a moment`, 503, 'DEPENDENCY_UNAVAILABLE', { dependency: what });
}

async function assertPeer(ctx: ActionContext, action: string, id: string, field: string, label: string): Promise<Record<string, unknown>> {
  try {
    return (await ctx.call(action, { id }, { timeout: 5000, retries: 0 })) as Record<string, unknown>;
  } catch (err) {
    if (isNotFound(err)) throw errors.invalid({ field, message: `No such ${label} in your agency`, type: 'reference', actual: id });
    throw unavailable(`The ${label}`, err);
  }
}

export const assertClient = (ctx: ActionContext, id: string) => assertPeer(ctx, 'clients.get', id, 'clientId', 'client');
export const assertTicket = (ctx: ActionContext, id: string) => assertPeer(ctx, 'tickets.get', id, 'ticketId', 'ticket');

/** A built-in category or one the agency added. */
export async function assertCategory(ctx: ActionContext, slug: string): Promise<void> {
  if ((BUILTIN_CATEGORIES as readonly string[]).includes(slug)) return;
  const [found] = await ctx.db.sql('select 1 from knowledge_base.category where agency_id = $agency and slug = ?', [slug]);
  if (!found) throw errors.invalid({ field: 'category', message: `Unknown category '${slug}': add it first`, type: 'reference', actual: slug });
}
