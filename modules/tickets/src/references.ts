/**
 * Ids that point into other modules (clients in pipeline, people in identity) are checked
 * through the broker, as the caller: an id another agency owns, or that a member may not
 * see, is reported exactly like an unknown one (422 on the field), never as a 404 of the
 * ticket route itself.
 */
import { errors, MoleculerError, requireWritable, type ActionContext } from '@audienceos/module-sdk';
import type { ClientScope } from './access';
import { callPeer } from './peer-call';

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; type?: string; name?: string };
  // A missing *service* is also code 404 in Moleculer: that is an outage, not a bad id.
  return e?.code === 404 && e.type !== 'SERVICE_NOT_FOUND' && e.name !== 'ServiceNotFoundError';
}

function unavailable(what: string, err: unknown): Error {
  const e = err as { code?: number; type?: string };
  const callerProblem = typeof e?.code === 'number' && e.code >= 400 && e.code < 500 && e.type !== 'SERVICE_NOT_FOUND';
  if (callerProblem) return err as Error;
  return new MoleculerError(`${what} cannot be checked right now; try again in a moment`, 503, 'DEPENDENCY_UNAVAILABLE', {
    dependency: what,
  });
}

/**
 * The client must exist in the caller's agency, be writable by the caller and not be
 * archived (409 CLIENT_ARCHIVED): the SDK's one reference check, answered by pipeline.
 * `scope` (identity's grants as tickets sees them) is checked too, so a member's write
 * grant is required even if pipeline's answer were more generous.
 */
export async function assertClient(ctx: ActionContext, clientId: string, scope: ClientScope): Promise<void> {
  await requireWritable(ctx, 'pipeline.client', clientId, { field: 'clientId' });
  if (!scope.canWrite(clientId)) {
    throw errors.invalid({ field: 'clientId', message: 'You have read-only access to this client', type: 'reference', actual: clientId });
  }
}

/** The assignee must be an active person of the caller's agency. */
export async function assertAssignee(ctx: ActionContext, userId: string): Promise<void> {
  let user: { active?: boolean };
  try {
    user = await callPeer<{ active?: boolean }>(ctx, 'users.get', { id: userId });
  } catch (err) {
    if (isNotFound(err))
      throw errors.invalid({ field: 'assigneeId', message: 'No such person in your agency', type: 'reference', actual: userId });
    throw unavailable('The assignee', err);
  }
  if (user.active === false)
    throw errors.invalid({ field: 'assigneeId', message: 'This person is deactivated', type: 'reference', actual: userId });
}
