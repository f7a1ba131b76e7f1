/**
 * Live change notices of the knowledge base (issue 13): document writes (create, upload, edit,
 * archive, delete, versions, retry, ticket links) and the extraction job's status changes
 * (`extracting` → `indexed`/`failed`, through `announceFrom`) tell open screens after commit.
 * Audience: a client's document → `{ clientId }`; an agency document → everyone; star/unstar → the caller only.
 */
import { announce, announceFrom, type ActionContext, type LiveAudience, type LiveOp, type ModuleAction } from '@audienceos/module-sdk';
import type { ServiceBroker } from 'moleculer';

const WRITES: Record<string, LiveOp> = {
  create: 'created',
  upload: 'created',
  update: 'updated',
  remove: 'deleted',
  archive: 'updated',
  unarchive: 'updated',
  star: 'updated',
  unstar: 'updated',
  uploadVersion: 'updated',
  restoreVersion: 'updated',
  retry: 'updated',
  attach: 'updated',
  detach: 'updated',
};
const PERSONAL = new Set(['star', 'unstar']);

interface DocRef {
  id?: string;
  clientId?: string | null;
  status?: string;
  document?: DocRef;
}

async function clientOf(ctx: ActionContext, id: unknown): Promise<string | null | undefined> {
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const rows = (await ctx.em.getConnection().execute(
    'select client_id from knowledge_base.document where id = ? and agency_id = ?',
    [id, ctx.user.agencyId],
    'all',
    ctx.em.getTransactionContext(),
  )) as { client_id: string | null }[];
  return rows[0] ? rows[0].client_id : undefined;
}

/** Wrap the document service's write actions so that each announces the document it changed (never fails the action). */
export function withLiveChanges(actions: Record<string, ModuleAction>): Record<string, ModuleAction> {
  const out: Record<string, ModuleAction> = {};
  for (const [name, action] of Object.entries(actions)) {
    const op = WRITES[name];
    if (!op) {
      out[name] = action;
      continue;
    }
    const handler = action.handler;
    out[name] = {
      ...action,
      async handler(ctx) {
        const c = ctx as ActionContext;
        const before = await clientOf(c, c.params?.id).catch(() => undefined);
        const result = await handler.call(this, ctx);
        try {
          const doc = ((result as DocRef | null)?.document ?? result) as DocRef | null;
          const id = doc?.id ?? (c.params?.id as string | undefined);
          if (id) {
            const clientId = doc?.clientId !== undefined ? doc.clientId : before;
            const audience: LiveAudience = clientId ? { clientId } : {};
            if (PERSONAL.has(name)) audience.userIds = [c.user.id];
            announce(c, { entity: 'document', id, op, audience, data: { action: name, ...(doc?.status ? { status: doc.status } : {}) } });
          }
        } catch (err) {
          c.broker.logger.warn(`live: documents.${name}: ${(err as Error).message}`);
        }
        return result;
      },
    };
  }
  return out;
}

/** From the extraction job (after its own commit): the document's extraction status changed. */
export function announceExtraction(broker: ServiceBroker, change: { agencyId: string; documentId: string; clientId: string | null; status: string }): void {
  announceFrom(broker, {
    module: 'knowledge-base',
    entity: 'document',
    id: change.documentId,
    agencyId: change.agencyId,
    op: 'updated',
    audience: change.clientId ? { clientId: change.clientId } : {},
    data: { status: change.status },
  });
}
