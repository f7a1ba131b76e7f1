/** Clients: list, board, read, create, edit, archive and restore. */
import { randomUUID } from 'node:crypto';
import {
  addedItems,
  applyArrayChange,
  arrayOpsParam,
  assertVersion,
  clientScope,
  errors,
  now as clockNow,
  paginate,
  pageParams,
  roleHas,
  saved,
  setETag,
  type ActionContext,
  type ArrayChange,
  type ModuleAction,
  type PageRequest,
} from '@audienceos/module-sdk';
import { actorId, loadClient } from '../domain/access';
import { liveClient } from '../domain/live';
import { clientWhere, clientFilterParams, type ClientFilters } from '../domain/client-filters';
import { healthPolicy } from '../domain/health';
import { agencyStages, stageDto } from '../domain/stages';
import { assertTeamMembers } from '../domain/team';
import { clientDto } from '../dto';
import { ClientSchema, StageEventSchema, type Client } from '../entities';
import { permissions, TOPICS } from '../manifest';
import { assertCalendarDates, clientFields, clientUpdateFields, idParam, stageKeyParam, type ClientFields } from '../params';

export const CLIENT_SORTS = ['name', 'company', 'createdAt', 'updatedAt', 'stageEnteredAt', 'totalSpend', 'lifetimeValue'] as const;
const BOARD_SORT = { sort: 'stageEnteredAt', order: 'asc' } as const;

type ListParams = ClientFilters & PageRequest;

/** An update: the array fields also take `{ add, remove }` (applied to the locked row). */
type UpdateParams = Omit<Partial<ClientFields>, 'tags' | 'collaboratorIds'> & { id: string; tags?: ArrayChange<string>; collaboratorIds?: ArrayChange<string> };

const updateParams = {
  ...idParam,
  ...clientUpdateFields,
  tags: arrayOpsParam(clientUpdateFields.tags.items, clientUpdateFields.tags.max),
  collaboratorIds: arrayOpsParam(clientUpdateFields.collaboratorIds.items, clientUpdateFields.collaboratorIds.max),
};

function assertMayAssign(ctx: ActionContext, fields: Partial<ClientFields>): void {
  if (fields.ownerId === undefined && fields.collaboratorIds === undefined) return;
  if (!roleHas(ctx.user.role, 'clients:assign', permissions)) throw errors.forbidden('clients:assign', ctx.user.role);
}

/** The fields that differ, as `{ field: { from, to } }` (for the updated event and audit). */
function applyChanges(client: Client, changes: Partial<ClientFields>): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  const target = client as unknown as Record<string, unknown>;
  for (const [field, to] of Object.entries(changes)) {
    if (to === undefined) continue;
    const from = target[field] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    diff[field] = { from, to };
    target[field] = to;
  }
  return diff;
}

/** A stage removed while the client was archived: it comes back in the first stage. */
async function returnToBoard(ctx: ActionContext, client: Client): Promise<void> {
  const stages = await agencyStages(ctx);
  if (stages.some((s) => s.key === client.stage)) return;
  const at = clockNow();
  ctx.db.create(StageEventSchema, { id: randomUUID(), clientId: client.id, fromStage: client.stage, toStage: stages[0]!.key, movedBy: actorId(ctx), note: 'Restored: its stage no longer exists', at });
  client.stage = stages[0]!.key;
  client.stageEnteredAt = at;
}

export const clientCrudActions: Record<string, ModuleAction> = {
  list: {
    rest: 'GET /',
    summary: 'Clients, filtered and sorted, one keyset page at a time',
    permissions: ['clients:read'],
    params: { ...pageParams(CLIENT_SORTS), ...clientFilterParams },
    async handler(ctx: ActionContext<ListParams>) {
      const scope = await clientScope(ctx);
      const policy = await healthPolicy(ctx);
      const now = clockNow();
      const page = await paginate<Client>(ctx.db, ClientSchema, clientWhere(ctx.params, scope, policy, now), ctx.params, { sort: 'name', order: 'asc' });
      return { ...page, items: page.items.map((c) => clientDto(c, policy, now)) };
    },
  },

  board: {
    rest: 'GET /board',
    summary: 'The kanban: every stage with its count and first cards (longest in stage first)',
    permissions: ['clients:read'],
    params: { ...clientFilterParams, perStage: { type: 'number', integer: true, positive: true, max: 100, convert: true, optional: true } },
    async handler(ctx: ActionContext<ClientFilters & { perStage?: number }>) {
      const { perStage = 10, stage: onlyStages, ...filters } = ctx.params;
      const scope = await clientScope(ctx);
      const policy = await healthPolicy(ctx);
      const stages = await agencyStages(ctx);
      const now = clockNow();
      const wanted = onlyStages ? new Set(onlyStages.split(',')) : null;
      // One stage after the other: a call's EntityManager is not meant for parallel queries.
      const columns = [];
      for (const stage of stages) {
        if (wanted && !wanted.has(stage.key)) continue;
        // A fresh condition per query: the text match's raw() fragments are used up by the
        // first query that renders them (reusing them gave a 500 for any `q` on the board).
        const where = () => clientWhere({ ...filters, stage: stage.key }, scope, policy, now);
        const count = await ctx.db.count(ClientSchema, where());
        const page = await paginate<Client>(ctx.db, ClientSchema, where(), { limit: perStage }, BOARD_SORT);
        columns.push({ ...stageDto(stage), count, items: page.items.map((c) => clientDto(c, policy, now)), nextCursor: page.nextCursor });
      }
      return { stages: columns, sort: BOARD_SORT };
    },
  },

  get: {
    rest: 'GET /:id',
    permissions: ['clients:read'],
    params: idParam,
    async handler(ctx: ActionContext<{ id: string }>) {
      const client = await loadClient(ctx, ctx.params.id, { access: 'read' });
      setETag(ctx, client.version);
      return clientDto(client, await healthPolicy(ctx));
    },
  },

  create: {
    rest: 'POST /',
    summary: 'Add a client (placed in the first stage unless `stage` says otherwise)',
    permissions: ['clients:create'],
    params: { ...clientFields, stage: { ...stageKeyParam, optional: true } },
    async handler(ctx: ActionContext<ClientFields & { stage?: string }>) {
      return ctx.idempotent(async () => {
        const { stage: wantedStage, ...fields } = ctx.params;
        const stages = await agencyStages(ctx);
        const stage = wantedStage ?? stages[0]!.key;
        if (!stages.some((s) => s.key === stage)) throw errors.invalid({ field: 'stage', message: `There is no stage '${stage}'`, type: 'stage', actual: stage });
        assertCalendarDates({ installDate: fields.installDate });
        assertMayAssign(ctx, fields);
        await assertTeamMembers(ctx, { ownerId: fields.ownerId, collaboratorIds: fields.collaboratorIds });
        const now = clockNow();
        const client = ctx.db.create(ClientSchema, {
          id: randomUUID(),
          ...fields,
          company: fields.company ?? '',
          tags: fields.tags ?? [],
          collaboratorIds: fields.collaboratorIds ?? [],
          totalSpend: fields.totalSpend ?? 0,
          lifetimeValue: fields.lifetimeValue ?? 0,
          ownerId: fields.ownerId === undefined ? actorId(ctx) : fields.ownerId,
          stage,
          stageEnteredAt: now,
          createdBy: actorId(ctx),
          createdAt: now,
          updatedAt: now,
        });
        // No modelled relation between client and event: flush the parent row first.
        await ctx.em.flush();
        ctx.db.create(StageEventSchema, { id: randomUUID(), clientId: client.id, fromStage: null, toStage: stage, movedBy: actorId(ctx), at: now });
        const dto = clientDto(client, await healthPolicy(ctx), now);
        ctx.emitDurable(TOPICS.created, { clientId: client.id, name: client.name, stage, ownerId: client.ownerId ?? null, client: dto });
        setETag(ctx, client.version);
        ctx.meta.$statusCode = 201;
        return liveClient(ctx, 'created', dto);
      });
    },
  },

  update: {
    rest: 'PATCH /:id',
    summary:
      'Edit the writable fields (owner and collaborators need clients:assign). `tags` and `collaboratorIds` take the whole list or `{ add, remove }`; `If-Match: "<version>"` refuses a stale edit (412)',
    permissions: ['clients:write'],
    params: updateParams,
    async handler(ctx: ActionContext<UpdateParams>) {
      const { id, tags, collaboratorIds, ...rest } = ctx.params;
      const client = await loadClient(ctx, id, { access: 'write', lock: true });
      const policy = await healthPolicy(ctx);
      await assertVersion(ctx, client.version, () => clientDto(client, policy));
      // Operations apply to the row as stored now (locked): concurrent adds keep each other's items.
      const changes: Partial<ClientFields> = {
        ...rest,
        ...(tags !== undefined ? { tags: applyArrayChange(client.tags ?? [], tags, 'tags', clientUpdateFields.tags.max) } : {}),
        ...(collaboratorIds !== undefined
          ? { collaboratorIds: applyArrayChange(client.collaboratorIds ?? [], collaboratorIds, 'collaboratorIds', clientUpdateFields.collaboratorIds.max) }
          : {}),
      };
      assertCalendarDates({ installDate: changes.installDate });
      assertMayAssign(ctx, changes);
      await assertTeamMembers(ctx, { ownerId: changes.ownerId, collaboratorIds: addedItems(client.collaboratorIds ?? [], collaboratorIds) });
      const diff = applyChanges(client, changes);
      if (Object.keys(diff).length) ctx.emitDurable(TOPICS.updated, { clientId: client.id, name: client.name, changes: diff });
      return liveClient(ctx, 'updated', clientDto(await saved(ctx, client), policy));
    },
  },

  archive: {
    rest: 'DELETE /:id',
    summary: 'Archive the client (it leaves the board and lists; history is kept)',
    permissions: ['clients:delete'],
    params: idParam,
    async handler(ctx: ActionContext<{ id: string }>) {
      const client = await loadClient(ctx, ctx.params.id, { access: 'write', lock: true, allowArchived: true });
      const policy = await healthPolicy(ctx);
      await assertVersion(ctx, client.version, () => clientDto(client, policy));
      if (!client.archivedAt) {
        client.archivedAt = clockNow();
        ctx.emitDurable(TOPICS.archived, { clientId: client.id, name: client.name });
      }
      return liveClient(ctx, 'updated', clientDto(await saved(ctx, client), policy));
    },
  },

  restore: {
    rest: 'POST /:id/restore',
    summary: 'Bring an archived client back to the board',
    permissions: ['clients:delete'],
    params: idParam,
    async handler(ctx: ActionContext<{ id: string }>) {
      const client = await loadClient(ctx, ctx.params.id, { access: 'write', lock: true, allowArchived: true });
      const policy = await healthPolicy(ctx);
      await assertVersion(ctx, client.version, () => clientDto(client, policy));
      if (client.archivedAt) {
        client.archivedAt = null;
        await returnToBoard(ctx, client);
        ctx.emitDurable(TOPICS.updated, { clientId: client.id, name: client.name, changes: { status: { from: 'archived', to: 'active' } } });
      }
      return liveClient(ctx, 'updated', clientDto(await saved(ctx, client), policy));
    },
  },
};
