/** The agency's SLA targets per priority (owner/admin change them; a settings screen can use these routes). */
import { errors, type ModuleAction } from '@audienceos/module-sdk';
import { PRIORITIES, type Priority, type SlaTargets } from '../constants';
import { loadSlaPolicy } from '../sla';

const ONE_MONTH = 31 * 24 * 60;
const targetsRule = {
  type: 'object',
  strict: true,
  props: {
    firstResponseMinutes: { type: 'number', integer: true, positive: true, max: ONE_MONTH },
    resolutionMinutes: { type: 'number', integer: true, positive: true, max: ONE_MONTH },
  },
} as const;

export const getSlaPolicyAction: ModuleAction = {
  rest: 'GET /sla-policy',
  summary: 'First-response and resolution targets (minutes) per priority',
  permissions: ['tickets:read'],
  async handler(ctx) {
    return { policy: await loadSlaPolicy(ctx.db) };
  },
};

export const putSlaPolicyAction: ModuleAction<{ policy: Partial<Record<Priority, SlaTargets>> }> = {
  rest: 'PUT /sla-policy',
  summary: 'Change targets for some or all priorities; they apply to tickets created (or re-prioritised) from now on',
  permissions: ['tickets:manage'],
  params: {
    policy: { type: 'object', strict: true, props: Object.fromEntries(PRIORITIES.map((p) => [p, { ...targetsRule, optional: true }])) },
  },
  async handler(ctx) {
    for (const [priority, targets] of Object.entries(ctx.params.policy) as [Priority, SlaTargets][]) {
      if (targets.resolutionMinutes < targets.firstResponseMinutes) {
        throw errors.invalid({
          field: `policy.${priority}.resolutionMinutes`,
          message: 'The resolution target cannot be shorter than the first-response target',
          type: 'range',
        });
      }
      await ctx.db.sql(
        `insert into tickets.sla_policy (agency_id, priority, first_response_minutes, resolution_minutes, updated_at) values ($agency, ?, ?, ?, now())
           on conflict (agency_id, priority) do update set first_response_minutes = excluded.first_response_minutes,
             resolution_minutes = excluded.resolution_minutes, updated_at = now()`,
        [priority, targets.firstResponseMinutes, targets.resolutionMinutes],
      );
    }
    return { policy: await loadSlaPolicy(ctx.db) };
  },
};
