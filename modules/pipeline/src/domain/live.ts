/**
 * Live change notices of the pipeline (issue 13): every write to a client, its tasks or notes
 * tells open screens after commit. Audience `{ clientId }`: members hear only granted clients.
 */
import { announce, type ActionContext, type LiveOp } from '@audienceos/module-sdk';

/** Announce a change of client `dto` (the answer of the write) and hand the dto back. */
export function liveClient<T extends { id: string; version?: number }>(ctx: ActionContext, op: LiveOp, dto: T): T {
  announce(ctx, { entity: 'client', id: dto.id, op, version: dto.version, audience: { clientId: dto.id } });
  return dto;
}

/** Announce a change of a client's task or note (`entity`), with the client id in `data`. */
export function liveClientPart(ctx: ActionContext, entity: 'task' | 'note', id: string, clientId: string, op: LiveOp, version?: number): void {
  announce(ctx, { entity, id, op, version, audience: { clientId }, data: { clientId } });
}
