/** Moving a client between stages, and the history those moves leave. */
import { randomUUID } from 'node:crypto';
import { assertVersion, errors, now as clockNow, saved, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { actorId, loadClient } from '../domain/access';
import { liveClient } from '../domain/live';
import { healthPolicy } from '../domain/health';
import { agencyStages } from '../domain/stages';
import { clientDto, stageEventDto } from '../dto';
import { StageEventSchema } from '../entities';
import { TOPICS } from '../manifest';
import { idParam, stageKeyParam } from '../params';

export const clientStageActions: Record<string, ModuleAction> = {
  moveStage: {
    rest: 'PATCH /:id/stage',
    summary: 'Move the client to another stage; records who, when, from where and why',
    permissions: ['clients:write'],
    params: { ...idParam, stage: stageKeyParam, note: { type: 'string', max: 2000, trim: true, optional: true, nullable: true } },
    async handler(ctx: ActionContext<{ id: string; stage: string; note?: string | null }>) {
      const { id, stage, note } = ctx.params;
      const stages = await agencyStages(ctx);
      if (!stages.some((s) => s.key === stage)) throw errors.invalid({ field: 'stage', message: `There is no stage '${stage}'`, type: 'stage', actual: stage });
      // The row lock makes concurrent moves of one client queue up: each reads the stage the
      // previous one committed, so every event's `from` is the stage actually left.
      const client = await loadClient(ctx, id, { access: 'write', lock: true });
      const policy = await healthPolicy(ctx);
      await assertVersion(ctx, client.version, () => clientDto(client, policy));
      // Dropping a card back on its own column is not a move: nothing to record.
      if (client.stage === stage) return clientDto(await saved(ctx, client), policy);
      const from = client.stage;
      const at = clockNow();
      const event = ctx.db.create(StageEventSchema, { id: randomUUID(), clientId: client.id, fromStage: from, toStage: stage, movedBy: actorId(ctx), note: note || null, at });
      client.stage = stage;
      client.stageEnteredAt = at;
      ctx.emitDurable(TOPICS.stageChanged, { clientId: client.id, name: client.name, from, to: stage, note: event.note ?? null, movedBy: event.movedBy ?? null, eventId: event.id });
      return liveClient(ctx, 'updated', clientDto(await saved(ctx, client), policy, at));
    },
  },

  history: {
    rest: 'GET /:id/history',
    summary: "The client's stage moves, newest first",
    permissions: ['clients:read'],
    params: idParam,
    async handler(ctx: ActionContext<{ id: string }>) {
      const client = await loadClient(ctx, ctx.params.id, { access: 'read' });
      const events = await ctx.db.find(StageEventSchema, { clientId: client.id }, { orderBy: { at: 'desc', id: 'desc' } });
      return { items: events.map(stageEventDto) };
    },
  },
};
