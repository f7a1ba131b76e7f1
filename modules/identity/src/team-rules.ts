/**
 * Owner and admin rules that hold under concurrency (issue 8 §2).
 *
 * Every change that could leave an agency without an active owner, or that touches an owner,
 * first takes a row lock on the agency (`SELECT … FOR UPDATE`): such changes in one agency run
 * one after the other, and each re-reads the team after the lock (READ COMMITTED gives every
 * statement a fresh snapshot). Two owners demoting or deactivating each other at the same
 * moment: the first succeeds, the second sees only one owner left and gets 409 LAST_OWNER.
 */
import { errors, MoleculerError, type ActionContext } from '@audienceos/module-sdk';
import { UserSchema, type User } from './entities';

/** Lock the caller's agency row for the rest of this call's transaction. */
export async function lockAgency(ctx: ActionContext): Promise<void> {
  await ctx.em.getConnection().execute('select id from identity.agency where id = ? for update', [ctx.user.agencyId], 'all', ctx.em.getTransactionContext());
}

/** Active owners other than `exceptId` (read after the lock). */
export function otherActiveOwners(ctx: ActionContext, exceptId: string): Promise<number> {
  return ctx.db.count(UserSchema, { role: 'owner', active: true, id: { $ne: exceptId } });
}

/** 409 LAST_OWNER unless someone else stays an active owner when `target` stops being one. */
export async function assertKeepsAnOwner(ctx: ActionContext, target: User): Promise<void> {
  if (target.role !== 'owner' || !target.active) return;
  if ((await otherActiveOwners(ctx, target.id)) === 0) throw errors.conflict('An agency needs at least one active owner', 'LAST_OWNER');
}

/**
 * The caller's role as it is now (after the lock), not as the access token said: a request
 * that was already past the gateway when its sender was demoted must not act as before.
 */
export async function currentRole(ctx: ActionContext): Promise<string> {
  if (ctx.user.role === 'system') return 'system';
  const me = await ctx.db.findOne(UserSchema, { id: ctx.user.id });
  if (!me || !me.active) throw errors.unauthorized('This account is no longer active.', 'ACCOUNT_INACTIVE');
  return me.role;
}

/** Only an owner may act on an owner (deactivate, reactivate, edit, change role or grants): admins get 403. */
export async function assertMayActOn(ctx: ActionContext, target: User, what: string, role?: string): Promise<void> {
  const actorRole = role ?? (await currentRole(ctx));
  if (target.role === 'owner' && target.id !== ctx.user.id && actorRole !== 'owner' && actorRole !== 'system') {
    throw errors.forbidden(`${what} of an owner`, actorRole);
  }
}

/** 403 unless the caller's current role is one of `roles` (re-checked under the lock). */
export function assertRole(actorRole: string, roles: string[], permission: string): void {
  if (!roles.includes(actorRole) && actorRole !== 'system') throw errors.forbidden(permission, actorRole);
}

/**
 * Client ids must be the agency's: asked of pipeline through the broker (identity may not read
 * pipeline's tables). 422 naming the foreign ids; 503 when pipeline cannot answer.
 */
export async function assertAgencyClients(ctx: ActionContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  let known: string[];
  try {
    known = ((await ctx.call('clients.existing', { ids }, { timeout: 5000, retries: 0 })) as { ids: string[] }).ids;
  } catch (err) {
    const e = err as { code?: number; type?: string };
    if (typeof e.code === 'number' && e.code >= 400 && e.code < 500 && e.code !== 404) throw err;
    throw new MoleculerError('Client ids cannot be checked right now; try again in a moment', 503, 'DEPENDENCY_UNAVAILABLE', { dependency: 'pipeline' });
  }
  const ok = new Set(known);
  const foreign = ids.filter((id) => !ok.has(id));
  if (foreign.length) {
    throw errors.invalid(
      foreign.map((id) => ({ field: `grants[${ids.indexOf(id)}].clientId`, message: 'No such client in your agency', type: 'reference', actual: id })),
      'Some client ids are not clients of your agency',
    );
  }
}
