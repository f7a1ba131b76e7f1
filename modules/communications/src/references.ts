/**
 * Ids that point into other modules (clients in pipeline, people in identity), checked through
 * the broker as the caller: another agency's id, or one a member may not see, is reported like
 * an unknown one (422 on the field). An unreachable peer is a 503, never a 500.
 */
import { errors, MoleculerError, type ActionContext } from '@audienceos/module-sdk';

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; type?: string; name?: string };
  return e?.code === 404 && e.type !== 'SERVICE_NOT_FOUND' && e.name !== 'ServiceNotFoundError';
}

function unavailable(what: string, err: unknown): Error {
  const e = err as { code?: number; type?: string };
  if (typeof e?.code === 'number' && e.code >= 400 && e.code < 500 && e.type !== 'SERVICE_NOT_FOUND') return err as Error;
  return new MoleculerError(`${what} cannot be checked right now; try again in a moment`, 503, 'DEPENDENCY_UNAVAILABLE', {
    dependency: what,
  });
}

const call = <T>(ctx: ActionContext, action: string, params: Record<string, unknown>) =>
  ctx.call(action, params, { timeout: 5000, retries: 0 }) as Promise<T>;

/** The client must exist in the caller's agency, be visible to the caller and not archived. */
export async function assertClient(ctx: ActionContext, clientId: string): Promise<{ id: string; name?: string }> {
  let client: { id: string; name?: string; archivedAt?: string | null };
  try {
    client = await call(ctx, 'clients.get', { id: clientId });
  } catch (err) {
    if (isNotFound(err))
      throw errors.invalid({ field: 'clientId', message: 'No such client in your agency', type: 'reference', actual: clientId });
    throw unavailable('The client', err);
  }
  if (client.archivedAt) throw errors.conflict('This client is archived', 'CLIENT_ARCHIVED', { clientId });
  return client;
}

/** The assignee must be an active person of the caller's agency. */
export async function assertAssignee(ctx: ActionContext, userId: string): Promise<void> {
  let user: { active?: boolean };
  try {
    user = await call(ctx, 'users.get', { id: userId });
  } catch (err) {
    if (isNotFound(err))
      throw errors.invalid({ field: 'assigneeId', message: 'No such person in your agency', type: 'reference', actual: userId });
    throw unavailable('The assignee', err);
  }
  if (user.active === false)
    throw errors.invalid({ field: 'assigneeId', message: 'This person is deactivated', type: 'reference', actual: userId });
}
