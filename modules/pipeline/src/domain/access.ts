/**
 * Who may see and edit which client. Managers and above see every client of the agency;
 * a member sees the clients identity granted them (read or write). A client outside the
 * caller's scope answers 404 — the same as one that does not exist — so that ids of
 * clients one may not see reveal nothing; a read-only grant that tries to edit gets 403.
 */
import { LockMode, MoleculerClientError, clientScope, errors, type ActionContext, type ClientScope } from '@audienceos/module-sdk';
import { ClientSchema, type Client } from '../entities';

/** A query condition limiting rows (by `field`, a client id column) to the caller's scope. */
export function scopeWhere(scope: ClientScope, field = 'id'): Record<string, unknown> {
  return scope.all ? {} : { [field]: { $in: scope.read } };
}

interface LoadOptions {
  /** `write`: the caller must be allowed to edit it (403 for a read-only grant). */
  access: 'read' | 'write';
  /** Lock the row until the transaction ends (`SELECT … FOR UPDATE`): serialises moves. */
  lock?: boolean;
  /** An archived client is read-only (409) unless the action is about archiving itself. */
  allowArchived?: boolean;
}

/** The client, if it exists in the caller's agency and scope; otherwise 404 (or 403, see above). */
export async function loadClient(ctx: ActionContext, id: string, options: LoadOptions): Promise<Client> {
  const scope = await clientScope(ctx);
  if (!scope.canRead(id)) throw errors.notFound('Client', id);
  if (options.access === 'write' && !scope.canWrite(id)) {
    throw new MoleculerClientError('You have read-only access to this client', 403, 'CLIENT_READ_ONLY', { id });
  }
  // TenantScope.get() takes no lock option, hence the tenant condition spelled out here.
  const client = options.lock
    ? await ctx.em.findOne(ClientSchema, ctx.db.where<Client>({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : await ctx.db.findOne(ClientSchema, { id });
  if (!client) throw errors.notFound('Client', id);
  if (options.access === 'write' && client.archivedAt && !options.allowArchived) {
    throw errors.conflict('This client is archived: restore it to make changes', 'CLIENT_ARCHIVED', { id });
  }
  return client;
}

/** The acting user's id for `createdBy`/`movedBy` columns; null for the system principal (automations). */
export function actorId(ctx: ActionContext): string | null {
  return ctx.user.role === 'system' ? null : ctx.user.id;
}
