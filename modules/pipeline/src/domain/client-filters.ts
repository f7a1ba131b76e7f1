/** The list filters (query string → query condition), shared by the list and the board. */
import type { Health } from '../entities';
import { textMatch, type ClientScope } from '@audienceos/module-sdk';
import { scopeWhere } from './access';
import { healthWhere, type HealthThresholds } from './health';

export interface ClientFilters {
  q?: string;
  /** One stage key or several, comma-separated (`onboarding,installation`). */
  stage?: string;
  health?: Health;
  owner?: string;
  tag?: string;
  archived?: boolean;
}

export const clientFilterParams = {
  q: { type: 'string', max: 100, trim: true, optional: true },
  stage: { type: 'string', max: 400, pattern: /^[a-z0-9-]+(,[a-z0-9-]+)*$/, optional: true },
  health: { type: 'enum', values: ['green', 'yellow', 'red'], optional: true },
  owner: { type: 'uuid', optional: true },
  tag: { type: 'string', max: 32, trim: true, optional: true },
  archived: { type: 'boolean', convert: true, optional: true },
} as const;

export function clientWhere(filters: ClientFilters, scope: ClientScope, policy: HealthThresholds, now: Date): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [scopeWhere(scope), { archivedAt: filters.archived ? { $ne: null } : null }];
  if (filters.stage) clauses.push({ stage: { $in: filters.stage.split(',') } });
  if (filters.health) clauses.push(healthWhere(filters.health, policy, now));
  if (filters.owner) clauses.push({ ownerId: filters.owner });
  if (filters.tag) clauses.push({ tags: { $contains: [filters.tag] } });
  if (filters.q) {
    // Literal, case- and accent-insensitive (the SDK's one text matcher).
    clauses.push(textMatch(['name', 'company', 'contactName', 'contactEmail'], filters.q));
  }
  return { $and: clauses };
}
