/**
 * `pipeline.references`: how other modules check a client before attaching rows to it
 * (`requireWritable(ctx, 'pipeline.client', id)` in the SDK). Answers as the caller: a client
 * outside their agency or grants does not exist for them; an archived one takes no children.
 */
import { clientScope, referenceService } from '@audienceos/module-sdk';
import { ClientSchema } from '../entities';

export const referencesService = referenceService('pipeline', {
  async client(ctx, id) {
    const scope = await clientScope(ctx);
    if (!scope.canRead(id)) return { exists: false };
    const client = await ctx.db.findOne(ClientSchema, { id });
    if (!client) return { exists: false };
    return { exists: true, archived: !!client.archivedAt, writable: scope.canWrite(id) };
  },
});
