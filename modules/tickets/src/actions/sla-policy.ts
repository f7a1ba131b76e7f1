/** The agency's SLA targets per priority (owner/admin change them; a settings screen can use these routes). */
import { assertVersion, contentVersion, errors, setETag, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
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

/**
 * The policy with its version: a hash of the targets per priority, the `ETag` that
 * `PUT /sla-policy` with `If-Match` must name (412 when someone changed the policy meanwhile).
 * The SLA policy is an agency setting, versioned like the settings profile and the stage list.
 */
async function versionedPolicy(ctx: ActionContext) {
  const policy = await loadSlaPolicy(ctx.db);
  const version = contentVersion(policy);
  setETag(ctx, version);
  return { policy, version };
}

export const getSlaPolicyAction: ModuleAction = {
  rest: 'GET /sla-policy',
  summary: 'First-response and resolution targets (minutes) per priority',
  permissions: ['tickets:read'],
  async handler(ctx) {
    return versionedPolicy(ctx);
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
    // Concurrent saves queue on the agency's policy rows, so If-Match compares with the latest policy.
    await ctx.db.sql('select priority from tickets.sla_policy where agency_id = $agency for update');
    const before = await versionedPolicy(ctx);
    await assertVersion(ctx, before.version, () => before);
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
    return versionedPolicy(ctx);
  },
};
