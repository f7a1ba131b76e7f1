/** `tickets.kpi` for the dashboard (broker only, no REST route). */
import { errors, type ModuleAction } from '@audienceos/module-sdk';
import { clientScopeOf } from '../access';
import { computeKpi, KPIS, type KpiId } from '../kpis';
import { dateRule, toDate } from '../params';

const DAY_MS = 86_400_000;

export const kpiAction: ModuleAction<{ id: KpiId; from?: string; to?: string }> = {
  summary: 'One KPI figure over a period, with its series',
  permissions: ['tickets:read'],
  mutation: false,
  params: { id: { type: 'enum', values: Object.keys(KPIS) }, from: { ...dateRule, optional: true }, to: { ...dateRule, optional: true } },
  async handler(ctx) {
    const to = toDate('to', ctx.params.to) ?? new Date();
    const from = toDate('from', ctx.params.from) ?? new Date(to.getTime() - 30 * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      throw errors.invalid({ field: 'from', message: 'from must be before to', type: 'range' });
    }
    const scope = await clientScopeOf(ctx);
    const result = await computeKpi((q, p) => ctx.db.sql(q, p), { id: ctx.params.id, from, to, clientIds: scope.all ? null : scope.read });
    return { ...result, link: KPIS[ctx.params.id].link };
  },
};
