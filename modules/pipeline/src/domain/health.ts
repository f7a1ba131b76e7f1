/**
 * Client health: green / yellow / red from how long the client has sat in its current stage
 * (its latest stage event), against the agency's thresholds; a manual override wins.
 */
import type { ActionContext } from '@audienceos/module-sdk';
import { HealthPolicySchema, type Client, type Health } from '../entities';

export const HEALTH_VALUES: readonly Health[] = ['green', 'yellow', 'red'];
export const DEFAULT_HEALTH_POLICY = { yellowAfterDays: 7, redAfterDays: 14 } as const;
export const DAY_MS = 86_400_000;

export interface HealthThresholds {
  yellowAfterDays: number;
  redAfterDays: number;
}

export async function healthPolicy(ctx: Pick<ActionContext, 'db'>): Promise<HealthThresholds> {
  const row = await ctx.db.findOne(HealthPolicySchema, {});
  return row ? { yellowAfterDays: row.yellowAfterDays, redAfterDays: row.redAfterDays } : { ...DEFAULT_HEALTH_POLICY };
}

/** Whole days since `enteredAt` (0 on the day of the move). */
export function daysSince(enteredAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - enteredAt.getTime()) / DAY_MS));
}

export function healthForDays(days: number, policy: HealthThresholds): Health {
  if (days >= policy.redAfterDays) return 'red';
  if (days >= policy.yellowAfterDays) return 'yellow';
  return 'green';
}

export function healthOf(client: Pick<Client, 'stageEnteredAt' | 'healthOverride'>, policy: HealthThresholds, now: Date): Health {
  return client.healthOverride ?? healthForDays(daysSince(client.stageEnteredAt, now), policy);
}

/**
 * The same rule as `healthOf`, as a query condition (so that the list can filter by health and
 * still paginate in the database): `days >= n` ⇔ `stageEnteredAt <= now - n days`.
 */
export function healthWhere(health: Health, policy: HealthThresholds, now: Date): Record<string, unknown> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const byDays: Record<Health, Record<string, unknown>> = {
    red: { $lte: before(policy.redAfterDays) },
    yellow: { $lte: before(policy.yellowAfterDays), $gt: before(policy.redAfterDays) },
    green: { $gt: before(policy.yellowAfterDays) },
  };
  return { $or: [{ healthOverride: health }, { healthOverride: null, stageEnteredAt: byDays[health] }] };
}
