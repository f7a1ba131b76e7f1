/**
 * The agency's ordered stages. An agency that has none yet gets the defaults the first time
 * anything asks (lazily, so that agencies created after the seed need no provisioning step).
 */
import { randomUUID } from 'node:crypto';
import type { ActionContext } from '@audienceos/module-sdk';
import { StageSchema, type Stage } from '../entities';

export const DEFAULT_STAGES: readonly { key: string; name: string }[] = [
  { key: 'onboarding', name: 'Onboarding' },
  { key: 'installation', name: 'Installation' },
  { key: 'audit', name: 'Audit' },
  { key: 'live', name: 'Live' },
  { key: 'needs-support', name: 'Needs Support' },
  { key: 'off-boarding', name: 'Off-Boarding' },
];

/** The stage whose first arrival counts as "installed" (average install time). */
export const LIVE_STAGE = 'live';

export async function agencyStages(ctx: Pick<ActionContext, 'db'>): Promise<Stage[]> {
  const found = await ctx.db.find(StageSchema, {}, { orderBy: { position: 'asc' } });
  if (found.length) return found;
  // Two first requests may race: the unique (agency_id, key) index makes the second a no-op.
  const values = DEFAULT_STAGES.map(() => '(?, $agency, ?, ?, ?)').join(', ');
  const params = DEFAULT_STAGES.flatMap((s, i) => [randomUUID(), s.key, s.name, i]);
  await ctx.db.sql(`insert into pipeline.stage (id, agency_id, key, name, position) values ${values} on conflict do nothing`, params);
  return ctx.db.find(StageSchema, {}, { orderBy: { position: 'asc' } });
}

/** `Needs Support!` → `needs-support`. */
export function stageKeyFrom(name: string): string {
  const key = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key || 'stage';
}

export function stageDto(s: Stage) {
  return { key: s.key, name: s.name, position: s.position };
}
export type StageDto = ReturnType<typeof stageDto>;
