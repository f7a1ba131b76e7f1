/** Overriding a client's computed health by hand (and handing it back to the rule). */
import { assertVersion, errors, now as clockNow, saved, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { actorId, loadClient } from '../domain/access';
import { healthOf, healthPolicy } from '../domain/health';
import { clientDto } from '../dto';
import type { Health } from '../entities';
import { TOPICS } from '../manifest';
import { healthParam, idParam } from '../params';

export const clientHealthActions: Record<string, ModuleAction> = {
  setHealth: {
    rest: 'PATCH /:id/health',
    summary: 'Set health by hand with a reason, or `health: null` to go back to the days-in-stage rule',
    permissions: ['clients:write'],
    params: { ...idParam, health: { ...healthParam, nullable: true }, reason: { type: 'string', max: 500, trim: true, optional: true, nullable: true } },
    async handler(ctx: ActionContext<{ id: string; health: Health | null; reason?: string | null }>) {
      const { id, health, reason } = ctx.params;
      if (health && !reason) throw errors.invalid({ field: 'reason', message: 'Say why the health is set by hand', type: 'required' });
      const client = await loadClient(ctx, id, { access: 'write', lock: true });
      const policy = await healthPolicy(ctx);
      await assertVersion(ctx, client.version, () => clientDto(client, policy));
      const before = healthOf(client, policy, clockNow());
      client.healthOverride = health;
      client.healthReason = health ? reason : null;
      client.healthOverriddenBy = health ? actorId(ctx) : null;
      client.healthOverriddenAt = health ? clockNow() : null;
      const dto = clientDto(await saved(ctx, client), policy);
      ctx.emitDurable(TOPICS.updated, {
        clientId: client.id,
        name: client.name,
        changes: { health: { from: before, to: dto.health, source: dto.healthSource, reason: dto.healthReason } },
      });
      return dto;
    },
  },
};
