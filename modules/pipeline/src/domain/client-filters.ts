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
  /** Created in `[createdFrom, createdTo)` (ISO instants): the "new clients" KPI's drill-down. */
  createdFrom?: Date;
  createdTo?: Date;
}

export const clientFilterParams = {
  q: { type: 'string', max: 100, trim: true, optional: true },
  stage: { type: 'string', max: 400, pattern: /^[a-z0-9-]+(,[a-z0-9-]+)*$/, optional: true },
  health: { type: 'enum', values: ['green', 'yellow', 'red'], optional: true },
  owner: { type: 'uuid', optional: true },
  tag: { type: 'string', max: 32, trim: true, optional: true },
  archived: { type: 'boolean', convert: true, optional: true },
  createdFrom: { type: 'date', convert: true, optional: true },
  createdTo: { type: 'date', convert: true, optional: true },
} as const;

export function clientWhere(filters: ClientFilters, scope: ClientScope, policy: HealthThresholds, now: Date): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [scopeWhere(scope)];
  // A creation period is history: it lists every client created then (as the KPI counts them), archived since or not, unless `archived` says.
  const byCreation = filters.createdFrom !== undefined || filters.createdTo !== undefined;
  if (!byCreation || filters.archived !== undefined) clauses.push({ archivedAt: filters.archived ? { $ne: null } : null });
  if (filters.createdFrom) clauses.push({ createdAt: { $gte: filters.createdFrom } });
  if (filters.createdTo) clauses.push({ createdAt: { $lt: filters.createdTo } });
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
