/**
 * `nps`: record, list, delete and summarise client satisfaction responses, plus the KPI the
 * dashboard discovers from the manifest. Routes: `/api/v1/nps/…` (settings.rest).
 */
import { randomUUID } from 'node:crypto';
import { agencyTimeEvents, agencyZone, defineService, errors, paginate, pageParams, type ActionContext, type PageRequest } from '@audienceos/module-sdk';
import { assertClient, memberScope } from '../broker-peers';
import { responseDto } from '../dto';
import { NpsResponseSchema, type NpsResponse } from '../entities';
import { type Category, type Interval } from '../nps';
import { resolvePeriod, summarize } from '../summary';
import { npsKpis } from '../kpis';
import { npsSearch } from '../search';
import { RESPONSE_RECORDED } from '../topics';

const SCORE_RANGE: Record<Category, Record<string, number>> = {
  promoter: { $gte: 9 },
  passive: { $gte: 7, $lte: 8 },
  detractor: { $lte: 6 },
};

// Query strings arrive as text: dates are converted; the period is half-open [from, to).
const period = {
  from: { type: 'date', convert: true, optional: true },
  to: { type: 'date', convert: true, optional: true },
} as const;
const idParam = { id: { type: 'uuid' } } as const;

type ListParams = PageRequest & { clientId?: string; category?: Category; from?: Date; to?: Date };

/** Narrow a where-clause on clientId to what the caller may see. */
function scopedClient(clientId: string | undefined, scope: string[] | null): unknown {
  if (!scope) return clientId;
  if (clientId) return scope.includes(clientId) ? clientId : { $in: [] };
  return { $in: scope };
}

async function visibleResponse(ctx: ActionContext, id: string): Promise<NpsResponse> {
  const row = await ctx.db.get(NpsResponseSchema, id, 'NpsResponse');
  const scope = await memberScope(ctx, 'read');
  if (scope && !scope.includes(row.clientId)) throw errors.notFound('NpsResponse', id);
  return row;
}

export const npsService = defineService({
  name: 'nps',
  settings: { rest: '/nps' },
  // Forget the agency's cached zone when settings changes it (its chart buckets by the agency's months).
  events: { ...agencyTimeEvents },
  actions: {
    search: npsSearch.action,
    record: {
      rest: 'POST /responses',
      summary: "Record a client's answer (0–10) with an optional comment",
      permissions: ['nps:write'],
      params: {
        clientId: { type: 'uuid' },
        score: { type: 'number', integer: true, min: 0, max: 10 },
        comment: { type: 'string', max: 2000, trim: true, optional: true, nullable: true },
      },
      async handler(ctx: ActionContext<{ clientId: string; score: number; comment?: string | null }>) {
        const { clientId, score } = ctx.params;
        const writable = await memberScope(ctx, 'write');
        if (writable && !writable.includes(clientId)) {
          throw errors.invalid({ field: 'clientId', message: 'You cannot record responses for this client', type: 'clientAccess', actual: clientId });
        }
        await assertClient(ctx, clientId);
        const dto = await ctx.idempotent(async () => {
          const row = ctx.db.create(NpsResponseSchema, {
            id: randomUUID(),
            clientId,
            score,
            comment: ctx.params.comment || null,
            recordedBy: ctx.user.role === 'system' ? null : ctx.user.id,
            createdAt: new Date(),
          });
          const out = responseDto(row);
          ctx.emitDurable(RESPONSE_RECORDED, { responseId: out.id, clientId, score, category: out.category, comment: out.comment });
          return out;
        });
        ctx.meta.$statusCode = 201;
        return dto;
      },
    },
    list: {
      rest: 'GET /responses',
      summary: 'Responses, newest first (filters: clientId, category, from/to)',
      permissions: ['nps:read'],
      params: {
        ...pageParams(['createdAt', 'score']),
        ...period,
        clientId: { type: 'uuid', optional: true },
        category: { type: 'enum', values: ['promoter', 'passive', 'detractor'], optional: true },
      },
      async handler(ctx: ActionContext<ListParams>) {
        const { from, to, category } = ctx.params;
        const where: Record<string, unknown> = {};
        const clientId = scopedClient(ctx.params.clientId, await memberScope(ctx, 'read'));
        if (clientId) where.clientId = clientId;
        if (from || to) where.createdAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
        if (category) where.score = SCORE_RANGE[category];
        const page = await paginate<NpsResponse>(ctx.db, NpsResponseSchema, where, ctx.params, { sort: 'createdAt', order: 'desc' });
        return { ...page, items: page.items.map(responseDto) };
      },
    },
    get: {
      rest: 'GET /responses/:id',
      permissions: ['nps:read'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        return responseDto(await visibleResponse(ctx, ctx.params.id));
      },
    },
    remove: {
      rest: 'DELETE /responses/:id',
      summary: 'Delete a response (owner and admin)',
      permissions: ['nps:delete'],
      params: idParam,
      async handler(ctx: ActionContext<{ id: string }>) {
        ctx.em.remove(await visibleResponse(ctx, ctx.params.id));
        ctx.meta.$statusCode = 204;
        return null;
      },
    },
    summary: {
      rest: 'GET /summary',
      summary: 'NPS over the period, counts, and a weekly or monthly series',
      permissions: ['nps:read'],
      params: { ...period, interval: { type: 'enum', values: ['week', 'month'], optional: true }, clientId: { type: 'uuid', optional: true } },
      async handler(ctx: ActionContext<{ from?: Date; to?: Date; interval?: Interval; clientId?: string }>) {
        // Weeks and months of the agency's own calendar (settings profile; UTC when settings is off).
        const zone = await agencyZone(ctx);
        const range = resolvePeriod(ctx.params, zone);
        return summarize(ctx, { ...range, zone, clientId: ctx.params.clientId, scope: await memberScope(ctx, 'read') });
      },
    },
    /** The manifest's KPI, on the SDK's KPI contract (`{ id, from, to, zone?, bucket? }` → `{ value, series, period }`), called by the dashboard over the broker. */
    kpi: npsKpis.action,
  },
});
